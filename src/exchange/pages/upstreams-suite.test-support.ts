import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConsoleFixture } from './console-fixture.test-support.ts';

/** The backend addresses page: the operator registers and revokes, the agency's admins read, nobody else. */
export function upstreamsSuite(c: ConsoleFixture) {
  describe('backend address pages', () => {
    const url = '/staff/exchange/agencies/AGENCY-A/upstreams';

    test('other agencies and auditors are refused; the agency admin reads without a form', async () => {
      const { adminA, adminB, auditor, get, post } = c;
      assert.equal((await get(adminB, `${url}?lang=en`)).statusCode, 403);
      assert.equal((await get(auditor, `${url}?lang=en`)).statusCode, 403);
      assert.equal((await post(adminA, `${url}?lang=en`, { _csrf: adminA.csrf, url: 'https://mine.example/' })).statusCode, 403, 'only the operator registers');
      const own = await get(adminA, `${url}?lang=en`);
      assert.equal(own.statusCode, 200);
      assert.match(own.body, /https:\/\/literacy\.example\//);
      assert.doesNotMatch(own.body, /name="url"/);
      assert.match((await get(adminA, '/staff/exchange/agencies/AGENCY-A?lang=en')).body, new RegExp(`href="${url}"`));
    });

    test('the operator registers an address, is told what is wrong with a bad one, and revokes it', async () => {
      const { operator, get, post } = c;
      const internal = await post(operator, `${url}?lang=en`, { _csrf: operator.csrf, url: 'http://10.1.2.3:8080/', internalAddresses: '', note: '' });
      assert.equal(internal.statusCode, 422);
      assert.match(internal.body, /<a href="#upstream-url">Address prefix is or leads to an internal address/);
      const taken = await post(operator, `${url}?lang=en`, { _csrf: operator.csrf, url: 'https://b.example/api/', internalAddresses: '', note: '' });
      assert.equal(taken.statusCode, 409, 'AGENCY-B has https://b.example/');
      assert.match(taken.body, /overlaps an address registered for another agency/);
      const done = await post(operator, `${url}?lang=fa`, { _csrf: operator.csrf, url: 'http://10.1.2.3:8080/inq/', internalAddresses: '10.1.2.3', note: 'قرارداد ۱۲' });
      assert.equal(done.statusCode, 303, done.body);
      const page = await get(operator, `${url}?lang=fa&saved=1`);
      assert.match(page.body, /http:\/\/10\.1\.2\.3:8080\/inq\//);
      assert.match(page.body, /قرارداد ۱۲/);
      const id = /action="[^"]*\/upstreams\/(\d+)\/revoke"[^>]*>(?:(?!<\/form>)[\s\S])*10\.1\.2\.3:8080\/inq\//.exec(page.body)?.[1];
      assert.ok(id, 'a revoke button names the address');
      assert.equal((await post(operator, `${url}/${id}/revoke`, { _csrf: operator.csrf })).statusCode, 303);
      assert.doesNotMatch((await get(operator, `${url}?lang=en`)).body, new RegExp(`/upstreams/${id}/revoke`));
    });

    test('a service page shows the backend address to its agency and the operator, not to an auditor', async () => {
      const { serviceId, adminA, auditor, operator, get } = c;
      const page = `/staff/exchange/services/${serviceId}?lang=en`;
      assert.match((await get(adminA, page)).body, /https:\/\/literacy\.example\/api/);
      assert.match((await get(operator, page)).body, /https:\/\/literacy\.example\/api/);
      const audited = await get(auditor, page);
      assert.equal(audited.statusCode, 200);
      assert.doesNotMatch(audited.body, /literacy\.example/);
    });
  });
}

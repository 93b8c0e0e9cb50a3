import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getSubsystemOrFail } from '../admin/subsystems.ts';
import { getAccessRequestOrFail, listAccessRequests } from '../admin/access-requests.ts';
import { system, type ConsoleFixture } from './console-fixture.test-support.ts';

/** Rate limits in the console: a consumer's own limit (the operator's form) and a right's quota (the provider's). */
export function limitsSuite(c: ConsoleFixture) {
  describe('rate limit pages', () => {
    test("the operator sets a consumer system's limit; its agency sees it but has no form", async () => {
      const { admin, consumerId, adminB, operator, auditor, get, post } = c;
      const url = `/staff/exchange/subsystems/${consumerId}`;
      const before = await get(operator, `${url}?lang=en`);
      assert.match(before.body, /Across all the services it calls: The deployment's default/);
      assert.match(before.body, new RegExp(`action="${url}/rate-limit"`));
      for (const [who, s] of [['the consumer agency', adminB], ['an auditor', auditor]] as const) {
        assert.doesNotMatch((await get(s, `${url}?lang=en`)).body, /rate-limit"/, `${who} has no form`);
        assert.equal((await post(s, `${url}/rate-limit`, { _csrf: s.csrf, rateLimitPerSecond: '9999' })).statusCode, 403, `${who} may not post it`);
      }
      const version = String((await getSubsystemOrFail(admin, consumerId)).version);
      const burstOnly = await post(operator, `${url}/rate-limit?lang=en`, { _csrf: operator.csrf, version, rateLimitPerSecond: '', rateLimitBurst: '40' });
      assert.equal(burstOnly.statusCode, 422);
      assert.match(burstOnly.body, /<a href="#limit-rateLimitBurst">Calls at once \(burst\) needs calls per second as well/);
      const notNumber = await post(operator, `${url}/rate-limit?lang=en`, { _csrf: operator.csrf, version, rateLimitPerSecond: 'fast', rateLimitBurst: '0' });
      assert.equal(notNumber.statusCode, 422);
      assert.match(notNumber.body, /<a href="#limit-rateLimitPerSecond">Calls per second must be a whole number/);
      assert.match(notNumber.body, /<a href="#limit-rateLimitBurst">Calls at once \(burst\) must be between 1 and 1,000,000/);
      assert.equal((await getSubsystemOrFail(admin, consumerId)).rateLimitPerSecond, null, 'nothing written');
      const saved = await post(operator, `${url}/rate-limit`, { _csrf: operator.csrf, version, rateLimitPerSecond: '۲۰', rateLimitBurst: '' });
      assert.equal(saved.statusCode, 303, saved.body);
      assert.deepEqual([(await getSubsystemOrFail(admin, consumerId)).rateLimitPerSecond, (await getSubsystemOrFail(admin, consumerId)).rateLimitBurst], [20, null]);
      assert.match((await get(adminB, `${url}?lang=en`)).body, /Across all the services it calls: 20 calls per second, 40 at once/);
      assert.match((await get(adminB, url)).body, /۲۰ فراخوانی در ثانیه، ۴۰ هم‌زمان/);
      const stale = await post(operator, `${url}/rate-limit`, { _csrf: operator.csrf, version, rateLimitPerSecond: '30' });
      assert.equal(stale.statusCode, 409, 'an old form does not overwrite');
      const forged = await post(operator, `${url}/rate-limit`, { _csrf: 'forged', rateLimitPerSecond: '30' });
      assert.equal(forged.statusCode, 403);
    });

    test("the provider sets a right's quota on the request page; the consumer sees it and has no form", async () => {
      const { admin, consumerId, adminA, adminB, get, post } = c;
      const [request] = (await listAccessRequests(admin, system, { consumerSubsystemId: consumerId }, { offset: 0, limit: 1 })).items;
      const url = `/staff/exchange/requests/${request!.id}`;
      assert.match((await get(adminA, `${url}?lang=en`)).body, new RegExp(`action="${url}/quota"`));
      const consumerView = await get(adminB, `${url}?lang=en`);
      assert.match(consumerView.body, /None: the consumer's and the service's limits apply/);
      assert.doesNotMatch(consumerView.body, /\/quota"/);
      assert.equal((await post(adminB, `${url}/quota`, { _csrf: adminB.csrf, rateLimitPerSecond: '9999' })).statusCode, 403, 'the consumer may not set its own quota');
      const saved = await post(adminA, `${url}/quota`, { _csrf: adminA.csrf, version: String(request!.version), rateLimitPerSecond: '5', rateLimitBurst: '8' });
      assert.equal(saved.statusCode, 303, saved.body);
      const after = await getAccessRequestOrFail(admin, system, request!.id);
      assert.deepEqual([after.rateLimitPerSecond, after.rateLimitBurst], [5, 8]);
      const page = await get(adminB, `${url}?lang=en`);
      assert.match(page.body, /5 calls per second, 8 at once/);
      assert.match(page.body, /Quota: 5 calls\/s, 8 at once/, 'the change is in the history');
      const cleared = await post(adminA, `${url}/quota`, { _csrf: adminA.csrf, rateLimitPerSecond: '', rateLimitBurst: '' });
      assert.equal(cleared.statusCode, 303);
      assert.equal((await getAccessRequestOrFail(admin, system, request!.id)).rateLimitPerSecond, null);
    });
  });
}

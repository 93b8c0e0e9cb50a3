import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config/load.ts';
import { fixedNow, openTestApp, type TestApp } from '../support/app.ts';
import { testEngines } from '../support/database.ts';
import { seedAgencies, servicePayload } from '../support/fixtures.ts';
import { createStaff, issueToken } from '../../src/identity/index.ts';

// Node B polls every 200 ms. On this small catalog a build takes a few tens of milliseconds,
// so the bound (poll interval + two builds, see src/registry/catalog.ts) is well under this.
const B_REFRESH_MS = 200;
const BOUND_MS = B_REFRESH_MS + 800;

for (const engine of testEngines()) {
  describe(`catalog freshness across two nodes on one database (${engine})`, () => {
    let a: TestApp;
    let b: FastifyInstance;
    let operator: { authorization: string };
    const total = async (node: FastifyInstance, q: string) => (await node.inject({ url: `/api/v1/catalog/search?q=${q}` })).json().total as number;
    const within = async (node: FastifyInstance, q: string, expected: number): Promise<number> => {
      const start = performance.now();
      while ((await total(node, q)) !== expected) {
        if (performance.now() - start > BOUND_MS) assert.fail(`${q}: not ${expected} within ${BOUND_MS} ms`);
        await sleep(5);
      }
      return performance.now() - start;
    };

    before(async () => {
      // Node A never polls in this test (60 s): it sees its own writes because a write checks at once.
      a = await openTestApp(engine, { SEARCH_REFRESH_MS: '60000' });
      b = await buildApp({ config: loadConfig({ NODE_ENV: 'test', SEARCH_REFRESH_MS: String(B_REFRESH_MS) }), db: a.db, now: () => fixedNow, logger: false });
      await b.ready();
      operator = await a.as('operator');
      await seedAgencies(a, operator, ['HEALTH']);
    });
    after(async () => {
      await b.close();
      await a.close();
    });

    test("node B sees node A's writes within the bound, answering at once meanwhile", async (t) => {
      assert.equal(await total(a.app, 'passport'), 0);
      assert.equal(await total(b, 'passport'), 0);
      const created = await a.app.inject({ method: 'POST', url: '/api/v1/services', payload: servicePayload('HEALTH', { nameEn: 'Passport renewal', nameFa: 'تمدید گذرنامه', topic: 'travel' }), headers: operator });
      assert.equal(created.statusCode, 201);
      const start = performance.now();
      await total(b, 'passport');
      const immediate = performance.now() - start;
      assert.ok(immediate < 250, `B answered at once (${immediate.toFixed(0)} ms), not after a rebuild`);
      const seenByA = await within(a.app, 'passport', 1);
      const seenByB = await within(b, 'passport', 1);
      await a.app.inject({ method: 'POST', url: `/api/v1/services/${created.json().id}/retire`, headers: operator });
      const retiredOnB = await within(b, 'passport', 0);
      t.diagnostic(`A saw its own write after ${seenByA.toFixed(0)} ms, B after ${seenByB.toFixed(0)} ms, B dropped the retired service after ${retiredOnB.toFixed(0)} ms (bound ${BOUND_MS} ms)`);
    });

    test('the node that wrote finds the change in its very next search: through the API and the staff page', async (t) => {
      // Node A polls every 60 s, so only the write's own wait for the rebuild can make this pass.
      assert.equal(await total(a.app, 'visa'), 0);
      let start = performance.now();
      const created = await a.app.inject({ method: 'POST', url: '/api/v1/services', payload: servicePayload('HEALTH', { nameEn: 'Visa extension', nameFa: 'تمدید روادید', topic: 'travel' }), headers: operator });
      const apiWrite = performance.now() - start;
      assert.equal(created.statusCode, 201);
      assert.equal(await total(a.app, 'visa'), 1, 'the next search after the API answered');

      const staff = await createStaff(a.db, { name: 'Catalog tester', role: 'operator', agencyCode: null });
      const { token } = await issueToken(a.db, staff.id);
      const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };
      const login = await a.app.inject({ method: 'POST', url: '/staff/login', headers: formHeaders, payload: new URLSearchParams({ token }).toString() });
      const cookie = String(login.headers['set-cookie']).split(';')[0]!;
      const id = created.json().id as string;
      const editPage = await a.app.inject({ url: `/staff/services/${id}/edit`, headers: { cookie } });
      const value = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(editPage.body)?.[1] ?? '';
      const service = created.json();
      const fields = new URLSearchParams({ _csrf: value('_csrf'), version: String(service.version), nameFa: 'تمدید روادید', nameEn: 'Visa and residence permit extension', descriptionFa: '', descriptionEn: '', topic: 'travel', maturity: '3', deliveryStatus: 'delivered', feeAmount: '', slaDays: '', accessUrl: '', inPersonVisits: '0', complaintChannel: '' });
      for (const v of service.audiences) fields.append('audiences', v);
      for (const v of service.channels) fields.append('channels', v);
      assert.equal(await total(a.app, 'residence'), 0);
      start = performance.now();
      const saved = await a.app.inject({ method: 'POST', url: `/staff/services/${id}/edit`, headers: { ...formHeaders, cookie }, payload: fields.toString() });
      const pageWrite = performance.now() - start;
      assert.equal(saved.statusCode, 303, saved.body);
      assert.equal(await total(a.app, 'residence'), 1, 'the next search after the staff page saved');
      t.diagnostic(`API write answered in ${apiWrite.toFixed(0)} ms, staff page save in ${pageWrite.toFixed(0)} ms, each after this node's rebuild`);
    });
  });
}

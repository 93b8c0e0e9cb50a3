import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestApp, type TestApp } from '../../../test/support/app.ts';
import { testEngines } from '../../../test/support/database.ts';
import { readExchangeVersion } from '../state.ts';
import { call, seedExchange } from './api.test-support.ts';

/** A consumer's own limit (the operator's) and a right's quota (the provider's or the operator's), through the API. */
for (const engine of testEngines()) {
  describe(`own rate limits: a consumer's and an access right's (${engine})`, () => {
    let t: TestApp;
    let s: Awaited<ReturnType<typeof seedExchange>>;
    let rightId: number;
    before(async () => {
      t = await openTestApp(engine);
      s = await seedExchange(t);
      rightId = (await call(t, 'POST', '/exchange/access-requests', s.healthAdmin, { consumerSubsystemId: s.consumerId, serviceId: s.serviceId, purpose: 'p', legalBasis: 'l' })).id;
      await call(t, 'POST', `/exchange/access-requests/${rightId}/approve`, s.literacyAdmin, {}, 200);
    });
    after(() => t.close());

    const put = (url: string, headers: { authorization: string }, payload: object) => t.app.inject({ method: 'PUT', url: `/api/v1${url}`, headers, payload });
    const snapshotConsumer = () => t.app.exchangeConfig.current().subsystemById(s.consumerId)!.subsystem;
    const snapshotRight = () => t.app.exchangeConfig.current().rights(s.consumerId, s.serviceId)[0]!.right;

    test("the operator sets a consumer's limit; the gateway's snapshot has it at once; null restores the default", async () => {
      const set = await call(t, 'PUT', `/exchange/subsystems/${s.consumerId}/rate-limit`, s.operator, { rateLimitPerSecond: 50, rateLimitBurst: 80 });
      assert.deepEqual([set.rateLimitPerSecond, set.rateLimitBurst], [50, 80]);
      assert.deepEqual([snapshotConsumer().rateLimitPerSecond, snapshotConsumer().rateLimitBurst], [50, 80]);
      const read = await call(t, 'GET', `/exchange/subsystems/${s.consumerId}`, undefined);
      assert.deepEqual([read.rateLimitPerSecond, read.rateLimitBurst], [50, 80], 'public, like the service limits');
      const cleared = await call(t, 'PUT', `/exchange/subsystems/${s.consumerId}/rate-limit`, s.operator, { rateLimitPerSecond: null, version: set.version });
      assert.deepEqual([cleared.rateLimitPerSecond, cleared.rateLimitBurst], [null, null]);
      assert.equal(snapshotConsumer().rateLimitPerSecond, null);
    });

    test("the consumer's own agency may not raise its limit", async () => {
      const res = await put(`/exchange/subsystems/${s.consumerId}/rate-limit`, s.healthAdmin, { rateLimitPerSecond: 1000 });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().code, 'FORBIDDEN');
      assert.equal(snapshotConsumer().rateLimitPerSecond, null);
    });

    test("the provider's admin sets a right's quota; it is in the history and the gateway's snapshot", async () => {
      const set = await call(t, 'PUT', `/exchange/access-requests/${rightId}/quota`, s.literacyAdmin, { rateLimitPerSecond: 5 });
      assert.deepEqual([set.rateLimitPerSecond, set.rateLimitBurst], [5, null]);
      assert.match(set.events.at(-1).message, /^Quota: 5 calls\/s, 10 at once · سهمیه: ۵ فراخوانی در ثانیه، ۱۰ هم‌زمان$/);
      assert.equal(set.events.at(-1).status, 'approved', 'the status does not change');
      assert.deepEqual([snapshotRight().rateLimitPerSecond, snapshotRight().rateLimitBurst], [5, null]);
      const listed = await call(t, 'GET', `/exchange/subsystems/${s.consumerId}/rights`, s.healthAdmin);
      assert.equal(listed.items[0].rateLimitPerSecond, 5, 'the consumer sees its quota');
      const removed = await call(t, 'PUT', `/exchange/access-requests/${rightId}/quota`, s.operator, { rateLimitPerSecond: null });
      assert.equal(removed.rateLimitPerSecond, null);
      assert.equal(removed.events.at(-1).message, 'Quota removed · سهمیه برداشته شد');
      assert.equal(snapshotRight().rateLimitPerSecond, null);
    });

    test("the consumer's admin may not set its right's quota", async () => {
      const res = await put(`/exchange/access-requests/${rightId}/quota`, s.healthAdmin, { rateLimitPerSecond: 1000 });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().code, 'FORBIDDEN_OTHER_AGENCY');
    });

    test('bad input: a clear 4xx with a stable code, and nothing written', async () => {
      const version = await t.db.run(readExchangeVersion);
      const cases: [string, object, number, string][] = [
        [`/exchange/subsystems/${s.consumerId}/rate-limit`, { rateLimitPerSecond: 0 }, 400, 'VALIDATION_FAILED'],
        [`/exchange/subsystems/${s.consumerId}/rate-limit`, { rateLimitBurst: 5 }, 400, 'VALIDATION_FAILED'],
        [`/exchange/subsystems/${s.consumerId}/rate-limit`, { rateLimitPerSecond: null, rateLimitBurst: 5 }, 400, 'VALIDATION_FAILED'],
        [`/exchange/subsystems/${s.consumerId}/rate-limit`, { rateLimitPerSecond: 'fast' }, 400, 'VALIDATION_FAILED'],
        [`/exchange/subsystems/${s.consumerId}/rate-limit`, { rateLimitPerSecond: 2_000_000 }, 400, 'VALIDATION_FAILED'],
        [`/exchange/subsystems/${s.consumerId}/rate-limit`, { rateLimitPerSecond: 5, extra: 1 }, 400, 'VALIDATION_FAILED'],
        [`/exchange/subsystems/${s.consumerId}/rate-limit`, { rateLimitPerSecond: 5, version: 999 }, 409, 'VERSION_CONFLICT'],
        ['/exchange/subsystems/999999/rate-limit', { rateLimitPerSecond: 5 }, 404, 'EXCHANGE_SUBSYSTEM_NOT_FOUND'],
        [`/exchange/access-requests/${rightId}/quota`, { rateLimitPerSecond: -1 }, 400, 'VALIDATION_FAILED'],
        [`/exchange/access-requests/${rightId}/quota`, { rateLimitPerSecond: null, rateLimitBurst: 3 }, 400, 'VALIDATION_FAILED'],
        [`/exchange/access-requests/${rightId}/quota`, { rateLimitPerSecond: 3, version: 999 }, 409, 'VERSION_CONFLICT'],
        ['/exchange/access-requests/999999/quota', { rateLimitPerSecond: 3 }, 404, 'EXCHANGE_REQUEST_NOT_FOUND'],
      ];
      for (const [url, payload, status, code] of cases) {
        const res = await put(url, s.operator, payload);
        assert.equal(res.statusCode, status, `${url} ${JSON.stringify(payload)}: ${res.body}`);
        assert.equal(res.json().code, code);
      }
      assert.equal(await t.db.run(readExchangeVersion), version, 'nothing was written');
    });

    test('a closed request takes no quota', async () => {
      const other = await call(t, 'POST', `/exchange/members/HEALTH/subsystems`, s.operator, { code: 'claims', nameFa: 'خسارت', nameEn: 'Claims' });
      const request = await call(t, 'POST', '/exchange/access-requests', s.healthAdmin, { consumerSubsystemId: other.id, serviceId: s.serviceId, purpose: 'p', legalBasis: 'l' });
      const pending = await call(t, 'PUT', `/exchange/access-requests/${request.id}/quota`, s.literacyAdmin, { rateLimitPerSecond: 2, rateLimitBurst: 2 });
      assert.equal(pending.status, 'pending', 'a pending request takes a quota that applies from approval');
      await call(t, 'POST', `/exchange/access-requests/${request.id}/refuse`, s.literacyAdmin, { message: 'no' }, 200);
      const res = await put(`/exchange/access-requests/${request.id}/quota`, s.literacyAdmin, { rateLimitPerSecond: 3 });
      assert.equal(res.statusCode, 409);
      assert.equal(res.json().code, 'EXCHANGE_REQUEST_CLOSED');
    });
  });
}

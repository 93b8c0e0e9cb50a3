import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { openTestApp, fixedNow, type TestApp } from '../../../test/support/app.ts';
import { testEngines } from '../../../test/support/database.ts';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config/load.ts';
import { rows } from '../../db/database.ts';
import { readExchangeVersion } from '../state.ts';
import { call, seedExchange } from './api.test-support.ts';

type Seed = Awaited<ReturnType<typeof seedExchange>>;

for (const engine of testEngines()) {
  describe(`exchange access requests (${engine})`, () => {
    let t: TestApp;
    let s: Seed;
    const inject = (method: 'GET' | 'POST', url: string, headers?: Record<string, string>, payload?: Record<string, unknown>) =>
      t.app.inject({ method, url: `/api/v1${url}`, ...(headers ? { headers } : {}), ...(payload ? { payload } : {}) });
    const request = (extra: object = {}) => ({ consumerSubsystemId: s.consumerId, serviceId: s.serviceId, purpose: 'Checking literacy for insurance', legalBasis: 'Law 12, art. 3', ...extra });
    const stateOf = async (id: number) => {
      const [row] = await t.db.run((q) => rows<{ status: string; events: number }>(q, sql`select status, (select count(*)::int from exchange_access_request_events e where e.request_id = r.id) as events from exchange_access_requests r where id = ${id}`));
      return row;
    };
    const rightsNow = () => t.app.exchangeConfig.current().rights(s.consumerId, s.serviceId).length;

    before(async () => {
      t = await openTestApp(engine);
      s = await seedExchange(t);
    });
    after(() => t.close());

    test('filing a request is refused to anonymous callers, auditors and admins of another agency', async () => {
      assert.equal((await inject('POST', '/exchange/access-requests', undefined, request())).statusCode, 401);
      assert.equal((await inject('POST', '/exchange/access-requests', s.auditor, request())).statusCode, 403);
      for (const admin of [s.literacyAdmin, s.otherAdmin]) {
        const res = await inject('POST', '/exchange/access-requests', admin, request());
        assert.equal(res.statusCode, 403);
        assert.equal(res.json().code, 'FORBIDDEN_OTHER_AGENCY', 'only for a subsystem of their own agency');
      }
      assert.equal((await inject('POST', '/exchange/access-grants', s.healthAdmin, request())).statusCode, 403, 'only the operator grants directly');
      assert.equal((await call(t, 'GET', '/exchange/access-requests', s.operator)).total, 0);
      for (const url of ['/exchange/access-requests', `/exchange/services/${s.serviceId}/rights`, `/exchange/subsystems/${s.consumerId}/rights`]) {
        assert.equal((await inject('GET', url)).statusCode, 401, url);
      }
      assert.equal((await inject('GET', `/exchange/services/${s.serviceId}/rights`, s.otherAdmin)).json().code, 'FORBIDDEN_OTHER_AGENCY');
      assert.equal((await inject('GET', `/exchange/subsystems/${s.consumerId}/rights`, s.otherAdmin)).json().code, 'FORBIDDEN_OTHER_AGENCY');
    });

    test('requested endpoints must be endpoints of the service', async () => {
      const outside = await inject('POST', '/exchange/access-requests', s.healthAdmin, request({ endpoints: [{ method: 'GET', path: '/admin' }] }));
      assert.equal(outside.statusCode, 422);
      assert.equal(outside.json().code, 'EXCHANGE_REQUEST_ENDPOINT_NOT_IN_SERVICE');
      const wrongMethod = await inject('POST', '/exchange/access-requests', s.healthAdmin, request({ endpoints: [{ method: 'POST', path: '/levels/{nationalCode}' }] }));
      assert.equal(wrongMethod.json().code, 'EXCHANGE_REQUEST_ENDPOINT_NOT_IN_SERVICE');
      const noPurpose = await inject('POST', '/exchange/access-requests', s.healthAdmin, request({ purpose: '' }));
      assert.equal(noPurpose.json().code, 'VALIDATION_FAILED');
      const unknownService = await inject('POST', '/exchange/access-requests', s.healthAdmin, request({ serviceId: 999999 }));
      assert.equal(unknownService.json().code, 'EXCHANGE_SERVICE_NOT_FOUND');
    });

    test('file → approve → revoke: history, who may act, and the gateway snapshot on this node', async () => {
      const filed = await call(t, 'POST', '/exchange/access-requests', s.healthAdmin, request({ endpoints: [{ method: 'GET', path: '/levels/{nationalCode}' }] }));
      assert.equal(filed.status, 'pending');
      assert.equal(filed.boardRequired, false);
      assert.equal(filed.consumerAgencyCode, 'HEALTH');
      assert.equal(filed.providerAgencyCode, 'LITERACY');
      assert.equal(filed.events.length, 1);
      assert.equal(filed.events[0].status, 'pending');
      assert.match(filed.events[0].actor, /^staff:/);
      const dup = await inject('POST', '/exchange/access-requests', s.healthAdmin, request());
      assert.equal(dup.json().code, 'EXCHANGE_REQUEST_DUPLICATE');

      for (const who of [s.healthAdmin, s.otherAdmin]) {
        const res = await inject('POST', `/exchange/access-requests/${filed.id}/approve`, who, {});
        assert.equal(res.statusCode, 403, 'only the provider approves');
        assert.equal(res.json().code, 'FORBIDDEN_OTHER_AGENCY');
      }
      assert.equal((await inject('POST', `/exchange/access-requests/${filed.id}/approve`, undefined, {})).statusCode, 401);
      assert.equal((await inject('POST', `/exchange/access-requests/${filed.id}/approve`, s.auditor, {})).statusCode, 403);
      assert.equal((await inject('GET', `/exchange/access-requests/${filed.id}`, s.otherAdmin)).json().code, 'FORBIDDEN_OTHER_AGENCY');
      assert.deepEqual(await stateOf(filed.id), { status: 'pending', events: 1 }, 'refused calls changed nothing');
      assert.equal(rightsNow(), 0);

      const stale = await inject('POST', `/exchange/access-requests/${filed.id}/approve`, s.literacyAdmin, { version: 7 });
      assert.equal(stale.json().code, 'VERSION_CONFLICT');
      const approved = await call(t, 'POST', `/exchange/access-requests/${filed.id}/approve`, s.literacyAdmin, { message: 'ok', version: 1 }, 200);
      assert.equal(approved.status, 'approved');
      assert.deepEqual(approved.events.map((e: { status: string }) => e.status), ['pending', 'approved']);
      assert.equal(rightsNow(), 1, "this node's next call already sees the right");
      const right = t.app.exchangeConfig.current().rights(s.consumerId, s.serviceId)[0]!;
      assert.ok(right.endpoints?.[0]?.matches('GET', '/levels/0012345678'));
      assert.ok(!right.endpoints?.[0]?.matches('GET', '/certificates/0012345678'), 'only the requested endpoint');

      const whoMay = await call(t, 'GET', `/exchange/services/${s.serviceId}/rights`, s.literacyAdmin);
      assert.deepEqual(whoMay.items.map((r: { consumerSubsystemCode: string }) => r.consumerSubsystemCode), ['insurance']);
      const mine = await call(t, 'GET', `/exchange/subsystems/${s.consumerId}/rights`, s.healthAdmin);
      assert.deepEqual(mine.items.map((r: { serviceCode: string }) => r.serviceCode), ['literacy']);

      const withdrawLate = await inject('POST', `/exchange/access-requests/${filed.id}/withdraw`, s.healthAdmin, {});
      assert.equal(withdrawLate.statusCode, 409);
      assert.equal(withdrawLate.json().code, 'EXCHANGE_REQUEST_TRANSITION_INVALID');
      const consumerRevokes = await inject('POST', `/exchange/access-requests/${filed.id}/revoke`, s.healthAdmin, { message: 'no' });
      assert.equal(consumerRevokes.json().code, 'FORBIDDEN_OTHER_AGENCY');
      const noMessage = await inject('POST', `/exchange/access-requests/${filed.id}/revoke`, s.literacyAdmin, {});
      assert.equal(noMessage.json().code, 'VALIDATION_FAILED', 'a revocation says why');
      const noBody = await inject('POST', `/exchange/access-requests/${filed.id}/revoke`, s.literacyAdmin);
      assert.equal(noBody.json().code, 'VALIDATION_FAILED');
      assert.deepEqual(await stateOf(filed.id), { status: 'approved', events: 2 });

      const revoked = await call(t, 'POST', `/exchange/access-requests/${filed.id}/revoke`, s.literacyAdmin, { message: 'Purpose ended' }, 200);
      assert.equal(revoked.status, 'revoked');
      assert.equal(revoked.events.at(-1).message, 'Purpose ended');
      assert.equal(rightsNow(), 0, 'a revocation takes effect on the next call');
      const again = await inject('POST', `/exchange/access-requests/${filed.id}/approve`, s.operator, {});
      assert.equal(again.json().code, 'EXCHANGE_REQUEST_TRANSITION_INVALID');
    });

    test('refuse and withdraw; lists by party and status; an agency admin sees only their own', async () => {
      const a = await call(t, 'POST', '/exchange/access-requests', s.healthAdmin, request());
      const refused = await call(t, 'POST', `/exchange/access-requests/${a.id}/refuse`, s.literacyAdmin, { message: 'Not needed' }, 200);
      assert.equal(refused.status, 'refused');
      const b = await call(t, 'POST', '/exchange/access-requests', s.operator, request());
      assert.equal((await inject('POST', `/exchange/access-requests/${b.id}/withdraw`, s.literacyAdmin, {})).json().code, 'FORBIDDEN_OTHER_AGENCY');
      const withdrawn = await call(t, 'POST', `/exchange/access-requests/${b.id}/withdraw`, s.healthAdmin, undefined, 200);
      assert.equal(withdrawn.status, 'withdrawn');

      const byProvider = await call(t, 'GET', '/exchange/access-requests?providerAgency=LITERACY&status=refused', s.auditor);
      assert.deepEqual(byProvider.items.map((r: { id: number }) => r.id), [a.id]);
      assert.equal((await call(t, 'GET', '/exchange/access-requests?consumerAgency=HEALTH', s.healthAdmin)).total, 3);
      assert.equal((await call(t, 'GET', '/exchange/access-requests', s.literacyAdmin)).total, 3, 'the provider sees requests to it');
      assert.equal((await call(t, 'GET', '/exchange/access-requests', s.otherAdmin)).total, 0, 'another agency sees none');
      assert.equal((await call(t, 'GET', '/exchange/access-requests?consumerAgency=HEALTH', s.otherAdmin)).total, 0);
    });

    test('a failure inside a transition leaves nothing half-written', async () => {
      const granted = await call(t, 'POST', '/exchange/access-grants', s.operator, request({ message: 'Urgent' }));
      assert.equal(granted.status, 'approved');
      assert.match(granted.events[0].message, /^Granted directly by the operator/);
      await t.db.run(async (q) => {
        await q.execute(sql.raw(`create function fail_boom() returns trigger language plpgsql as $$ begin if new.message = 'boom' then raise exception 'boom'; end if; return new; end $$`));
        await q.execute(sql.raw(`create trigger fail_boom before insert on exchange_access_request_events for each row execute function fail_boom()`));
      });
      const version = await t.db.run(readExchangeVersion);
      const res = await inject('POST', `/exchange/access-requests/${granted.id}/revoke`, s.operator, { message: 'boom' });
      assert.equal(res.statusCode, 500);
      assert.equal(res.json().code, 'INTERNAL');
      assert.deepEqual(await stateOf(granted.id), { status: 'approved', events: 1 }, 'the status change was rolled back with the event');
      assert.equal(await t.db.run(readExchangeVersion), version, 'the version was not bumped');
      assert.equal(rightsNow(), 1);
      await t.db.run((q) => q.execute(sql.raw('drop trigger fail_boom on exchange_access_request_events')));
    });

    test('another node sees a revocation within its refresh interval', async () => {
      const other = await buildApp({ config: loadConfig({ NODE_ENV: 'test', EXCHANGE_REFRESH_MS: '50' }), db: t.db, now: () => fixedNow, logger: false });
      await other.ready();
      try {
        assert.equal(other.exchangeConfig.current().rights(s.consumerId, s.serviceId).length, 1);
        const [open] = (await call(t, 'GET', `/exchange/services/${s.serviceId}/rights`, s.operator)).items;
        await call(t, 'POST', `/exchange/access-requests/${open.id}/revoke`, s.operator, { message: 'Ended' }, 200);
        const started = Date.now();
        while (other.exchangeConfig.current().rights(s.consumerId, s.serviceId).length !== 0) {
          assert.ok(Date.now() - started < 1000, 'within one second');
          await new Promise((r) => setTimeout(r, 10));
        }
      } finally {
        await other.close();
      }
    });
  });

  describe(`exchange access requests with board approval (${engine})`, () => {
    let t: TestApp;
    let s: Seed;
    before(async () => {
      t = await openTestApp(engine, { EXCHANGE_BOARD_APPROVAL: 'true' });
      s = await seedExchange(t);
    });
    after(() => t.close());

    test('the provider approves first, then the operator as the board', async () => {
      const filed = await call(t, 'POST', '/exchange/access-requests', s.healthAdmin, { consumerSubsystemId: s.consumerId, serviceId: s.serviceId, purpose: 'p', legalBasis: 'l' });
      assert.equal(filed.boardRequired, true);
      const provider = await call(t, 'POST', `/exchange/access-requests/${filed.id}/approve`, s.literacyAdmin, {}, 200);
      assert.equal(provider.status, 'provider_approved');
      assert.equal(t.app.exchangeConfig.current().rights(s.consumerId, s.serviceId).length, 0, 'not a right yet');
      const again = await t.app.inject({ method: 'POST', url: `/api/v1/exchange/access-requests/${filed.id}/approve`, payload: {}, headers: s.literacyAdmin });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().code, 'EXCHANGE_REQUEST_AWAITS_BOARD');
      const board = await call(t, 'POST', `/exchange/access-requests/${filed.id}/approve`, s.operator, { message: 'Board session 14' }, 200);
      assert.equal(board.status, 'approved');
      assert.deepEqual(board.events.map((e: { status: string }) => e.status), ['pending', 'provider_approved', 'approved']);
      assert.equal(t.app.exchangeConfig.current().rights(s.consumerId, s.serviceId).length, 1);
    });
  });
}

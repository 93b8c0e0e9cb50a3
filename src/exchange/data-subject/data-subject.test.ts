import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { sql } from 'drizzle-orm';
import { openTestApp, type TestApp } from '../../../test/support/app.ts';
import { openTestDatabase, testEngines } from '../../../test/support/database.ts';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config/load.ts';
import { createStaff, issueToken } from '../../identity/index.ts';
import { catalogId, insertLogRecords, keys, seedExchange } from '../usage/fixtures.test-support.ts';
import { accessOutcome, decodeCursor, encodeCursor } from './accesses.ts';
import { nationalCodePseudonym } from './access-routes.ts';
import { accessesStatement } from './access-repository.ts';
import { rows } from '../../db/database.ts';

const alice = '0499370899';
const aliceFa = '۰۴۹۹۳۷۰۸۹۹';
const bob = '1234567891';
const url = (code: string, query = '') => `/api/v1/exchange/data-subjects/${encodeURIComponent(code)}/accesses${query}`;

test('outcomes: delivered when the provider answered, refused by the gateway, failed otherwise', () => {
  assert.equal(accessOutcome(200, null), 'delivered');
  assert.equal(accessOutcome(404, null), 'delivered', 'the provider said "no such person": it still answered');
  assert.equal(accessOutcome(503, null), 'failed', 'a provider 5xx passed through');
  assert.equal(accessOutcome(403, 'Server.ServerProxy.AccessDenied'), 'refused');
  assert.equal(accessOutcome(429, 'Client.RateLimitExceeded'), 'refused');
  assert.equal(accessOutcome(401, 'Server.ClientProxy.SslAuthenticationFailed'), 'refused');
  assert.equal(accessOutcome(504, 'Server.ServerProxy.ServiceFailed.Timeout'), 'failed');
  assert.equal(accessOutcome(500, 'Server.ClientProxy.LoggingFailed'), 'failed');
  assert.equal(accessOutcome(500, 'Something.New'), 'failed');
  assert.equal(accessOutcome(0, null), 'unknown', 'an intent record without its outcome: forwarded, answer not on record');
});

test('cursors round-trip and forged ones are refused', () => {
  const c = { at: '2026-11-20T10:00:00.123456Z', node: 'node-a', seq: '42' };
  assert.deepEqual(decodeCursor(encodeCursor(c)), c);
  for (const bad of ['x', Buffer.from('[1,2,3]').toString('base64url'), Buffer.from('["2026-11-20", "n", "1"]').toString('base64url'), Buffer.from('["2026-11-20T10:00:00Z","n","1; drop"]').toString('base64url')]) {
    assert.throws(() => decodeCursor(bad), (e: { code?: string }) => e.code === 'VALIDATION_FAILED', bad);
  }
});

for (const engine of testEngines()) {
  describe(`who accessed my data (${engine})`, () => {
    let t: TestApp;
    let operator: { authorization: string };
    before(async () => {
      t = await openTestApp(engine);
      await seedExchange(t.db);
      // Names come from the app's configuration snapshot: load the seeded exchange into it now.
      await t.app.exchangeConfig.refreshNow();
      operator = await t.as('operator');
      await insertLogRecords(t.db, [
        { seq: 1, at: '2026-11-20T08:00:00Z', subject: alice, purpose: 'loan-2026-17' },
        { seq: 2, at: '2026-11-20T09:00:00Z', subject: bob },
        { seq: 3, at: '2026-11-21T09:00:00.000001Z', subject: alice, service: keys.insurance, consumer: keys.registry, status: 403, errorType: 'Server.ServerProxy.AccessDenied' },
        // Two records of the same instant on two nodes: the order is still total.
        { seq: 4, at: '2026-11-22T09:00:00Z', subject: alice, status: 504, errorType: 'Server.ServerProxy.ServiceFailed.Timeout' },
        { node: 'node-b', seq: 1, at: '2026-11-22T09:00:00Z', subject: alice, consumer: keys.stranger, status: 401, errorType: 'Server.ClientProxy.SslAuthenticationFailed' },
        { seq: 5, at: '2026-11-23T09:00:00Z', subject: null },
        { node: 'node-b', seq: 2, at: '2026-11-24T09:00:00Z', subject: alice, consumer: null, service: null, status: 400, errorType: 'Client.BadRequest' },
      ]);
    });
    after(() => t.close());

    test('the refused callers first: anonymous 401, agency admin 403', async () => {
      const anon = await t.app.inject({ url: url(alice) });
      assert.equal(anon.statusCode, 401);
      assert.equal(anon.json().code, 'UNAUTHENTICATED');
      const admin = await t.app.inject({ url: url(alice), headers: await t.as('agency_admin', 'BANK-X') });
      assert.equal(admin.statusCode, 403);
      assert.equal(admin.json().code, 'FORBIDDEN');
    });

    test('lists exactly the subject’s records, newest first, with names and outcomes', async () => {
      const res = await t.app.inject({ url: url(alice), headers: operator });
      assert.equal(res.statusCode, 200, res.body);
      const { items, nextCursor } = res.json();
      assert.equal(nextCursor, null);
      assert.deepEqual(
        items.map((i: { messageId: string }) => i.messageId),
        ['msg-node-b-2', 'msg-node-b-1', 'msg-node-a-4', 'msg-node-a-3', 'msg-node-a-1'],
      );
      assert.ok(!items.some((i: { messageId: string }) => i.messageId === 'msg-node-a-2'), 'not another person’s record');
      const first = items[4];
      assert.equal(first.at, '2026-11-20T08:00:00.000000Z');
      assert.equal(first.purpose, 'loan-2026-17');
      assert.equal(first.outcome, 'delivered');
      assert.deepEqual(first.consumer, {
        key: keys.bank,
        agency: { code: 'BANK-X', nameFa: 'بانک نمونه', nameEn: 'Example Bank' },
        subsystem: { code: 'loans', nameFa: 'سامانه وام', nameEn: 'Loans system' },
      });
      assert.equal(first.service.code, 'literacy-level');
      assert.equal(first.service.nameEn, 'Literacy level');
      assert.equal(first.service.provider.code, 'MIN-EDU');
      assert.deepEqual(first.service.catalog, { id: catalogId, nameFa: 'استعلام سطح سواد', nameEn: 'Literacy level inquiry' });
      assert.equal(items[3].outcome, 'refused');
      assert.equal(items[3].service.catalog, null);
      assert.equal(items[3].consumer.agency.code, 'ORG-NOCR');
      assert.equal(items[2].outcome, 'failed');
      assert.deepEqual(items[1].consumer, { key: keys.stranger, agency: null, subsystem: { code: 'ghost', nameFa: null, nameEn: null } }, 'an unknown caller is shown as it called itself');
      assert.equal(items[0].consumer, null);
      assert.equal(items[0].service, null);
    });

    test('Persian digits are the same person; the auditor may read too', async () => {
      const res = await t.app.inject({ url: url(aliceFa), headers: await t.as('auditor') });
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().items.length, 5);
      const other = await t.app.inject({ url: url(bob), headers: operator });
      assert.deepEqual(other.json().items.map((i: { messageId: string }) => i.messageId), ['msg-node-a-2']);
    });

    test('keyset pages: no overlap, nothing skipped, unmoved by newer records', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: { statusCode: number; body: string; json: () => { items: { messageId: string }[]; nextCursor: string | null } } = await t.app.inject({ url: url(alice, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`), headers: operator });
        assert.equal(res.statusCode, 200, res.body);
        const body = res.json();
        seen.push(...body.items.map((i: { messageId: string }) => i.messageId));
        if (pages === 0) await insertLogRecords(t.db, [{ node: 'node-c', seq: 1, at: '2026-11-25T09:00:00Z', subject: alice }]);
        cursor = body.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      assert.equal(pages, 3);
      assert.deepEqual(seen, ['msg-node-b-2', 'msg-node-b-1', 'msg-node-a-4', 'msg-node-a-3', 'msg-node-a-1']);
    });

    test('from and to bound the period', async () => {
      const res = await t.app.inject({ url: url(alice, '?from=2026-11-21T00:00:00Z&to=2026-11-22T09:00:00Z'), headers: operator });
      assert.deepEqual(res.json().items.map((i: { messageId: string }) => i.messageId), ['msg-node-a-3']);
    });

    test('a forwarded call is listed once: by its outcome, or by its intent when the outcome is missing', async () => {
      const carol = '0012345679';
      await t.db.run(async (q) => {
        const rows: [number, string, number][] = [
          [1, 'call-1', 0],
          [2, 'call-1', 200],
          [3, 'call-2', 0],
        ];
        for (const [seq, messageId, status] of rows) {
          await q.execute(sql`insert into exchange_log (node, seq, at, message_id, consumer, service, method, path, endpoint, data_subject, purpose, status, error_type, latency_ms, prev_hash, hash)
            values ('node-i', ${seq}, ${`2026-11-26T09:00:0${seq}Z`}::timestamptz, ${messageId}, ${keys.bank}, ${keys.literacy}, 'GET', '/persons', null, ${carol}, null, ${status}, null, 1, 'prev', 'hash')`);
        }
      });
      const res = await t.app.inject({ url: url(carol), headers: operator });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(
        res.json().items.map((i: { messageId: string; status: number; outcome: string }) => [i.messageId, i.status, i.outcome]),
        [
          ['call-2', 0, 'unknown'],
          ['call-1', 200, 'delivered'],
        ],
      );
    });

    test('one scan of the data-subject index per page, whatever the log holds about others', async () => {
      // 20 000 calls about 2 000 other people: the plan must still go to the person's own records.
      await t.db.run((q) =>
        q.execute(sql`insert into exchange_log (node, seq, at, message_id, consumer, service, method, path, endpoint, data_subject, purpose, status, error_type, latency_ms, prev_hash, hash)
          select 'node-p', g, timestamptz '2026-10-01T00:00:00Z' + g * interval '1 minute', 'p-' || g, ${keys.bank}, ${keys.literacy}, 'GET', '/persons', null,
                 lpad((g % 2000)::text, 10, '9'), null, 200, null, 1, 'prev', 'hash'
          from generate_series(1, 20000) g`),
      );
      await t.db.run((q) => q.execute(sql`analyze exchange_log`));
      for (const query of [{ subject: alice, limit: 21 }, { subject: alice, limit: 21, from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' }, { subject: alice, limit: 21, after: { at: '2026-11-22T09:00:00.000000Z', node: 'node-a', seq: '4' } }]) {
        const plan = (await t.db.run((q) => rows<Record<string, string>>(q, sql`explain ${accessesStatement(query)}`))).map((r) => Object.values(r)[0]).join('\n');
        if (process.env.SHOW_PLAN) console.log(plan);
        assert.match(plan, /exchange_log_data_subject_idx|data_subject_at_idx|data_subject_idx/, plan);
        assert.doesNotMatch(plan.split('SubPlan')[0]!, /Seq Scan on exchange_log/, plan);
      }
    });

    test('bad input is a 400 with a stable code', async () => {
      for (const bad of ['0499370898', '123', '04993708999', 'abcdefghij', '1111111111', '%00']) {
        const res = await t.app.inject({ url: url(bad), headers: operator });
        assert.equal(res.statusCode, 400, bad);
        assert.equal(res.json().code, 'NATIONAL_CODE_INVALID', bad);
      }
      assert.equal((await t.app.inject({ url: url('0499370898'), headers: operator })).json().reason, 'check_digit');
      for (const query of ['?limit=0', '?limit=101', '?cursor=zzz', '?from=yesterday', '?other=1', '?from=2026-11-22T00:00:00Z&to=2026-11-21T00:00:00Z']) {
        const res = await t.app.inject({ url: url(alice, query), headers: operator });
        assert.equal(res.statusCode, 400, query);
        assert.equal(res.json().code, 'VALIDATION_FAILED', query);
      }
    });
  });
}

test('every read is in the server log with the reader and a keyed hash, never the code', async () => {
  const db = await openTestDatabase('embedded');
  const stream = new PassThrough();
  let log = '';
  stream.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const key = 'a-test-key-of-sixteen-or-more';
  const app = await buildApp({ config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info', LOG_PSEUDONYM_KEY: key }), db, logger: { stream } });
  try {
    const staff = await createStaff(db, { name: 'auditor', role: 'auditor' });
    const { token } = await issueToken(db, staff.id);
    const res = await app.inject({ url: url(aliceFa), headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.statusCode, 200);
    await app.inject({ url: url(bob) });
    const lines = log.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const reads = lines.filter((l) => l.event === 'data_subject_accesses_read');
    assert.equal(reads.length, 1, 'the anonymous call is refused before the handler, and logged as a refused request');
    assert.equal(reads[0]!.actor, `staff:${staff.id}`);
    assert.equal(reads[0]!.subject, nationalCodePseudonym(key)(alice));
    for (const secret of [alice, bob, aliceFa, token]) assert.ok(!log.includes(secret), `the log contains ${secret}`);
    assert.match(log, /data-subjects\/\[national code\]\/accesses/, 'request lines name the route');
  } finally {
    await app.close();
    await db.close();
  }
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { rows, type Database } from '../../db/database.ts';
import { openTestDatabase, testEngines } from '../../../test/support/database.ts';
import { createExchangeLogWriter } from './writer.ts';
import { ExchangeLogError } from './record.ts';
import { verifyNode } from './verify.ts';
import { aggregateUsage } from './usage-buckets.ts';
import type { ExchangeRecord } from './record.ts';

const t0 = Date.parse('2026-03-10T10:00:00Z');

const rec = (i: number, over: Partial<ExchangeRecord> = {}): ExchangeRecord => ({
  messageId: `msg-${i}`,
  at: new Date(t0 + i),
  consumer: 'IR/GOV/10000001/lms',
  service: 'IR/GOV/10000002/registry/persons/v1',
  method: 'GET',
  path: `/persons/${i}`,
  endpoint: 'GET /persons/{nationalCode}',
  userId: null,
  dataSubject: '0012345679',
  purpose: null,
  status: 200,
  errorType: null,
  latencyMs: 1.5,
  requestHash: 'rq',
  responseHash: 'rs',
  ...over,
});

const nodeRows = (db: Database, node: string) =>
  db.run((q) => rows<{ seq: number; message_id: string }>(q, sql`select seq, message_id from exchange_log where node = ${node} order by seq`));

/** The same database, except that `run` fails (before or after doing its work) while `mode` says so. */
function faulty(db: Database) {
  const state = { mode: 'ok' as 'ok' | 'before' | 'after' };
  const faultsAround = async <T>(work: () => Promise<T>): Promise<T> => {
    if (state.mode === 'before') throw new Error('injected: connection refused');
    const result = await work();
    if (state.mode === 'after') throw new Error('injected: connection lost after commit');
    return result;
  };
  const wrapped: Database = {
    ...db,
    run: (fn) => faultsAround(() => db.run(fn)),
    runPrepared: (name, query) => faultsAround(() => db.runPrepared(name, query)),
  };
  return { db: wrapped, state };
}

test('aggregateUsage: one row per minute, service and consumer; errors are gateway errors and 5xx', () => {
  const rows = aggregateUsage([
    rec(1, { latencyMs: 2 }),
    rec(2, { status: 404, latencyMs: 4 }),
    rec(3, { status: 502, errorType: 'Server.ClientProxy.NetworkError', latencyMs: 6 }),
    rec(4, { status: 503, latencyMs: 1 }),
    rec(5, { at: new Date(t0 + 60_000), latencyMs: 1 }),
    rec(6, { service: null, consumer: null, status: 400, errorType: 'Client.BadRequest', latencyMs: 0.5 }),
  ]);
  assert.deepEqual(rows, [
    { bucketStart: '2026-03-10T10:00:00.000Z', service: '', consumer: '', calls: 1, errors: 1, latencyMsSum: 0.5, latencyMsMax: 0.5 },
    { bucketStart: '2026-03-10T10:00:00.000Z', service: 'IR/GOV/10000002/registry/persons/v1', consumer: 'IR/GOV/10000001/lms', calls: 4, errors: 2, latencyMsSum: 13, latencyMsMax: 6 },
    { bucketStart: '2026-03-10T10:01:00.000Z', service: 'IR/GOV/10000002/registry/persons/v1', consumer: 'IR/GOV/10000001/lms', calls: 1, errors: 0, latencyMsSum: 1, latencyMsMax: 1 },
  ]);
});

for (const engine of testEngines()) {
  describe(`exchange-log writer (${engine})`, () => {
    let db: Database;
    before(async () => {
      db = await openTestDatabase(engine);
    });
    after(() => db.close());

    test('2,000 concurrent appends commit in a few batches, numbered 1..2000, and the chain verifies', async () => {
      const w = createExchangeLogWriter(db, { node: 'burst', mode: 'durable', batchMax: 1000 });
      await Promise.all(Array.from({ length: 2000 }, (_, i) => w.append(rec(i))));
      const stats = w.stats();
      assert.equal(stats.records, 2000);
      assert.ok(stats.batches <= 10, `${stats.batches} batches`);
      const stored = await nodeRows(db, 'burst');
      assert.equal(stored.length, 2000);
      assert.deepEqual(stored.map((r) => Number(r.seq)), Array.from({ length: 2000 }, (_, i) => i + 1));
      assert.equal(stored[0]!.message_id, 'msg-0');
      const verified = await verifyNode(db, 'burst', 700);
      assert.equal(verified.problem, null);
      assert.equal(verified.records, 2000);
      const usage = await db.run((q) => rows<{ calls: number }>(q, sql`select sum(calls)::int as calls from exchange_usage where service = 'IR/GOV/10000002/registry/persons/v1' and bucket_start = ${new Date(t0).toISOString()}::timestamptz`));
      assert.equal(usage[0]!.calls, 2000);
      await w.close();
    });

    test('a durable append resolves only once its record can be read back', async () => {
      const w = createExchangeLogWriter(db, { node: 'visible', mode: 'durable', batchMax: 100 });
      let resolved = false;
      const pending = w.append(rec(1)).then(() => (resolved = true));
      assert.equal(resolved, false);
      await pending;
      const found = await db.run((q) => rows<{ n: number }>(q, sql`select count(*)::int as n from exchange_log where node = 'visible' and message_id = 'msg-1'`));
      assert.equal(found[0]!.n, 1);
      const head = await db.run((q) => rows<{ seq: number }>(q, sql`select seq from exchange_log_chains where node = 'visible'`));
      assert.equal(Number(head[0]!.seq), 1);
      await w.close();
      await assert.rejects(w.append(rec(2)), /closed/);
    });

    test('a failed commit rejects its appends, and the chain continues without a gap', async () => {
      const f = faulty(db);
      const errors: unknown[] = [];
      const w = createExchangeLogWriter(f.db, { node: 'faulty', mode: 'durable', batchMax: 100, onError: (e) => errors.push(e) });
      await w.append(rec(1));
      f.state.mode = 'before';
      const failed = await Promise.allSettled([w.append(rec(2)), w.append(rec(3))]);
      assert.deepEqual(failed.map((r) => r.status), ['rejected', 'rejected']);
      assert.ok((failed[0] as PromiseRejectedResult).reason instanceof ExchangeLogError);
      assert.equal(errors.length, 1);
      f.state.mode = 'ok';
      await Promise.all([w.append(rec(4)), w.append(rec(5))]);
      const stored = await nodeRows(db, 'faulty');
      assert.deepEqual(stored.map((r) => [Number(r.seq), r.message_id]), [[1, 'msg-1'], [2, 'msg-4'], [3, 'msg-5']]);
      assert.equal((await verifyNode(db, 'faulty')).problem, null);
      await w.close();
    });

    test('healthy(): false after a failed commit while the database is down, true again once it answers', async () => {
      const f = faulty(db);
      const w = createExchangeLogWriter(f.db, { node: 'health', mode: 'durable', batchMax: 100, onError: () => {} });
      assert.equal(await w.healthy(), true, 'healthy before the first commit');
      await w.append(rec(1));
      f.state.mode = 'before';
      await assert.rejects(w.append(rec(2)));
      assert.equal(await w.healthy(), false, 'the log cannot write');
      f.state.mode = 'ok';
      assert.equal(await w.healthy(), true, 'the database answers again, with no call needed to prove it');
      await w.append(rec(3));
      assert.equal(await w.healthy(), true);
      await w.close();
      assert.equal(await w.healthy(), false, 'a closed writer logs nothing');
    });

    test('a commit that succeeded although the caller saw an error is adopted, not taken for another node', async () => {
      const f = faulty(db);
      const w = createExchangeLogWriter(f.db, { node: 'lost-ack', mode: 'durable', batchMax: 100, onError: () => {} });
      await w.append(rec(1));
      f.state.mode = 'after';
      await assert.rejects(w.append(rec(2)));
      f.state.mode = 'ok';
      await w.append(rec(3));
      const stored = await nodeRows(db, 'lost-ack');
      assert.deepEqual(stored.map((r) => r.message_id), ['msg-1', 'msg-2', 'msg-3']);
      assert.equal((await verifyNode(db, 'lost-ack')).problem, null);
      await w.close();
    });

    test('async mode: appends resolve at once, failures are retried, then dropped loudly', async () => {
      const f = faulty(db);
      const errors: unknown[] = [];
      const w = createExchangeLogWriter(f.db, { node: 'async', mode: 'async', batchMax: 100, asyncRetryMs: 5, asyncAttempts: 3, onError: (e) => errors.push(e) });
      await w.append(rec(1));
      assert.equal(w.stats().records, 0, 'resolved before the commit');
      await w.flush();
      assert.equal(w.stats().records, 1);

      f.state.mode = 'before';
      await w.append(rec(2));
      await new Promise((r) => setTimeout(r, 8));
      f.state.mode = 'ok';
      await w.flush();
      assert.ok(errors.length >= 1);
      assert.deepEqual((await nodeRows(db, 'async')).map((r) => r.message_id), ['msg-1', 'msg-2']);

      errors.length = 0;
      f.state.mode = 'before';
      await w.append(rec(3));
      await w.flush();
      assert.equal(errors.length, 3);
      assert.match(String((errors[2] as Error).message), /DROPPED 1 record/);
      f.state.mode = 'ok';
      await w.append(rec(4));
      await w.close();
      const stored = await nodeRows(db, 'async');
      assert.deepEqual(stored.map((r) => [Number(r.seq), r.message_id]), [[1, 'msg-1'], [2, 'msg-2'], [3, 'msg-4']]);
      assert.equal((await verifyNode(db, 'async')).problem, null);
    });

    test('async mode with a gathering delay: records arriving within it share one commit, a full batch does not wait', async () => {
      // A long delay, so a loaded machine's slowness is never mistaken for waiting out the delay.
      const w = createExchangeLogWriter(db, { node: 'gather', mode: 'async', batchMax: 5, asyncDelayMs: 2000 });
      for (let i = 1; i <= 3; i++) await w.append(rec(i));
      await new Promise((r) => setTimeout(r, 20));
      assert.equal(w.stats().batches, 0, 'still gathering');
      await w.flush();
      assert.deepEqual(w.stats(), { queued: 0, batches: 1, records: 3 });
      const started = Date.now();
      for (let i = 4; i <= 8; i++) await w.append(rec(i));
      await w.flush();
      assert.ok(Date.now() - started < 1500, 'a full batch is committed without the delay');
      assert.equal(w.stats().batches, 2);
      await w.append(rec(9));
      await w.close();
      assert.deepEqual((await nodeRows(db, 'gather')).map((r) => Number(r.seq)), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
      assert.equal((await verifyNode(db, 'gather')).problem, null);
    });

    test('usage buckets add up across batches and writers', async () => {
      const service = 'IR/GOV/10000002/usage/v1';
      const minute = t0 + 3_600_000;
      const at = (s: number) => new Date(minute + s * 1000);
      const a = createExchangeLogWriter(db, { node: 'usage-a', mode: 'durable', batchMax: 2 });
      const b = createExchangeLogWriter(db, { node: 'usage-b', mode: 'durable', batchMax: 50 });
      await Promise.all([
        a.append(rec(1, { service, at: at(1), latencyMs: 2 })),
        a.append(rec(2, { service, at: at(2), latencyMs: 8, status: 500 })),
        a.append(rec(3, { service, at: at(3), latencyMs: 1, status: 403, errorType: 'Server.ServerProxy.AccessDenied' })),
        b.append(rec(4, { service, at: at(4), latencyMs: 4 })),
        b.append(rec(5, { service, at: at(61), latencyMs: 3 })),
      ]);
      await a.append(rec(6, { service, at: at(5), latencyMs: 5 }));
      const usage = await db.run((q) =>
        rows<{ bucket_start: Date; calls: number; errors: number; latency_ms_sum: number; latency_ms_max: number }>(
          q,
          sql`select bucket_start, calls, errors, latency_ms_sum, latency_ms_max from exchange_usage where service = ${service} and granularity = 'minute' order by bucket_start`,
        ),
      );
      assert.deepEqual(
        usage.map((u) => [new Date(u.bucket_start).toISOString(), Number(u.calls), Number(u.errors), Number(u.latency_ms_sum), Number(u.latency_ms_max)]),
        [
          [new Date(minute).toISOString(), 5, 2, 20, 8],
          [new Date(minute + 60_000).toISOString(), 1, 0, 3, 3],
        ],
      );
      await a.close();
      await b.close();
    });

    test('a second process with the same NODE_ID is detected and the chain does not fork', async () => {
      const errors: unknown[] = [];
      const first = createExchangeLogWriter(db, { node: 'twin', mode: 'durable', batchMax: 10, onError: (e) => errors.push(e) });
      const second = createExchangeLogWriter(db, { node: 'twin', mode: 'durable', batchMax: 10, onError: () => {} });
      await first.append(rec(1));
      await second.append(rec(2));
      await assert.rejects(first.append(rec(3)), /NODE_ID/);
      assert.match(String((errors[0] as Error).message), /Two running processes share this NODE_ID/);
      await assert.rejects(first.append(rec(4)), /NODE_ID/);
      assert.equal(await first.healthy(), false, 'a refused writer reports it cannot log');
      assert.deepEqual((await nodeRows(db, 'twin')).map((r) => r.message_id), ['msg-1', 'msg-2']);
      assert.equal((await verifyNode(db, 'twin')).problem, null);
      await first.close();
      await second.close();
    });

    test('a restarted writer continues its node chain', async () => {
      const one = createExchangeLogWriter(db, { node: 'restart', mode: 'durable', batchMax: 10 });
      await one.append(rec(1));
      await one.close();
      const two = createExchangeLogWriter(db, { node: 'restart', mode: 'durable', batchMax: 10 });
      await two.append(rec(2));
      await two.close();
      assert.deepEqual((await nodeRows(db, 'restart')).map((r) => [Number(r.seq), r.message_id]), [[1, 'msg-1'], [2, 'msg-2']]);
      assert.equal((await verifyNode(db, 'restart')).problem, null);
    });

    test('records the database cannot hold as given are stored cleaned, not failing their batch', async () => {
      const w = createExchangeLogWriter(db, { node: 'odd', mode: 'durable', batchMax: 10 });
      await Promise.all([w.append(rec(1, { path: '/a\u0000b\uD800', latencyMs: Number.NaN, status: 70000 })), w.append(rec(2))]);
      const stored = await db.run((q) => rows<{ path: string; latency_ms: number; status: number }>(q, sql`select path, latency_ms, status from exchange_log where node = 'odd' order by seq`));
      assert.deepEqual(stored.map((r) => [r.path, Number(r.latency_ms), Number(r.status)]), [['/a\uFFFDb\uFFFD', 0, 999], ['/persons/2', 1.5, 200]]);
      assert.equal((await verifyNode(db, 'odd')).problem, null);
      await w.close();
    });
  });
}

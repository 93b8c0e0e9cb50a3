import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { rows, type Database } from '../../db/database.ts';
import { openTestDatabase, testEngines } from '../../../test/support/database.ts';
import { createExchangeLogWriter } from './writer.ts';
import { verifyExchangeLog, verifyNode } from './verify.ts';
import { chainHash, type HashedFields } from './chain.ts';
import type { ExchangeRecord } from './record.ts';

const t0 = Date.parse('2026-05-01T08:00:00Z');
const rec = (node: string, i: number): ExchangeRecord => ({
  messageId: `${node}-${i}`,
  at: new Date(t0 + i * 1000),
  consumer: 'IR/GOV/10000001/lms',
  service: 'IR/GOV/10000002/registry/persons/v1',
  method: 'GET',
  path: `/persons/${i}`,
  endpoint: null,
  userId: 'IR123',
  dataSubject: null,
  purpose: 'case-7',
  status: 200,
  errorType: null,
  latencyMs: 2.25 + i / 7,
  requestHash: null,
  responseHash: null,
});

async function writeChain(db: Database, node: string, count: number) {
  const w = createExchangeLogWriter(db, { node, mode: 'durable', batchMax: 3 });
  await Promise.all(Array.from({ length: count }, (_, i) => w.append(rec(node, i + 1))));
  await w.close();
}

const exec = (db: Database, query: ReturnType<typeof sql>) => db.run((q) => q.execute(query));

for (const engine of testEngines()) {
  describe(`audit verify (${engine})`, () => {
    let db: Database;
    const nodes = ['intact', 'altered', 'rehashed', 'removed', 'reordered', 'truncated', 'headless'];
    before(async () => {
      db = await openTestDatabase(engine);
      for (const node of nodes) await writeChain(db, node, 10);
      // Tampering, one kind per node:
      await exec(db, sql`update exchange_log set status = 500 where node = 'altered' and seq = 4`);
      await exec(db, sql`delete from exchange_log where node = 'removed' and seq = 5`);
      await exec(db, sql`update exchange_log set seq = -1 where node = 'reordered' and seq = 3`);
      await exec(db, sql`update exchange_log set seq = 3 where node = 'reordered' and seq = 4`);
      await exec(db, sql`update exchange_log set seq = 4 where node = 'reordered' and seq = -1`);
      await exec(db, sql`delete from exchange_log where node = 'truncated' and seq = 10`);
      await exec(db, sql`delete from exchange_log_chains where node = 'headless'`);
      // Altered, with its hash recomputed so the record is consistent in itself.
      const [six] = await db.run((q) => rows<Record<string, unknown>>(q, sql`select * from exchange_log where node = 'rehashed' and seq = 6`));
      const fields: HashedFields = {
        node: 'rehashed', seq: 6, at: new Date(six!.at as string), messageId: six!.message_id as string, consumer: six!.consumer as string, service: six!.service as string,
        method: 'GET', path: six!.path as string, endpoint: null, userId: 'IR123', dataSubject: null, purpose: 'case-7', status: 404, errorType: null,
        latencyMs: Number(six!.latency_ms), requestHash: null, responseHash: null,
      };
      await exec(db, sql`update exchange_log set status = 404, hash = ${chainHash(six!.prev_hash as string, fields)} where node = 'rehashed' and seq = 6`);
    });
    after(() => db.close());

    test('an untouched chain verifies, whatever the page size', async () => {
      for (const pageSize of [1, 3, 5000]) {
        const n = await verifyNode(db, 'intact', pageSize);
        assert.equal(n.problem, null);
        assert.equal(n.records, 10);
        assert.equal(n.headSeq, 10);
      }
    });

    test('each kind of tampering is reported at the first bad record, with its message id', async () => {
      const report = await verifyExchangeLog(db, { pageSize: 4 });
      assert.equal(report.ok, false);
      const byNode = Object.fromEntries(report.nodes.map((n) => [n.node, n.problem && { kind: n.problem.kind, seq: n.problem.seq, messageId: n.problem.messageId }]));
      assert.deepEqual(byNode, {
        intact: null,
        altered: { kind: 'altered', seq: 4, messageId: 'altered-4' },
        rehashed: { kind: 'altered', seq: 6, messageId: 'rehashed-6' },
        removed: { kind: 'removed', seq: 5, messageId: null },
        reordered: { kind: 'reordered', seq: 3, messageId: 'reordered-4' },
        truncated: { kind: 'truncated', seq: 10, messageId: null },
        headless: { kind: 'head', seq: 10, messageId: 'headless-10' },
      });
      const removed = report.nodes.find((n) => n.node === 'removed')!;
      assert.match(removed.problem!.detail, /record 5 is missing; the next present record is seq 6 \(message id removed-6\)/);
      assert.match(report.nodes.find((n) => n.node === 'reordered')!.problem!.detail, /written as seq 4/);
    });

    test('--node limits the check; an unknown node is a failure, not a silent pass', async () => {
      const one = await verifyExchangeLog(db, { node: 'intact' });
      assert.deepEqual(one.nodes.map((n) => n.node), ['intact']);
      assert.equal(one.ok, true);
      const unknown = await verifyExchangeLog(db, { node: 'nobody' });
      assert.equal(unknown.ok, false);
    });

    test('a duplicated seq (a forked chain) is reported', async () => {
      const [r] = await db.run((q) => rows<Record<string, unknown>>(q, sql`select * from exchange_log where node = 'intact' and seq = 7`));
      await exec(db, sql`insert into exchange_log (node, seq, at, message_id, method, path, status, latency_ms, prev_hash, hash)
        values ('intact', 7, ${new Date(t0 + 7000 + 1).toISOString()}::timestamptz, 'fork', 'GET', '/x', 200, 1, ${r!.prev_hash as string}, ${r!.hash as string})`);
      const n = await verifyNode(db, 'intact', 2);
      assert.equal(n.problem?.kind, 'duplicated');
      assert.equal(n.problem?.seq, 7);
      await exec(db, sql`delete from exchange_log where node = 'intact' and message_id = 'fork'`);
      assert.equal((await verifyNode(db, 'intact')).problem, null);
    });
  });
}

for (const engine of testEngines()) {
  describe(`audit verify: chains mixing v1 and v2 records (${engine})`, () => {
    let db: Database;
    before(async () => {
      db = await openTestDatabase(engine);
      for (const node of ['mixed', 'stripped', 'added']) {
        const w = createExchangeLogWriter(db, { node, mode: 'durable', batchMax: 2 });
        // Records without a represented party (v1, as before the column existed) and with one (v2), interleaved.
        await Promise.all(Array.from({ length: 7 }, (_, i) => w.append({ ...rec(node, i + 1), ...(i % 3 === 1 ? { representedParty: 'COM/10101010104' } : {}) })));
        await w.close();
      }
      await exec(db, sql`update exchange_log set represented_party = null where node = 'stripped' and seq = 2`);
      await exec(db, sql`update exchange_log set represented_party = 'COM/10101010104' where node = 'added' and seq = 3`);
    });
    after(() => db.close());

    test('the represented party is stored, and a mixed chain verifies', async () => {
      const stored = await db.run((q) => rows<{ seq: number; represented_party: string | null }>(q, sql`select seq, represented_party from exchange_log where node = 'mixed' order by seq`));
      assert.deepEqual(stored.map((r) => r.represented_party), [null, 'COM/10101010104', null, null, 'COM/10101010104', null, null]);
      const n = await verifyNode(db, 'mixed');
      assert.equal(n.problem, null);
      assert.equal(n.records, 7);
    });

    test('removing or adding a represented party is an alteration', async () => {
      assert.equal((await verifyNode(db, 'stripped')).problem?.kind, 'altered');
      assert.equal((await verifyNode(db, 'stripped')).problem?.seq, 2);
      assert.equal((await verifyNode(db, 'added')).problem?.kind, 'altered');
      assert.equal((await verifyNode(db, 'added')).problem?.seq, 3);
    });
  });
}

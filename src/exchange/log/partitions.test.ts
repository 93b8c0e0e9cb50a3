import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { rows, type Database } from '../../db/database.ts';
import { openTestDatabase, testEngines } from '../../../test/support/database.ts';
import { dropExpiredPartitions, ensurePartitions, listPartitions, partitionDay, partitionName } from './partitions.ts';
import { createExchangeLogWriter } from './writer.ts';
import { verifyNode } from './verify.ts';
import type { ExchangeRecord } from './record.ts';

const rec = (i: number, at: string): ExchangeRecord => ({
  messageId: `m-${i}`,
  at: new Date(at),
  consumer: null,
  service: null,
  method: 'GET',
  path: '/',
  endpoint: null,
  userId: null,
  dataSubject: null,
  purpose: null,
  status: 400,
  errorType: 'Client.BadRequest',
  latencyMs: 0.2,
  requestHash: null,
  responseHash: null,
});

test('partition names are UTC days', () => {
  assert.equal(partitionName(Date.UTC(2026, 0, 31)), 'exchange_log_p20260131');
  assert.equal(partitionDay('exchange_log_p20260131'), Date.UTC(2026, 0, 31));
  assert.equal(partitionDay('exchange_log_chains'), null);
});

for (const engine of testEngines()) {
  describe(`exchange-log partitions (${engine})`, () => {
    let db: Database;
    before(async () => {
      db = await openTestDatabase(engine);
    });
    after(() => db.close());

    test('records either side of midnight UTC land in their own day partitions', async () => {
      const w = createExchangeLogWriter(db, { node: 'midnight', mode: 'durable', batchMax: 10, now: () => new Date('2026-02-01T12:00:00Z') });
      await Promise.all([w.append(rec(1, '2026-01-31T23:59:59.999Z')), w.append(rec(2, '2026-02-01T00:00:00.000Z'))]);
      await w.close();
      const placed = await db.run((q) => rows<{ partition: string; message_id: string }>(q, sql`select tableoid::regclass::text as partition, message_id from exchange_log where node = 'midnight' order by seq`));
      assert.deepEqual(placed.map((p) => [p.partition, p.message_id]), [['exchange_log_p20260131', 'm-1'], ['exchange_log_p20260201', 'm-2']]);
      const names = (await db.run((q) => listPartitions(q))).map((p) => p.name);
      // The writer also creates today's and the next two days' partitions ahead of time.
      for (const day of ['20260131', '20260201', '20260202', '20260203']) assert.ok(names.includes(`exchange_log_p${day}`), day);
    });

    test('creating a partition another node created meanwhile is tolerated', async () => {
      const other: Database = { ...db }; // another cache, as another node would have
      const day = [new Date('2027-07-07T10:00:00Z')];
      await Promise.all([ensurePartitions(db, day), ensurePartitions(other, day), ensurePartitions({ ...db }, day)]);
      await ensurePartitions(db, day);
      assert.ok((await db.run((q) => listPartitions(q))).some((p) => p.name === 'exchange_log_p20270707'));
    });

    test('retention drops only whole days past the period, and the retained chain still verifies', async () => {
      const w = createExchangeLogWriter(db, { node: 'retained', mode: 'durable', batchMax: 10, now: () => new Date('2026-03-01T00:00:00Z') });
      for (const [i, at] of ['2026-03-01T10:00:00Z', '2026-03-02T10:00:00Z', '2026-03-03T10:00:00Z', '2026-03-03T11:00:00Z', '2026-03-04T10:00:00Z'].entries()) await w.append(rec(i + 1, at));
      await w.close();
      // On 2026-03-05 with 2 days kept: 03-01 and 03-02 go (they end by 03-03 00:00); 03-03 and later stay.
      const dropped = await dropExpiredPartitions(db, 2, new Date('2026-03-05T15:00:00Z'));
      assert.ok(dropped.includes('exchange_log_p20260301') && dropped.includes('exchange_log_p20260302'));
      assert.ok(dropped.every((name) => partitionDay(name)! < Date.UTC(2026, 2, 3)), dropped.join());
      const names = (await db.run((q) => listPartitions(q))).map((p) => p.name);
      assert.ok(names.includes('exchange_log_p20260303') && names.includes('exchange_log_p20260304'));
      assert.deepEqual(await dropExpiredPartitions(db, 2, new Date('2026-03-05T15:00:00Z')), []);
      const kept = await db.run((q) => rows<{ message_id: string }>(q, sql`select message_id from exchange_log where node = 'retained' order by seq`));
      assert.deepEqual(kept.map((r) => r.message_id), ['m-3', 'm-4', 'm-5']);
      const verified = await verifyNode(db, 'retained');
      assert.equal(verified.problem, null);
      assert.equal(verified.fromSeq, 3);
      // Other nodes' chains lost their beginning too and still verify from their anchors.
      assert.equal((await verifyNode(db, 'midnight')).problem, null);
      // A record removed at the start of what retention kept is still detected.
      await db.run((q) => q.execute(sql`delete from exchange_log where node = 'retained' and seq = 3`));
      assert.deepEqual((await verifyNode(db, 'retained')).problem?.kind, 'removed');
    });
  });
}

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { openTestDatabase, testEngines } from '../../../test/support/database.ts';
import { rows, type Database } from '../../db/database.ts';
import { ensurePartitions } from '../log/partitions.ts';
import { accessWindows, selectAccesses, type AccessCursor, type AccessesQuery } from './access-repository.ts';

const alice = '0499370899';
const DAY = 86_400_000;

test('the windows cover the whole period once, newest first', () => {
  const now = Date.parse('2026-12-07T12:00:00Z');
  const all = accessWindows({}, now);
  assert.equal(all.length, 4);
  assert.equal(all[0]!.to, undefined);
  assert.equal(all[all.length - 1]!.from, undefined);
  for (let k = 1; k < all.length; k++) assert.equal(all[k]!.to, all[k - 1]!.from);
  // A short period is one window with its own bounds; a cursor moves the windows down to it.
  assert.deepEqual(accessWindows({ from: '2026-12-01T00:00:00Z', to: '2026-12-05T00:00:00Z' }, now), [{ from: '2026-12-01T00:00:00Z', to: '2026-12-05T00:00:00Z' }]);
  assert.equal(accessWindows({ after: { at: '2026-06-01T00:00:00.000000Z', node: 'n', seq: '1' } }, now)[0]!.from, '2026-05-25T00:00:00.000Z');
});

/** The rule as one statement (what `selectAccesses` answered before it was split): the reference. */
async function reference(db: Database, query: AccessesQuery): Promise<string[]> {
  const c: ReturnType<typeof sql>[] = [
    sql`l.data_subject = ${query.subject}`,
    sql`not (l.status = 0 and exists (select 1 from exchange_log o where o.node = l.node and o.message_id = l.message_id and o.seq > l.seq and o.at >= l.at))`,
  ];
  if (query.from !== undefined) c.push(sql`l.at >= ${query.from}::timestamptz`);
  if (query.to !== undefined) c.push(sql`l.at < ${query.to}::timestamptz`);
  if (query.after) c.push(sql`(l.at, l.node, l.seq) < (${query.after.at}::timestamptz, ${query.after.node}::text, ${query.after.seq}::bigint)`);
  const found = await db.run((q) =>
    rows<{ id: string }>(q, sql`select l.node || '/' || l.seq as id from exchange_log l where ${sql.join(c, sql` and `)} order by l.at desc, l.node desc, l.seq desc limit ${query.limit}`),
  );
  return found.map((r) => r.id);
}

for (const engine of testEngines()) {
  describe(`selectAccesses over time windows (${engine})`, () => {
    let db: Database;
    const now = Date.now();
    before(async () => {
      db = await openTestDatabase(engine);
      await ensurePartitions(db, Array.from({ length: 202 }, (_, d) => new Date(now - (d - 1) * DAY)));
      // 300 calls about alice over 200 days, with every edge: outcomes a moment after their
      // intent (some across a window edge: 7 days back ± a second), intents without outcome,
      // outcomes written about nobody (the probe still finds them), calls of two nodes at the
      // same instant, and records about someone else.
      const records: { node: string; seq: number; at: number; m: string; subject: string | null; status: number }[] = [];
      const seqOf: Record<string, number> = { a: 0, b: 0 };
      for (let c = 0; c < 300; c++) {
        const node = c % 7 === 0 ? 'b' : 'a';
        const at = c < 10 ? now - 7 * DAY - 1000 + c * 250 : now - 1000 - c * (200 / 300) * DAY;
        const intent = { node, seq: ++seqOf[node]!, at, m: `m${c}`, subject: alice, status: 0 };
        records.push(intent);
        if (c % 11 === 5) continue;
        records.push({ node, seq: ++seqOf[node]!, at: at + (c % 3 === 0 ? 0 : 400), m: `m${c}`, subject: c % 13 === 4 ? null : alice, status: c % 5 === 0 ? 502 : 200 });
        if (c % 17 === 0) records.push({ node: node === 'a' ? 'b' : 'a', seq: ++seqOf[node === 'a' ? 'b' : 'a']!, at, m: `o${c}`, subject: alice, status: 200 });
        if (c % 4 === 0) records.push({ node, seq: ++seqOf[node]!, at: at + 10, m: `x${c}`, subject: '1234567891', status: 200 });
      }
      await db.run((q) =>
        q.execute(sql`insert into exchange_log (node, seq, at, message_id, method, path, data_subject, status, latency_ms, prev_hash, hash) values ${sql.join(
          records.map((r) => sql`(${r.node}, ${r.seq}, ${new Date(r.at).toISOString()}::timestamptz, ${r.m}, 'GET', '/p', ${r.subject}, ${r.status}, 1, 'x', 'x')`),
          sql`, `,
        )}`),
      );
    });
    after(() => db.close());

    const pagesOf = async (query: Omit<AccessesQuery, 'after'>, page: (q: AccessesQuery) => Promise<string[]>) => {
      const all: string[][] = [];
      let after: AccessCursor | undefined;
      for (let k = 0; k < 25; k++) {
        const q = { ...query, ...(after ? { after } : {}) };
        const ids = await page(q);
        all.push(ids);
        if (ids.length < query.limit) break;
        const last = (await selectAccesses(db, q)).at(-1)!;
        after = { at: last.at, node: last.node, seq: last.seq };
      }
      return all;
    };

    test('pages, periods and cursors answer as the single statement did', async () => {
      const mine = async (q: AccessesQuery) => (await selectAccesses(db, q)).map((r) => `${r.node}/${r.seq}`);
      const periods = [{}, { from: new Date(now - 10 * DAY).toISOString() }, { to: new Date(now - 7 * DAY).toISOString() }, { from: new Date(now - 100 * DAY).toISOString(), to: new Date(now - 6 * DAY).toISOString() }];
      for (const period of periods) {
        for (const limit of period === periods[0] ? [1, 3, 21, 101] : [2, 21]) {
          const query = { subject: alice, limit, ...period };
          const expected = await pagesOf(query, (q) => reference(db, q));
          assert.deepEqual(await pagesOf(query, mine), expected, JSON.stringify(query));
          assert.ok(expected.flat().length > 0);
        }
      }
      assert.deepEqual(await mine({ subject: '1111111111', limit: 21 }), []);
    });
  });
}

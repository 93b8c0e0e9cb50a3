import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { rows, type Database } from './database.ts';
import { openTestDatabase, testEngines } from '../../test/support/database.ts';

for (const engine of testEngines()) {
  describe(`runPrepared (${engine})`, () => {
    let db: Database;
    before(async () => {
      db = await openTestDatabase(engine);
      await db.run((q) => q.execute(sql`create table prepared_probe (day date not null, n int not null) partition by range (day)`));
      await db.run((q) => q.execute(sql`create table prepared_probe_1 partition of prepared_probe for values from ('2026-01-01') to ('2026-01-02')`));
    });
    after(() => db.close());

    // Drizzle (the embedded engine) wraps the database's error; the driver's own comes as is.
    const failsWith = (pattern: RegExp) => (e: Error) => pattern.test(`${e.message} ${(e.cause as Error | undefined)?.message ?? ''}`);
    const insert = (day: string, n: number) =>
      db.runPrepared<{ n: number }>('prepared_probe_insert', sql`insert into prepared_probe (day, n) values (${day}::date, ${n}::int) returning n`);

    test('the same statement with other parameters answers for those parameters, on every pooled connection', async () => {
      const answers = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((n) => insert('2026-01-01', n)));
      assert.deepEqual(answers.map((r) => r[0]!.n), [1, 2, 3, 4, 5, 6, 7, 8]);
    });

    test('a partition created after the statement was prepared takes rows at once (as the log gets a new day)', async () => {
      await assert.rejects(insert('2026-01-02', 9), failsWith(/no partition/i));
      await db.run((q) => q.execute(sql`create table prepared_probe_2 partition of prepared_probe for values from ('2026-01-02') to ('2026-01-03')`));
      assert.deepEqual(await insert('2026-01-02', 10), [{ n: 10 }]);
      const stored = await db.run((q) => rows<{ n: number }>(q, sql`select n from prepared_probe_2`));
      assert.deepEqual(stored, [{ n: 10 }]);
    });

    test('a failed execution rejects, and the statement still works afterwards', async () => {
      await assert.rejects(db.runPrepared('prepared_probe_bad', sql`select 1 / ${0}::int as n`), failsWith(/division by zero/));
      assert.deepEqual(await db.runPrepared('prepared_probe_bad', sql`select 1 / ${1}::int as n`), [{ n: 1 }]);
    });
  });
}

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { rows, type Database } from '../src/db/database.ts';
import { listMigrations, migrate } from '../src/db/migrate.ts';
import { agencies, registryHistory, services } from '../src/registry/tables.ts';
import { exchangeTables } from '../src/exchange/tables.ts';
import { openTestDatabase, testEngines } from './support/database.ts';

for (const engine of testEngines()) {
  describe(`database (${engine})`, () => {
    let db: Database;
    before(async () => {
      db = await openTestDatabase(engine);
    });
    after(() => db.close());

    test('migrating again applies nothing', async () => {
      assert.deepEqual(await migrate(db), []);
    });

    test('an applied migration that was edited stops start-up', async () => {
      const edited = listMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'changed' } : m));
      await assert.rejects(migrate(db, edited), /forward-only/);
    });

    test('the typed table views match the migrated tables', async () => {
      for (const table of [agencies, services, registryHistory, ...exchangeTables]) {
        const config = getTableConfig(table);
        const columns = await db.run((q) => rows<{ column_name: string }>(q, sql`select column_name from information_schema.columns where table_schema = current_schema() and table_name = ${config.name}`));
        assert.deepEqual(config.columns.map((c) => c.name).sort(), columns.map((c) => c.column_name).sort(), config.name);
      }
    });

    test('concurrent transactions do not interleave', async () => {
      await db.run((q) => q.execute(sql`create table if not exists tx_probe (n int)`));
      const slow = db.transaction(async (tx) => {
        await tx.execute(sql`insert into tx_probe values (1)`);
        await new Promise((r) => setTimeout(r, 50));
        throw new Error('roll back');
      });
      const reader = db.run((q) => rows<{ n: number }>(q, sql`select count(*)::int as n from tx_probe`));
      await assert.rejects(slow, /roll back/);
      assert.deepEqual(await reader, [{ n: 0 }], 'the reader never saw the uncommitted row');
    });
  });
}

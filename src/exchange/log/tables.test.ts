import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { rows, type Database } from '../../db/database.ts';
import { openTestDatabase, testEngines } from '../../../test/support/database.ts';
import { exchangeLogTables } from './tables.ts';

for (const engine of testEngines()) {
  describe(`exchange-log table views (${engine})`, () => {
    let db: Database;
    before(async () => {
      db = await openTestDatabase(engine);
    });
    after(() => db.close());

    test('match the migrated tables', async () => {
      for (const table of exchangeLogTables) {
        const config = getTableConfig(table);
        const columns = await db.run((q) => rows<{ column_name: string }>(q, sql`select column_name from information_schema.columns where table_schema = current_schema() and table_name = ${config.name}`));
        assert.deepEqual(config.columns.map((c) => c.name).sort(), columns.map((c) => c.column_name).sort(), config.name);
      }
    });
  });
}

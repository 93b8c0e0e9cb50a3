import { getTableColumns, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Sql } from './database.ts';

/**
 * Inserts many rows with one parameter per batch: the rows travel as a JSON array and
 * `jsonb_to_recordset` turns them back into typed columns. Building a multi-row VALUES list
 * through the query builder costs more than the database's own work at import sizes.
 * Only the columns present in the first row are written; the rest take their defaults.
 */
export async function bulkInsert(q: Sql, table: PgTable, rows: Record<string, unknown>[], batchSize = 2000): Promise<void> {
  if (!rows.length) return;
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => key in rows[0]!);
  const names = sql.raw(columns.map(([, c]) => `"${c.name}"`).join(', '));
  const definition = sql.raw(columns.map(([, c]) => `"${c.name}" ${c.getSQLType()}`).join(', '));
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize).map((row) => Object.fromEntries(columns.map(([key, c]) => [c.name, toJson(row[key])])));
    await q.execute(sql`insert into ${table} (${names}) select ${names} from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as r(${definition})`);
  }
}

const toJson = (value: unknown) => (value instanceof Date ? value.toISOString() : value);

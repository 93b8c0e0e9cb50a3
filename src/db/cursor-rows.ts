import { getTableColumns, type Table } from 'drizzle-orm';

/**
 * Turns a cursor row (column names, driver values as `Database.cursor` promises them) into the
 * object a drizzle `select().from(table)` gives: field names, and each column's own mapping
 * (timestamps to Date, numeric and bigint to number, JSON parsed when it came as text).
 */
export function columnMapper<T extends Table>(table: T): (row: Record<string, unknown>) => T['$inferSelect'] {
  const columns = Object.entries(getTableColumns(table));
  return (row) => {
    const out: Record<string, unknown> = {};
    for (const [field, column] of columns) {
      const value = row[column.name];
      out[field] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return out as T['$inferSelect'];
  };
}

import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';

/**
 * A query handle: drizzle over either engine, or a transaction of it. Repositories take one
 * as their first argument, so the same function runs inside or outside a transaction.
 */
export type Sql = PgDatabase<PgQueryResultHKT, Record<string, never>>;

export type Engine = 'embedded' | 'postgres';

/** The database port: the only way the application reaches storage. */
export interface Database {
  readonly engine: Engine;
  /** Runs `fn` with a query handle. On the embedded engine, waits for any open transaction. */
  run<T>(fn: (q: Sql) => Promise<T>): Promise<T>;
  /** Runs `fn` in one transaction; it commits when `fn` resolves and rolls back when it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /**
   * Runs one statement, outside any transaction, that the server keeps parsed and planned under
   * `name` (PostgreSQL: a named prepared statement on each pooled connection; the embedded
   * engine runs it as usual). For a hot statement whose text never changes, only its parameters:
   * the exchange log's batch insert costs PostgreSQL more to parse and plan than to execute.
   * One name, one text: the driver refuses a name reused for another text. Rows come back as
   * the driver's types give them (PostgreSQL: timestamps as Date), so select plain values.
   */
  runPrepared<T>(name: string, query: SQL): Promise<T[]>;
  /**
   * Reads the rows of one query through a server-side cursor, `batchSize` rows at a time, so a
   * large result (an export) is never whole in this process's memory and the next batch is read
   * only when the caller asks for it (backpressure). Rows are keyed by column name, with values
   * as drizzle's own drivers receive them: timestamps, dates and intervals as text, so
   * `columnMapper` (cursor-rows.ts) turns them into the same values a drizzle select gives.
   * PostgreSQL: a read-only REPEATABLE READ transaction on a connection of its own, held until
   * the last batch (at most half the pool at once; others wait). Embedded: a `WITH HOLD` cursor
   * (the result is materialised inside the engine), each batch fetched under the engine's mutex,
   * so other requests run between batches. Stopping early (`return`, or an error) closes it.
   */
  cursor<T extends Record<string, unknown>>(query: SQL, batchSize: number): AsyncGenerator<T[], void, undefined>;
  /** Checks that the database answers (for readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Executes raw SQL and returns its rows, the same on both engines. */
export async function rows<T>(q: Sql, query: SQL): Promise<T[]> {
  const result = (await q.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Database, Sql } from './database.ts';
import { Semaphore } from './semaphore.ts';
import { redacting, redactingBatches } from './redact-error.ts';

// bigint (int8) and numeric come back as strings by default; the registry's counts fit in
// a double and the embedded engine returns numbers, so both engines answer alike.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

const dialect = new PgDialect();

// As drizzle's node-postgres driver: timestamps, dates and intervals (and their arrays) as text,
// so `columnMapper` maps cursor rows exactly as drizzle maps its own.
const asText = new Set<number>([pg.types.builtins.TIMESTAMPTZ, pg.types.builtins.TIMESTAMP, pg.types.builtins.DATE, pg.types.builtins.INTERVAL, 1231, 1115, 1185, 1187, 1182]);
const cursorTypes = { getTypeParser: (oid: number, format?: string) => (asText.has(oid) ? (v: string) => v : pg.types.getTypeParser(oid, format as 'text')) };

/** Batches of a query's rows through a cursor, in a read-only snapshot on a connection of its own. */
async function* cursorOf<T>(pool: pg.Pool, cursors: Semaphore, query: SQL, batchSize: number): AsyncGenerator<T[], void, undefined> {
  const { sql: text, params } = dialect.sqlToQuery(query);
  const release = await cursors.acquire();
  let client: pg.PoolClient | undefined;
  let committed = false;
  try {
    client = await pool.connect();
    await client.query('begin isolation level repeatable read read only');
    await client.query({ text: `declare onewindow_cursor no scroll cursor for ${text}`, values: params });
    for (;;) {
      const batch = await client.query({ text: `fetch ${batchSize} from onewindow_cursor`, types: cursorTypes } as pg.QueryConfig);
      if (batch.rows.length > 0) yield batch.rows as T[];
      if (batch.rows.length < batchSize) break;
    }
    await client.query('commit');
    committed = true;
  } finally {
    // Stopped early (the download was abandoned) or failed: roll back, or drop the connection
    // if even that fails, so the pool never gets back a connection inside a transaction.
    if (client && !committed) {
      const c = client;
      await c.query('rollback').then(
        () => c.release(),
        (e: Error) => c.release(e),
      );
    } else client?.release();
    release();
  }
}

export async function openPostgres(url: string, poolSize = 10): Promise<Database & { pool: pg.Pool }> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // A dropped idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = drizzle({ client: pool }) as unknown as Sql;
  const cursors = new Semaphore(Math.max(1, Math.floor(poolSize / 2)));
  return {
    engine: 'postgres',
    pool,
    // Failures come out redacted (redact-error.ts): no parameter or value reaches a log line.
    run: (fn) => redacting(() => fn(db)),
    transaction: (fn) => redacting(() => db.transaction((tx) => fn(tx as unknown as Sql))),
    runPrepared: (name, query) =>
      redacting(async () => {
        const { sql: text, params } = dialect.sqlToQuery(query);
        return (await pool.query({ name, text, values: params })).rows;
      }),
    cursor: (query, batchSize) => redactingBatches(cursorOf(pool, cursors, query, batchSize)),
    ping: async () => void (await db.execute(sql`select 1`)),
    close: () => pool.end(),
  };
}

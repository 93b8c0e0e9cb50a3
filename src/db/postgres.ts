import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Database, Sql } from './database.ts';
import { redacting } from './redact-error.ts';

// bigint (int8) and numeric come back as strings by default; the registry's counts fit in
// a double and the embedded engine returns numbers, so both engines answer alike.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

const dialect = new PgDialect();

export async function openPostgres(url: string, poolSize = 10): Promise<Database & { pool: pg.Pool }> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // A dropped idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = drizzle({ client: pool }) as unknown as Sql;
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
    ping: async () => void (await db.execute(sql`select 1`)),
    close: () => pool.end(),
  };
}

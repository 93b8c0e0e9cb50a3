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

/**
 * How long the pool waits, each a setting (`DB_*` in config/schema.ts); omitted: wait as long
 * as it takes (the joined embedded engine on its local socket, test databases).
 */
export interface PostgresTimeouts {
  /** A new connection, or a free pooled one, within this many ms; else 'timeout exceeded when trying to connect' / 'Connection terminated due to connection timeout'. */
  connectMs: number;
  /**
   * The server cancels a statement running longer (SQLSTATE 57014); the client gives a silent
   * server that long plus `STALL_GRACE_MS` before it closes the connection (`QueryStalled`).
   * 0: no limit (the server's own setting applies, and the client waits).
   */
  statementMs: number;
  /** The server ends a session idle inside a transaction this long (SQLSTATE 25P03). 0: never. */
  idleInTransactionMs: number;
  /** An idle pooled connection is closed after this long (0: kept). */
  idleMs: number;
}

/**
 * How much longer than the server's statement timeout the client waits for an answer before it
 * decides the server is gone (frozen, or the network dropped the connection silently): enough
 * for the server's own cancellation (SQLSTATE 57014) to arrive first when it is alive.
 */
export const STALL_GRACE_MS = 1000;

/** TCP keepalive probes start after this much silence, so a half-dead server is noticed. */
const KEEPALIVE_DELAY_MS = 10_000;

/**
 * The error of a query whose server did not answer within the statement timeout and the grace:
 * the connection is closed (so the query cannot complete behind the caller's back, and the pool
 * never hands the connection out again) and every query on it fails with this error.
 * `code` is `ETIMEDOUT`, as for a connection that timed out.
 */
export class QueryStalled extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(waitedMs: number) {
    super(`Query read timeout: PostgreSQL did not answer within ${waitedMs} ms; the connection was closed`);
    this.name = 'QueryStalled';
  }
}

const SET_LOCAL_TIMEOUT = /^\s*set\s+local\s+statement_timeout\s*(?:=|to)\s*'?(\d+)(?:ms)?'?\s*;?\s*$/i;
const TRANSACTION_END = /^\s*(?:commit|rollback|end|abort)\b(?!\s+to\b)/i;

type QueryArgs = [unknown, ...unknown[]];
const clientQuery = pg.Client.prototype.query as unknown as (this: pg.Client, ...args: QueryArgs) => unknown;

/**
 * A pooled connection that bounds how long it waits for the server. PostgreSQL enforces the
 * statement timeout itself while it runs; a frozen server (or a connection the network dropped
 * without a word) cannot, and TCP keepalive does not notice a process that is stopped (its kernel
 * still answers). So each query also has a client-side deadline, the statement timeout plus
 * `STALL_GRACE_MS`, that follows a `SET LOCAL statement_timeout` (0 = none, as migrations use)
 * until the transaction ends. At the deadline the connection is destroyed: every query on it
 * fails with `QueryStalled`, and the pool replaces it.
 */
function guardedClient(statementMs: number): typeof pg.Client {
  return class GuardedClient extends pg.Client {
    /** The transaction's `SET LOCAL statement_timeout`, if any. */
    #local: number | undefined;

    constructor(config?: string | pg.ClientConfig) {
      super(config);
      // Errors of a dropped connection reach its queries; while checked out, an 'error' event
      // without a listener would end the process.
      this.on('error', () => {});
    }

    // pg's overloads return a promise, the submitted query object or nothing, by their arguments;
    // this returns whichever pg's own gives, so it stands in for all of them.
    override query(...args: QueryArgs): never {
      const first = args[0] as { text?: unknown; submit?: unknown } | string | null | undefined;
      const text = typeof first === 'string' ? first : typeof first?.text === 'string' ? first.text : '';
      const set = SET_LOCAL_TIMEOUT.exec(text);
      if (set) this.#local = Number(set[1]);
      else if (TRANSACTION_END.test(text)) this.#local = undefined;
      const limit = this.#local ?? statementMs;
      if (limit === 0 || (typeof first === 'object' && typeof first?.submit === 'function')) return clientQuery.apply(this, args) as never;

      const waitMs = limit + STALL_GRACE_MS;
      const timer = setTimeout(() => this.#drop(waitMs), waitMs);
      timer.unref();
      const done = () => clearTimeout(timer);
      const last = args.length - 1;
      const callback = args[last];
      if (last > 0 && typeof callback === 'function') {
        args[last] = (err: unknown, res: unknown) => {
          done();
          (callback as (err: unknown, res: unknown) => void)(err, res);
        };
        return clientQuery.apply(this, args) as never;
      }
      const result = clientQuery.apply(this, args);
      if (result instanceof Promise) result.then(done, done);
      else done();
      return result as never;
    }

    #drop(waitedMs: number): void {
      const stream = (this as unknown as { connection?: { stream?: { destroy(err?: Error): void } } }).connection?.stream;
      stream?.destroy(new QueryStalled(waitedMs));
    }
  };
}

/**
 * One transaction on a connection of its own. As drizzle's pool transaction, but the connection
 * always goes back to the pool (drizzle's is lost when `begin` fails), and a transaction cut off
 * by a stalled server fails with `QueryStalled` rather than with its rollback's failure.
 */
async function transactionOn<T>(pool: pg.Pool, fn: (tx: Sql) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let stalled: QueryStalled | undefined;
  const onError = (e: unknown) => {
    if (e instanceof QueryStalled) stalled = e;
  };
  client.on('error', onError);
  try {
    const db = drizzle({ client }) as unknown as Sql;
    return await db.transaction((tx) => fn(tx as unknown as Sql));
  } catch (e) {
    throw stalled ?? e;
  } finally {
    client.off('error', onError);
    client.release(stalled);
  }
}

export async function openPostgres(url: string, poolSize = 10, timeouts?: PostgresTimeouts): Promise<Database & { pool: pg.Pool }> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    ...(timeouts && {
      Client: guardedClient(timeouts.statementMs),
      connectionTimeoutMillis: timeouts.connectMs,
      idleTimeoutMillis: timeouts.idleMs,
      // Sent in the start-up packet, so every connection has them from its first statement.
      statement_timeout: timeouts.statementMs,
      idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
      keepAlive: true,
      keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
    }),
  });
  // A dropped idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = drizzle({ client: pool }) as unknown as Sql;
  const cursors = new Semaphore(Math.max(1, Math.floor(poolSize / 2)));
  return {
    engine: 'postgres',
    pool,
    // Failures come out redacted (redact-error.ts): no parameter or value reaches a log line.
    run: (fn) => redacting(() => fn(db)),
    transaction: (fn) => redacting(() => transactionOn(pool, fn)),
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

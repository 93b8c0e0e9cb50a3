import { mkdirSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { rows, type Database, type Sql } from './database.ts';
import { Mutex } from './mutex.ts';
import { redacting, redactingBatches } from './redact-error.ts';

export interface EmbeddedOptions {
  /** Folder for the data, or undefined for an in-memory database. */
  dataDir?: string;
  /** A data directory tarball to start from (tests clone one migrated template). */
  loadDataDir?: Blob;
}

const dialect = new PgDialect();
const raw = (v: string) => v;
// As drizzle's PGlite driver: timestamps, dates and intervals (and their arrays) as text, so
// `columnMapper` maps cursor rows exactly as drizzle maps its own.
const cursorParsers = { [types.TIMESTAMP]: raw, [types.TIMESTAMPTZ]: raw, [types.INTERVAL]: raw, [types.DATE]: raw, 1231: raw, 1115: raw, 1185: raw, 1187: raw, 1182: raw };
let cursors = 0;

/**
 * The engine is one session, so a cursor cannot stay open inside a transaction without making
 * every other request wait for the download. A `WITH HOLD` cursor outlives its statement: the
 * engine materialises the result when it is declared (a consistent snapshot, spilled to its
 * temporary files past `work_mem`), and each batch is fetched under the mutex on its own.
 */
async function* cursorOf<T>(client: PGlite, mutex: Mutex, query: SQL, batchSize: number): AsyncGenerator<T[], void, undefined> {
  const { sql: text, params } = dialect.sqlToQuery(query);
  const name = `onewindow_cursor_${++cursors}`;
  await mutex.runExclusive(() => client.query(`declare ${name} no scroll cursor with hold for ${text}`, params));
  try {
    for (;;) {
      const batch = await mutex.runExclusive(() => client.query<T>(`fetch ${batchSize} from ${name}`, [], { parsers: cursorParsers }));
      if (batch.rows.length > 0) yield batch.rows;
      if (batch.rows.length < batchSize) break;
    }
  } finally {
    await mutex.runExclusive(() => client.query(`close ${name}`));
  }
}

/** What sharing the engine with other processes needs (shared-embedded.ts). */
export interface EmbeddedEngine {
  client: PGlite;
  /**
   * Waits for the engine's mutex and holds it until the returned function is called: nothing
   * else of this process reaches the engine meanwhile (a local client's open transaction).
   */
  hold(): Promise<() => void>;
}

/** PostgreSQL compiled to WASM, in-process, with its data in a local folder. */
export async function openEmbedded(options: EmbeddedOptions = {}): Promise<Database & EmbeddedEngine> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const client = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const db = drizzle({ client }) as unknown as Sql;
  const mutex = new Mutex();
  return {
    engine: 'embedded',
    client,
    hold: () => new Promise((held) => void mutex.runExclusive(() => new Promise<void>((release) => held(release)))),
    // Failures come out redacted (redact-error.ts): no parameter or value reaches a log line.
    run: (fn) => redacting(() => mutex.runExclusive(() => fn(db))),
    transaction: (fn) => redacting(() => mutex.runExclusive(() => db.transaction((tx) => fn(tx as unknown as Sql)))),
    runPrepared: (_name, query) => redacting(() => mutex.runExclusive(() => rows(db, query))),
    cursor: (query, batchSize) => redactingBatches(cursorOf(client, mutex, query, batchSize)),
    ping: () => mutex.runExclusive(async () => void (await db.execute(sql`select 1`))),
    close: () => mutex.runExclusive(() => client.close()),
  };
}

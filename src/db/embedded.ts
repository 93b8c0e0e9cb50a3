import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { sql } from 'drizzle-orm';
import { rows, type Database, type Sql } from './database.ts';
import { Mutex } from './mutex.ts';
import { redacting } from './redact-error.ts';

export interface EmbeddedOptions {
  /** Folder for the data, or undefined for an in-memory database. */
  dataDir?: string;
  /** A data directory tarball to start from (tests clone one migrated template). */
  loadDataDir?: Blob;
}

/** PostgreSQL compiled to WASM, in-process, with its data in a local folder. */
export async function openEmbedded(options: EmbeddedOptions = {}): Promise<Database & { client: PGlite }> {
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
    // Failures come out redacted (redact-error.ts): no parameter or value reaches a log line.
    run: (fn) => redacting(() => mutex.runExclusive(() => fn(db))),
    transaction: (fn) => redacting(() => mutex.runExclusive(() => db.transaction((tx) => fn(tx as unknown as Sql)))),
    runPrepared: (_name, query) => redacting(() => mutex.runExclusive(() => rows(db, query))),
    ping: () => mutex.runExclusive(async () => void (await db.execute(sql`select 1`))),
    close: () => mutex.runExclusive(() => client.close()),
  };
}

import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Database, Engine } from '../../src/db/database.ts';
import { openEmbedded } from '../../src/db/embedded.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { listMigrations, migrate } from '../../src/db/migrate.ts';

const cacheDir = fileURLToPath(new URL('../../.tmp/', import.meta.url));

/** The engines tests run on: always the embedded one, and PostgreSQL when TEST_DATABASE_URL is set. */
export function testEngines(): Engine[] {
  return process.env.TEST_DATABASE_URL ? ['embedded', 'postgres'] : ['embedded'];
}

/**
 * A fresh embedded engine starts in seconds, so tests clone one migrated template: its data
 * folder is dumped once per migration set and loaded by every test database.
 */
async function embeddedTemplate(): Promise<Blob> {
  const key = createHash('sha256').update(listMigrations().map((m) => m.checksum).join()).digest('hex').slice(0, 16);
  const file = `${cacheDir}pglite-template-${key}.tgz`;
  if (!existsSync(file)) {
    const db = await openEmbedded();
    await migrate(db);
    const blob = await db.client.dumpDataDir('gzip');
    await db.close();
    mkdirSync(cacheDir, { recursive: true });
    // Written aside then renamed, so test processes racing here never read half a file.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
    renameSync(partial, file);
  }
  return new Blob([readFileSync(file)]);
}

/** A migrated, empty database of its own; closing it drops it (PostgreSQL) or discards it (embedded). */
export async function openTestDatabase(engine: Engine): Promise<Database> {
  if (engine === 'embedded') return openEmbedded({ loadDataDir: await embeddedTemplate() });
  return openScratchPostgres(process.env.TEST_DATABASE_URL!, `ow_test_${process.pid}`, 5);
}

/**
 * A new, migrated PostgreSQL database next to the one `adminUrl` names; closing drops it.
 * Tests and benchmarks use one each, so runs never see each other's data.
 */
export async function openScratchPostgres(adminUrl: string, prefix: string, poolSize: number): Promise<Database> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString(), poolSize);
  await migrate(db);
  return {
    ...db,
    close: async () => {
      await db.close();
      await admin(`drop database if exists ${name} with (force)`);
    },
  };
}

/**
 * A database that another process (the CLI, a server under test) can open too: a data folder
 * of its own, or a PostgreSQL database of its own. `env` points that process at it; `drop`
 * deletes it.
 */
export async function openProcessDatabase(engine: Engine, prefix: string): Promise<{ env: Record<string, string>; open: () => Promise<Database>; drop: () => Promise<void> }> {
  if (engine === 'embedded') {
    const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
    const env = { DATA_DIR: join(dir, 'data'), DATABASE_URL: '' };
    return { env, open: () => openEmbedded({ dataDir: env.DATA_DIR }), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const admin = process.env.TEST_DATABASE_URL!;
  const name = `${prefix.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
  const query = async (statement: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };
  await query(`create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { env: { DATABASE_URL: url.toString() }, open: () => openPostgres(url.toString(), 2), drop: () => query(`drop database if exists ${name} with (force)`) };
}

/** Opens a database (e.g. `openProcessDatabase(...).open`), runs `fn` on it and closes it, also when `fn` fails. */
export async function withDb<T>(open: () => Promise<Database>, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await open();
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

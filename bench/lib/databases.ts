import pg from 'pg';
import { randomBytes } from 'node:crypto';
import type { Database, Engine } from '../../src/db/database.ts';
import { openEmbedded } from '../../src/db/embedded.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { migrate } from '../../src/db/migrate.ts';

/** Engines to measure: embedded always; PostgreSQL when BENCH_DATABASE_URL (or TEST_DATABASE_URL) is set. */
export function benchEngines(): Engine[] {
  return process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL ? ['embedded', 'postgres'] : ['embedded'];
}

/** A fresh migrated database for one benchmark; closing drops it. */
export async function openBenchDatabase(engine: Engine): Promise<Database> {
  if (engine === 'embedded') {
    const db = await openEmbedded();
    await migrate(db);
    return db;
  }
  const adminUrl = (process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL)!;
  const name = `ow_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString(), 4);
  await migrate(db);
  return {
    ...db,
    close: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

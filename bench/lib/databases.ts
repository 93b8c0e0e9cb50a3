import type { Database, Engine } from '../../src/db/database.ts';
import { openEmbedded } from '../../src/db/embedded.ts';
import { openScratchPostgres } from '../../test/support/database.ts';
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
  return openScratchPostgres((process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL)!, 'ow_bench', 4);
}

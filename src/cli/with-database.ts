import type { Config } from '../config/schema.ts';
import type { Database } from '../db/database.ts';
import { openDatabase } from '../db/open.ts';
import { migrate } from '../db/migrate.ts';

/** Opens and migrates the configured database for one command, and always closes it. */
export async function withDatabase<T>(config: Config, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase(config);
  try {
    await migrate(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

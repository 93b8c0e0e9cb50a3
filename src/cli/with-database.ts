import type { Config } from '../config/schema.ts';
import type { Database } from '../db/database.ts';
import { openDatabase } from '../db/open.ts';
import { migrate } from '../db/migrate.ts';

/**
 * Opens and migrates the configured database for one command, and always closes it. With the
 * embedded engine while the server runs on the same data directory, the command goes through
 * the server's engine (its local socket) instead of opening the directory a second time.
 */
export async function withDatabase<T>(config: Config, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase(config, { command: 'cli', joinRunning: true });
  try {
    await migrate(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

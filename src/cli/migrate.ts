import type { Config } from '../config/schema.ts';
import { openDatabase } from '../db/open.ts';
import { migrate } from '../db/migrate.ts';
import type { CommandArgs } from './command.ts';

export async function migrateCommand(_args: CommandArgs, config: Config): Promise<void> {
  const db = await openDatabase(config, { command: 'migrate', joinRunning: true });
  try {
    const applied = await migrate(db);
    console.log(applied.length ? `Applied ${applied.map((m) => `${m.version}_${m.name}`).join(', ')}` : 'The database is up to date.');
  } finally {
    await db.close();
  }
}

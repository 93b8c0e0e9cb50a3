import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { rows, type Database } from './database.ts';
import { splitSqlStatements } from './split-sql.ts';

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

/** Plain SQL files named `NNNN_name.sql`, applied in order, never edited once released. */
export function listMigrations(dir = migrationsDir): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      return {
        version: Number(file.slice(0, 4)),
        name: file.slice(5, -4),
        sql: text,
        checksum: createHash('sha256').update(text).digest('hex'),
      };
    });
}

/**
 * Applies pending migrations in one transaction. An advisory lock makes nodes starting
 * together take turns; a changed checksum of an applied migration stops start-up, because
 * migrations are forward-only.
 */
export async function migrate(db: Database, migrations = listMigrations()): Promise<Migration[]> {
  return db.transaction(async (tx) => {
    // No statement timeout here: a migration may rebuild a large table, and a node starting
    // while another migrates waits for the lock as long as that takes.
    await tx.execute(sql`set local statement_timeout = 0`);
    await tx.execute(sql`select pg_advisory_xact_lock(72657001)`);
    await tx.execute(sql`create table if not exists schema_migrations (
      version integer primary key, name text not null, checksum text not null,
      applied_at timestamptz not null default now())`);
    const applied = await rows<{ version: number; name: string; checksum: string }>(tx, sql`select version, name, checksum from schema_migrations order by version`);
    const byVersion = new Map(applied.map((m) => [m.version, m]));
    for (const m of applied) {
      const file = migrations.find((f) => f.version === m.version);
      if (!file) throw new Error(`Database has migration ${m.version}_${m.name}, which this version of OneWindow does not know. Is the code older than the database?`);
      if (file.checksum !== m.checksum) throw new Error(`Migration ${m.version}_${m.name} was changed after it was applied; migrations are forward-only — add a new one instead.`);
    }
    const pending = migrations.filter((m) => !byVersion.has(m.version));
    for (const m of pending) {
      for (const statement of splitSqlStatements(m.sql)) await tx.execute(sql.raw(statement));
      await tx.execute(sql`insert into schema_migrations (version, name, checksum) values (${m.version}, ${m.name}, ${m.checksum})`);
    }
    return pending;
  });
}

import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { rows, type Database, type Sql } from '../../db/database.ts';
import { redacting } from '../../db/redact-error.ts';
import type { ImportedAccount } from './import-row.ts';

/** A checked row with the id it gets. */
export type StagedAccount = ImportedAccount & { id: string };

/**
 * Where checked rows wait until the whole file has been read: a temporary table of the
 * import's own transaction (dropped at its end), filled by `COPY … FROM STDIN` on PostgreSQL
 * and by batched inserts on the embedded engine, whose wire protocol has no COPY sub-protocol.
 */
export interface Staging {
  add(row: StagedAccount): Promise<void>;
  /** Everything added is in the table. */
  flush(): Promise<void>;
  /** Ends an unfinished COPY with CopyFail, so the connection can roll back. */
  abort(): Promise<void>;
  readonly method: 'copy' | 'insert';
}

const stagingColumns = 'line, id, identifier_type, identifier, given_name_fa, family_name_fa, given_name_en, family_name_en, birth_date, mobile, mobile_verified, password_hash';
const createStaging = sql.raw(`create temporary table accounts_import (
  line integer not null, id uuid not null, identifier_type text not null, identifier text not null,
  given_name_fa text not null, family_name_fa text not null, given_name_en text not null, family_name_en text not null,
  birth_date date not null, mobile text not null, mobile_verified boolean not null, password_hash text
) on commit drop`);

/** COPY's text format: backslash, tab and line breaks escaped, `\N` for null. */
const copyText = (v: string | null) => (v === null ? '\\N' : v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')));

function copyLine(a: StagedAccount): string {
  return `${a.line}\t${a.id}\t${a.identifierType}\t${a.identifier}\t${copyText(a.givenNameFa)}\t${copyText(a.familyNameFa)}\t${copyText(a.givenNameEn)}\t${copyText(a.familyNameEn)}\t${a.birthDate}\t${a.mobile}\t${a.mobileVerified ? 't' : 'f'}\t${copyText(a.passwordHash)}\n`;
}

/** One COPY for the whole file, fed in 256 KiB writes, waiting whenever the server is behind. */
function copyStaging(client: pg.PoolClient): Staging {
  const stream = client.query(copyFrom(`copy accounts_import (${stagingColumns}) from stdin`));
  const done = finished(stream);
  // An early failure (the server refused the COPY) surfaces at the next write or at flush.
  done.catch(() => {});
  let chunk = '';
  const write = async () => {
    const data = chunk;
    chunk = '';
    if (!stream.write(data)) await once(stream, 'drain');
  };
  return {
    method: 'copy',
    add: async (row) => {
      chunk += copyLine(row);
      if (chunk.length >= 256 * 1024) await write();
    },
    flush: async () => {
      if (chunk) await write();
      stream.end();
      await done;
    },
    abort: async () => {
      if (stream.writableFinished || stream.destroyed) return;
      stream.destroy(new Error('import refused'));
      await done.catch(() => {});
    },
  };
}

/** Rows as one JSON parameter per batch (db/bulk-insert.ts explains why). */
function insertStaging(tx: Sql, batchSize = 2000): Staging {
  let batch: StagedAccount[] = [];
  const write = async () => {
    const json = JSON.stringify(
      batch.map((a) => ({ line: a.line, id: a.id, identifier_type: a.identifierType, identifier: a.identifier, given_name_fa: a.givenNameFa, family_name_fa: a.familyNameFa, given_name_en: a.givenNameEn, family_name_en: a.familyNameEn, birth_date: a.birthDate, mobile: a.mobile, mobile_verified: a.mobileVerified, password_hash: a.passwordHash })),
    );
    batch = [];
    await tx.execute(sql`insert into accounts_import (${sql.raw(stagingColumns)})
      select ${sql.raw(stagingColumns)} from jsonb_to_recordset(${json}::jsonb) as r(line integer, id uuid, identifier_type text, identifier text,
        given_name_fa text, family_name_fa text, given_name_en text, family_name_en text, birth_date date, mobile text, mobile_verified boolean, password_hash text)`);
  };
  return {
    method: 'insert',
    add: async (row) => {
      batch.push(row);
      if (batch.length >= batchSize) await write();
    },
    flush: async () => {
      if (batch.length) await write();
    },
    abort: async () => void (batch = []),
  };
}

/** The import's transaction: a query handle and the staging table's writer. */
export interface ImportSession {
  tx: Sql;
  staging: Staging;
}

/**
 * Runs `fn` in one transaction with an empty staging table; commits when it resolves, rolls
 * back when it throws. PostgreSQL: a pooled connection of its own, without the pool's statement
 * timeout (a million-row insert outlasts it). The embedded engine, in this process or shared
 * through its socket (the server runs): batched inserts, the engine held for the whole import.
 */
export function withImportSession<T>(db: Database, fn: (session: ImportSession) => Promise<T>): Promise<T> {
  const pool = (db as Database & { pool?: pg.Pool }).pool;
  if (!pool) {
    return db.transaction(async (tx) => {
      await tx.execute(createStaging);
      return fn({ tx, staging: insertStaging(tx) });
    });
  }
  return redacting(async () => {
    const client = await pool.connect();
    let failure: Error | undefined;
    let staging: Staging | undefined;
    try {
      await client.query('begin');
      // Recognised by the pool's guarded client too (postgres.ts): no client-side deadline either.
      await client.query('set local statement_timeout = 0');
      await client.query('set local idle_in_transaction_session_timeout = 0');
      const tx = drizzle({ client }) as unknown as Sql;
      await tx.execute(createStaging);
      const [{ version } = { version: '' }] = await rows<{ version: string }>(tx, sql`select version() as version`);
      staging = version.includes('PGlite') ? insertStaging(tx) : copyStaging(client);
      const result = await fn({ tx, staging });
      await client.query('commit');
      return result;
    } catch (e) {
      await staging?.abort().catch(() => {});
      // A connection whose rollback fails is dropped, never handed back inside a transaction.
      await client.query('rollback').catch((r: Error) => (failure = r));
      throw e;
    } finally {
      client.release(failure);
    }
  });
}

export interface StagedOutcome {
  staged: number;
  created: number;
}

/**
 * Moves the staged rows into `accounts` in file order; a row whose identifier already has an
 * account (from before, or from an earlier line of the file) is skipped. The mobile counts as
 * verified (assurance 2) from the moment of the import.
 */
export async function insertStagedAccounts(tx: Sql): Promise<StagedOutcome> {
  const [outcome] = await rows<StagedOutcome>(
    tx,
    sql`with inserted as (
          insert into accounts (id, identifier_type, identifier, given_name_fa, family_name_fa, given_name_en, family_name_en, birth_date,
                                mobile, mobile_verified_at, assurance, password_hash, password_changed_at)
          select id, identifier_type, identifier, given_name_fa, family_name_fa, given_name_en, family_name_en, birth_date,
                 mobile, case when mobile_verified then now() end, case when mobile_verified then 2 else 1 end, password_hash,
                 case when password_hash is not null then now() end
          from accounts_import order by line
          on conflict (identifier_type, identifier) do nothing
          returning 1)
        select (select count(*) from accounts_import)::int as staged, (select count(*) from inserted)::int as created`,
  );
  return outcome!;
}

/** A staged row that was skipped: `firstLine` is an earlier line with the same identifier, or null (an account existed). */
export interface SkippedRow {
  line: number;
  firstLine: number | null;
}

/** The first `limit` skipped rows, in file order. */
export async function selectSkippedRows(tx: Sql, limit: number): Promise<SkippedRow[]> {
  return rows<SkippedRow>(
    tx,
    sql`select line, nullif(first_line, line) as "firstLine"
        from (select line, id, min(line) over (partition by identifier_type, identifier) as first_line from accounts_import) s
        where not exists (select 1 from accounts a where a.id = s.id)
        order by line limit ${limit}`,
  );
}

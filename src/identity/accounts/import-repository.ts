import { finished } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { rows, type Database, type Sql } from '../../db/database.ts';
import { redacting } from '../../db/redact-error.ts';
import type { ImportedAccount } from './import-row.ts';


/** What became of the rows staged so far. */
export interface StagedOutcome {
  staged: number;
  created: number;
}

/**
 * Where checked rows go: a temporary table of the import's transaction (`accounts_import`),
 * filled a batch at a time — by `COPY … FROM STDIN` on PostgreSQL, by batched inserts on the
 * embedded engine, whose wire protocol has no COPY sub-protocol — and each batch moved into
 * `accounts` while the next one is read and checked, so the reading here and the database's
 * inserting overlap. Nothing commits before the end: a bad row later in the file still rolls
 * everything back.
 */
export interface Staging {
  /** A checked row and the id it gets; a promise when the caller must wait for the database. */
  add(row: ImportedAccount, id: string): Promise<void> | undefined;
  /** Everything added is in `accounts` (or skipped); the totals. */
  flush(): Promise<StagedOutcome>;
  /** Waits until no batch is in flight, so the connection can roll back. */
  abort(): Promise<void>;
  readonly method: 'copy' | 'insert';
}

/** Rows per batch: big enough that a statement's overhead does not count, small enough to overlap. */
export const BATCH_ROWS = 50_000;
/** Skipped rows listed in the report; the count covers all. */
export const SKIPPED_LISTED = 1000;

const stagingColumns = 'line, id, identifier_type, identifier, given_name_fa, family_name_fa, given_name_en, family_name_en, birth_date, mobile, mobile_verified, password_hash';
const createStaging = [
  sql.raw(`create temporary table accounts_import (
    line integer not null, id uuid not null, identifier_type text not null, identifier text not null,
    given_name_fa text not null, family_name_fa text not null, given_name_en text not null, family_name_en text not null,
    birth_date date not null, mobile text not null, mobile_verified boolean not null, password_hash text
  ) on commit drop`),
  sql.raw(`create temporary table accounts_import_skipped (line integer not null, earlier boolean not null) on commit drop`),
];

const special = /[\\\t\n\r]/;
/** COPY's text format: backslash, tab and line breaks escaped, `\N` for null. */
const copyText = (v: string | null) => (v === null ? '\\N' : !special.test(v) ? v : v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')));

function copyLine(a: ImportedAccount, id: string): string {
  return `${a.line}\t${id}\t${a.identifierType}\t${a.identifier}\t${copyText(a.givenNameFa)}\t${copyText(a.familyNameFa)}\t${copyText(a.givenNameEn)}\t${copyText(a.familyNameEn)}\t${a.birthDate}\t${a.mobile}\t${a.mobileVerified ? 't' : 'f'}\t${copyText(a.passwordHash)}\n`;
}

/**
 * Moves the staged batch into `accounts` in file order and empties the table; a row whose
 * identifier already has an account — from before, or from an earlier line (this transaction
 * made it: its `created_at` is this transaction's `now()`) — is skipped, and the first
 * `SKIPPED_LISTED` of those are noted. The mobile counts as verified from the import.
 */
async function moveBatch(tx: Sql, listed: number): Promise<StagedOutcome> {
  const [outcome] = await rows<StagedOutcome>(
    tx,
    sql`with inserted as (
          insert into accounts (id, identifier_type, identifier, given_name_fa, family_name_fa, given_name_en, family_name_en, birth_date,
                                mobile, mobile_verified_at, assurance, password_hash, password_changed_at)
          select id, identifier_type, identifier, given_name_fa, family_name_fa, given_name_en, family_name_en, birth_date,
                 mobile, case when mobile_verified then now() end, case when mobile_verified then 2 else 1 end, password_hash,
                 case when password_hash is not null then now() end
          -- File order, so the first of repeated identifiers wins: a temporary table filled by
          -- one writer and never updated is scanned in the order it was written (no parallel or
          -- synchronised scans of local buffers), so no sort is needed.
          from accounts_import
          on conflict (identifier_type, identifier) do nothing
          returning 1)
        select (select count(*) from accounts_import)::int as staged, (select count(*) from inserted)::int as created`,
  );
  if (outcome!.created < outcome!.staged && listed < SKIPPED_LISTED) {
    await tx.execute(sql`insert into accounts_import_skipped (line, earlier)
      select s.line, a.created_at = now() from accounts_import s join accounts a on a.identifier_type = s.identifier_type and a.identifier = s.identifier
      where a.id <> s.id order by s.line limit ${SKIPPED_LISTED - listed}`);
  }
  await tx.execute(sql`truncate accounts_import`);
  return outcome!;
}

/**
 * The batching both ways share: rows collect here; a full batch waits for the one before it
 * to be in `accounts`, then goes to the database without being waited for.
 */
function batching(tx: Sql, method: Staging['method'], collect: (row: ImportedAccount, id: string) => void, send: () => Promise<void>, batchRows: number): Staging {
  let count = 0;
  let inFlight: Promise<void> = Promise.resolve();
  const total = { staged: 0, created: 0 };
  let listed = 0;
  const seal = async () => {
    count = 0;
    await inFlight;
    const sent = send();
    inFlight = sent.then(async () => {
      const moved = await moveBatch(tx, listed);
      total.staged += moved.staged;
      total.created += moved.created;
      listed = Math.min(SKIPPED_LISTED, listed + moved.staged - moved.created);
    });
    // Surfaces where it is awaited: at the next batch, at flush or at abort.
    inFlight.catch(() => {});
  };
  return {
    method,
    add: (row, id) => {
      collect(row, id);
      return ++count >= batchRows ? seal() : undefined;
    },
    flush: async () => {
      if (count) await seal();
      await inFlight;
      return total;
    },
    abort: () => inFlight.catch(() => {}),
  };
}

/** One COPY per batch, its text made while the previous batch is being inserted. */
function copyStaging(tx: Sql, client: pg.PoolClient, batchRows: number): Staging {
  let text = '';
  return batching(
    tx,
    'copy',
    (row, id) => void (text += copyLine(row, id)),
    async () => {
      const data = text;
      text = '';
      const stream = client.query(copyFrom(`copy accounts_import (${stagingColumns}) from stdin`));
      stream.end(data);
      await finished(stream);
    },
    batchRows,
  );
}

/** Rows as one JSON parameter per 2,000 (db/bulk-insert.ts explains why). */
function insertStaging(tx: Sql, batchRows: number): Staging {
  let batch: (ImportedAccount & { id: string })[] = [];
  return batching(
    tx,
    'insert',
    (row, id) => void batch.push({ ...row, id }),
    async () => {
      const all = batch;
      batch = [];
      for (let start = 0; start < all.length; start += 2000) {
        const json = JSON.stringify(
          all.slice(start, start + 2000).map((a) => ({ line: a.line, id: a.id, identifier_type: a.identifierType, identifier: a.identifier, given_name_fa: a.givenNameFa, family_name_fa: a.familyNameFa, given_name_en: a.givenNameEn, family_name_en: a.familyNameEn, birth_date: a.birthDate, mobile: a.mobile, mobile_verified: a.mobileVerified, password_hash: a.passwordHash })),
        );
        await tx.execute(sql`insert into accounts_import (${sql.raw(stagingColumns)})
          select ${sql.raw(stagingColumns)} from jsonb_to_recordset(${json}::jsonb) as r(line integer, id uuid, identifier_type text, identifier text,
            given_name_fa text, family_name_fa text, given_name_en text, family_name_en text, birth_date date, mobile text, mobile_verified boolean, password_hash text)`);
      }
    },
    batchRows,
  );
}

/** The import's transaction: a query handle and the staging table's writer. */
export interface ImportSession {
  tx: Sql;
  staging: Staging;
}

/**
 * Runs `fn` in one transaction with empty staging tables; commits when it resolves, rolls
 * back when it throws. PostgreSQL: a pooled connection of its own, without the pool's statement
 * timeout (a million-row import outlasts it). The embedded engine, in this process or shared
 * through its socket (the server runs): batched inserts, the engine held for the whole import.
 */
export function withImportSession<T>(db: Database, fn: (session: ImportSession) => Promise<T>, batchRows = BATCH_ROWS): Promise<T> {
  const pool = (db as Database & { pool?: pg.Pool }).pool;
  if (!pool) {
    return db.transaction(async (tx) => {
      for (const statement of createStaging) await tx.execute(statement);
      return fn({ tx, staging: insertStaging(tx, batchRows) });
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
      for (const statement of createStaging) await tx.execute(statement);
      const [{ version } = { version: '' }] = await rows<{ version: string }>(tx, sql`select version() as version`);
      staging = version.includes('PGlite') ? insertStaging(tx, batchRows) : copyStaging(tx, client, batchRows);
      const result = await fn({ tx, staging });
      await client.query('commit');
      return result;
    } catch (e) {
      await staging?.abort();
      // A connection whose rollback fails is dropped, never handed back inside a transaction.
      await client.query('rollback').catch((r: Error) => (failure = r));
      throw e;
    } finally {
      client.release(failure);
    }
  });
}

/** A skipped row: `earlier` when an earlier line of the file has its identifier, else an account existed. */
export interface SkippedRow {
  line: number;
  earlier: boolean;
}

/** The skipped rows noted, in file order. */
export function selectSkippedRows(tx: Sql): Promise<SkippedRow[]> {
  return rows<SkippedRow>(tx, sql`select line, earlier from accounts_import_skipped order by line`);
}

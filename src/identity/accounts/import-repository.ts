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
  /** Of `created`, the rows copied straight into `accounts` (PostgreSQL's direct batches). */
  direct: number;
}

/**
 * Where checked rows go, a batch at a time, each batch sent while the next one is read and
 * checked, so the reading here and the database's inserting overlap. Nothing commits before the
 * end: a bad row later in the file still rolls everything back.
 *
 * PostgreSQL first tries each batch the short way: `COPY` straight into `accounts` inside a
 * savepoint. A batch of new people — a first import, nearly every batch of a later one — lands
 * so at the speed of a plain insert. If the batch holds an identifier that already has an
 * account (or appears twice), the unique index stops the COPY; the savepoint is rolled back,
 * and that batch and every later one go the long way: a temporary table of the transaction
 * (`accounts_import`), filled by COPY, then `insert … on conflict do nothing` into `accounts`,
 * which skips and lists those rows. The embedded engine, whose wire protocol has no COPY
 * sub-protocol, always goes the long way, with batched inserts.
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
/**
 * Direct batches an import tries at most. Each savepoint that wrote is a subtransaction whose
 * id stays in the session's entry of shared memory until the commit; there is room for 64, and
 * past that (subtransaction overflow) every other session's visibility checks must consult
 * `pg_subtrans` while the import runs. Later batches go the long way.
 */
export const DIRECT_BATCHES = 48;
/** Skipped rows listed in the report; the count covers all. */
export const SKIPPED_LISTED = 1000;

/** The columns an import fills in `accounts`; `created_at` and the rest take their defaults. */
const accountColumns = 'id, identifier_type, identifier, given_name_fa, family_name_fa, given_name_en, family_name_en, birth_date, mobile, mobile_verified_at, assurance, password_hash, password_changed_at';
/** The staging table holds rows as `accounts` will, after the line they come from. */
const stagingColumns = `line, ${accountColumns}`;
const createStaging = [
  sql.raw(`create temporary table accounts_import (
    line integer not null, id uuid not null, identifier_type text not null, identifier text not null,
    given_name_fa text not null, family_name_fa text not null, given_name_en text not null, family_name_en text not null,
    birth_date date not null, mobile text not null, mobile_verified_at timestamptz, assurance smallint not null,
    password_hash text, password_changed_at timestamptz
  ) on commit drop`),
  sql.raw(`create temporary table accounts_import_skipped (line integer not null, earlier boolean not null) on commit drop`),
];

const special = /[\\\t\n\r]/;
/** COPY's text format: backslash, tab and line breaks escaped, `\N` for null. */
const copyText = (v: string | null) => (v === null ? '\\N' : !special.test(v) ? v : v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')));

/**
 * A row as `accounts` stores it, in COPY text: the mobile counts as verified (assurance 2) from
 * the import when the file says so, a password as set at the import; `now` is the transaction's
 * `now()` as text (which reads back exactly), so these rows are as if inserted in SQL.
 */
function accountLine(a: ImportedAccount, id: string, now: string): string {
  const pw = a.passwordHash === null ? '\\N\t\\N' : `${copyText(a.passwordHash)}\t${now}`;
  return `${id}\t${a.identifierType}\t${a.identifier}\t${copyText(a.givenNameFa)}\t${copyText(a.familyNameFa)}\t${copyText(a.givenNameEn)}\t${copyText(a.familyNameEn)}\t${a.birthDate}\t${a.mobile}\t${a.mobileVerified ? `${now}\t2` : '\\N\t1'}\t${pw}\n`;
}

/** Lines of COPY text joined a thousand at a time: a batch is a few dozen strings, not tens of thousands. */
const CHUNK_LINES = 1000;

async function copyIn(client: pg.PoolClient, statement: string, chunks: string[]): Promise<void> {
  const stream = client.query(copyFrom(statement));
  for (const chunk of chunks) stream.write(chunk);
  stream.end();
  await finished(stream);
}

/** The unique index said no: an identifier of the batch is taken, or repeated in it. */
const isUniqueViolation = (e: unknown) => (e as { code?: unknown }).code === '23505';

/**
 * Moves the staged batch into `accounts` in file order and empties the table; a row whose
 * identifier already has an account — from before, or from an earlier line (this transaction
 * made it: its `created_at` is this transaction's `now()`) — is skipped, and the first
 * `SKIPPED_LISTED` of those are noted. The mobile counts as verified from the import.
 */
async function moveBatch(tx: Sql, listed: number): Promise<Omit<StagedOutcome, 'direct'>> {
  const [outcome] = await rows<Omit<StagedOutcome, 'direct'>>(
    tx,
    sql`with inserted as (
          insert into accounts (${sql.raw(accountColumns)})
          select ${sql.raw(accountColumns)}
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
 * to be in `accounts`, then goes to the database without being waited for. `send` puts the
 * batch in the staging table, or answers its outcome when it put it in `accounts` itself.
 */
function batching(tx: Sql, method: Staging['method'], collect: (row: ImportedAccount, id: string) => void, send: () => Promise<StagedOutcome | undefined>, batchRows: number): Staging {
  let count = 0;
  let inFlight: Promise<void> = Promise.resolve();
  const total: StagedOutcome = { staged: 0, created: 0, direct: 0 };
  let listed = 0;
  const seal = async () => {
    count = 0;
    await inFlight;
    const sent = send();
    inFlight = sent.then(async (done) => {
      const moved = done ?? { ...(await moveBatch(tx, listed)), direct: 0 };
      total.staged += moved.staged;
      total.created += moved.created;
      total.direct += moved.direct;
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

/**
 * One COPY per batch, straight into `accounts` while no batch has met a taken identifier (and
 * at most `DIRECT_BATCHES` times), else into the staging table. Rows become COPY text as they
 * come, so what waits for the database is a few strings, not objects; a batch refused by the
 * unique index is sent again the long way with each line's number put in front.
 */
function copyStaging(tx: Sql, client: pg.PoolClient, batchRows: number, now: string): Staging {
  let directLeft = DIRECT_BATCHES;
  let chunks: string[] = [];
  let lines: string[] = [];
  let lineNumbers: number[] = [];
  // Whether the batch being read has its line numbers in front already: decided when it starts,
  // once no batch can go straight into `accounts`; the one read while a direct COPY failed is converted.
  let numbered = false;
  return batching(
    tx,
    'copy',
    (row, id) => {
      const text = accountLine(row, id, now);
      if (numbered) lines.push(`${row.line}\t${text}`);
      else {
        lines.push(text);
        lineNumbers.push(row.line);
      }
      if (lines.length === CHUNK_LINES) {
        chunks.push(lines.join(''));
        lines = [];
      }
    },
    async () => {
      if (lines.length) chunks.push(lines.join(''));
      const text = chunks;
      const numbers = lineNumbers;
      const wasNumbered = numbered;
      chunks = [];
      lines = [];
      lineNumbers = [];
      numbered = directLeft <= 1;
      if (!wasNumbered && directLeft > 0) {
        directLeft--;
        await client.query('savepoint import_batch');
        try {
          await copyIn(client, `copy accounts (${accountColumns}) from stdin`, text);
          await client.query('release savepoint import_batch');
          return { staged: numbers.length, created: numbers.length, direct: numbers.length };
        } catch (e) {
          if (!isUniqueViolation(e)) throw e;
          await client.query('rollback to savepoint import_batch');
          await client.query('release savepoint import_batch');
          // Likely the same file again, or more of a population already loaded: the long way from here on.
          directLeft = 0;
        }
      }
      if (!wasNumbered) {
        // COPY text escapes line breaks inside values: each '\n' ends a row.
        let n = 0;
        for (let c = 0; c < text.length; c++) {
          const rows = text[c]!.split('\n');
          rows.pop();
          text[c] = rows.map((row) => `${numbers[n++]}\t${row}\n`).join('');
        }
      }
      await copyIn(client, `copy accounts_import (${stagingColumns}) from stdin`, text);
      return undefined;
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
        // The same values as accountLine (COPY).
        await tx.execute(sql`insert into accounts_import (${sql.raw(stagingColumns)})
          select line, id, identifier_type, identifier, given_name_fa, family_name_fa, given_name_en, family_name_en, birth_date,
                 mobile, case when mobile_verified then now() end, case when mobile_verified then 2 else 1 end, password_hash,
                 case when password_hash is not null then now() end
          from jsonb_to_recordset(${json}::jsonb) as r(line integer, id uuid, identifier_type text, identifier text,
            given_name_fa text, family_name_fa text, given_name_en text, family_name_en text, birth_date date, mobile text, mobile_verified boolean, password_hash text)`);
      }
      return undefined;
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
      const [{ version, now } = { version: '', now: '' }] = await rows<{ version: string; now: string }>(tx, sql`select version() as version, now()::text as now`);
      staging = version.includes('PGlite') ? insertStaging(tx, batchRows) : copyStaging(tx, client, batchRows, now);
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

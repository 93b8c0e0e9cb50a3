import { setImmediate as yieldToIo } from 'node:timers/promises';
import { AppError } from '../../core/errors.ts';
import { type AppDeps, todayOf } from '../../db/app-deps.ts';
import { accountColumns, optionalColumns, type AccountColumn, type AccountImportIssue } from './import-row.ts';
import { rowChecker, type RowVerdict } from './import-fast.ts';
import { selectSkippedRows, withImportSession } from './import-repository.ts';
import { uuidV7Generator } from './import-ids.ts';
import { csvReader, CsvError, type CsvRecord } from './import-csv.ts';

export interface AccountImportReport {
  /** Rows in the file (the header not counted). */
  rows: number;
  created: number;
  /** Rows skipped because their identifier already had an account, or appeared on an earlier line. */
  skipped: number;
  /** The first 1,000 skipped rows: `ACCOUNT_EXISTS` or `DUPLICATE_KEY`, with their lines. */
  skippedRows: AccountImportIssue[];
  /** How the rows reached the database: `copy` (PostgreSQL) or `insert` (embedded engine). */
  method: 'copy' | 'insert';
  /** Of `created`, the accounts copied straight into the table, batches without a taken identifier (PostgreSQL; import-repository.ts). */
  direct: number;
}

export interface AccountImportOptions {
  /** The file's size in bytes, for progress. */
  size?: number;
  /** Called now and then with (percent read, 100). */
  progress?: (done: number, total: number) => void;
  /** Rows per batch (import-repository.ts); tests make it small to cross batch boundaries. */
  batchRows?: number;
}

/** How many problems (or skipped rows) a report lists; the count covers all of them. */
export const REPORT_LIMIT = 1000;

class NotUtf8 extends Error {}

/** The file's text, refusing bytes that are not UTF-8 (decoded across chunk boundaries). */
async function* utf8(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, onBytes: (n: number) => void): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of source) {
      onBytes(chunk.byteLength);
      yield decoder.decode(chunk, { stream: true });
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch (e) {
    if (e instanceof TypeError) throw new NotUtf8();
    throw e;
  }
}

function refuse(issues: AccountImportIssue[], count: number): never {
  throw new AppError('IMPORT_INVALID', {
    message: `The file has ${count} error${count === 1 ? '' : 's'}; nothing was changed`,
    extensions: { errors: issues, errorCount: count },
  });
}

function headerIssues(names: string[]): AccountImportIssue[] {
  const known = new Set<string>(accountColumns);
  const issues: AccountImportIssue[] = [];
  names.forEach((n, i) => {
    if (!known.has(n)) issues.push({ line: 1, field: n, code: 'UNKNOWN_COLUMN', message: `Unknown column "${n}"` });
    else if (names.indexOf(n) !== i) issues.push({ line: 1, field: n, code: 'DUPLICATE_COLUMN', message: `Column "${n}" appears twice` });
  });
  for (const c of accountColumns) if (!optionalColumns.has(c) && !names.includes(c)) issues.push({ line: 1, field: c, code: 'MISSING_COLUMN', message: `The file has no "${c}" column` });
  return issues;
}

/**
 * Loads people's accounts from a CSV file (docs/identity.md, "Importing accounts").
 *
 * All or nothing, in one pass and one transaction: each row is checked as registration would
 * check it and, while no row has failed, staged; after the last row, a file with any bad row
 * is refused with every problem listed (nothing is written), else the staged rows become
 * accounts. A row whose identifier already has an account is skipped and reported, so running
 * the same file again creates nothing and changes nothing: an interrupted import (rolled back)
 * is simply run again. Memory stays flat: the file is streamed, and the rows wait in the
 * database, not here.
 */
export async function importAccounts(deps: AppDeps, source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options: AccountImportOptions = {}): Promise<AccountImportReport> {
  const today = todayOf(deps);
  const nextId = uuidV7Generator(() => deps.now().getTime());
  let bytes = 0;
  const progress = options.progress;
  let last = 0;
  const report = () => {
    if (!progress || Date.now() - last < 100) return;
    last = Date.now();
    progress(options.size ? Math.min(100, Math.floor((bytes / options.size) * 100)) : 0, 100);
  };

  return withImportSession(
    deps.db,
    async ({ tx, staging }) => {
    const reader = csvReader();
    const issues: AccountImportIssue[] = [];
    let issueCount = 0;
    let rows = 0;
    let lastLine = 1;
    let columns: AccountColumn[] | undefined;
    let check: ((line: number, record: string[]) => RowVerdict) | undefined;
    const take = ({ line, cells: record }: CsvRecord): Promise<void> | undefined => {
      lastLine = line;
      if (!columns) {
        const names = record.map((h) => h.trim());
        const problems = headerIssues(names);
        if (problems.length) refuse(problems, problems.length);
        columns = names as AccountColumn[];
        check = rowChecker(columns, today);
        return undefined;
      }
      rows++;
      const checked = check!(line, record);
      if (!checked.ok) {
        issueCount += checked.issues.length;
        for (const issue of checked.issues) if (issues.length < REPORT_LIMIT) issues.push(issue);
        return undefined;
      }
      return issueCount === 0 ? staging.add(checked.account, nextId()) : undefined;
    };
    try {
      for await (const text of utf8(source, (n) => (bytes += n))) {
        for (const record of reader.push(text)) {
          const behind = take(record);
          if (behind) await behind; // only when the database is behind, not once a row
        }
        report();
        // Let the connection's I/O run (the batch being sent and moved): a source already in
        // memory would otherwise keep this loop on microtasks until the next batch must wait.
        await yieldToIo();
      }
      for (const record of reader.end()) await take(record);
    } catch (e) {
      if (e instanceof NotUtf8) refuse([{ line: lastLine + 1, code: 'BAD_ENCODING', message: `The file is not valid UTF-8 (at or after line ${lastLine + 1})` }], 1);
      if (e instanceof CsvError) refuse([{ line: e.line, code: 'MALFORMED_CSV', message: `The CSV file cannot be read (${e.reason})` }], 1);
      throw e;
    }
    if (!columns) refuse([{ line: 1, code: 'EMPTY_FILE', message: 'The file has no header row' }], 1);
    if (issueCount) refuse(issues, issueCount);
    const outcome = await staging.flush();
    const skipped = outcome.staged - outcome.created;
    const skippedRows = skipped
      ? (await selectSkippedRows(tx)).map(
          (s): AccountImportIssue =>
            s.earlier
              ? { line: s.line, field: 'identifier', code: 'DUPLICATE_KEY', message: 'An earlier line of the file has the same identifier; the row was skipped' }
              : { line: s.line, field: 'identifier', code: 'ACCOUNT_EXISTS', message: 'An account with this identifier already exists; the row was skipped' },
        )
      : [];
    progress?.(100, 100);
    return { rows, created: outcome.created, skipped, skippedRows, method: staging.method, direct: outcome.direct };
  },
    options.batchRows,
  );
}

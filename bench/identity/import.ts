// The account import on PostgreSQL (part (c) of bench:identity), also runnable alone while tuning:
//   npx tsx bench/identity/import.ts --pg URL [--rows N] [--runs R] [--floors]
// Each run imports N generated accounts into an empty `accounts` of a fresh scratch database and
// compares with a bare COPY of the same rows into an unindexed copy of the table. --floors adds
// what bounds the import: the JavaScript alone (read, check, COPY text; no database) and the
// database alone (staged rows moved into `accounts` by one insert … on conflict).
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { sql } from 'drizzle-orm';
import { countryPacks } from '../../src/core/country-packs/index.ts';
import { nationalCodeCheckDigit } from '../../src/core/national-code.ts';
import { rows, type Database } from '../../src/db/database.ts';
import { importAccounts } from '../../src/identity/index.ts';
import { uuidV7Generator } from '../../src/identity/accounts/import-ids.ts';
import { openScratchPostgres } from '../../test/support/database.ts';
import { ratio, time } from '../lib/stats.ts';

export const nationalCode = (i: number) => {
  const body = String(100_000_000 + i);
  return `${body}${nationalCodeCheckDigit(body)}`;
};

const csvHeader = 'identifier_type,identifier,given_name_fa,family_name_fa,given_name_en,family_name_en,birth_date,mobile,password_hash,mobile_verified\n';
const mobileOf = (i: number) => `0912${String(i).padStart(7, '0')}`;

/** The file in 10,000-row chunks, made before the clock starts. */
export function generatedCsv(n: number): Buffer[] {
  const chunks = [Buffer.from(csvHeader)];
  for (let start = 0; start < n; start += 10_000) {
    let s = '';
    for (let i = start; i < Math.min(n, start + 10_000); i++) s += `national_code,${nationalCode(i)},زهرا,احمدی,Zahra,Ahmadi,1990-03-21,${mobileOf(i)},,${i % 2 ? 'true' : 'false'}\n`;
    chunks.push(Buffer.from(s));
  }
  return chunks;
}

/** The same rows as COPY text, as the table stores them (E.164, assurance), for the baseline. */
function generatedCopyText(n: number, id: () => string = () => crypto.randomUUID()): string[] {
  const chunks: string[] = [];
  for (let start = 0; start < n; start += 10_000) {
    let s = '';
    for (let i = start; i < Math.min(n, start + 10_000); i++) s += `${id()}\tnational_code\t${nationalCode(i)}\tزهرا\tاحمدی\tZahra\tAhmadi\t1990-03-21\t+98912${String(i).padStart(7, '0')}\t${i % 2 ? 2 : 1}\n`;
    chunks.push(s);
  }
  return chunks;
}

async function copyInto(pool: pg.Pool, statement: string, chunks: string[]): Promise<void> {
  const client = await pool.connect();
  try {
    const stream = client.query(copyFrom(statement));
    for (const c of chunks) if (!stream.write(c)) await once(stream, 'drain');
    stream.end();
    await finished(stream);
  } finally {
    client.release();
  }
}

const bareColumns = 'id, identifier_type, identifier, given_name_fa, family_name_fa, given_name_en, family_name_en, birth_date, mobile, assurance';

export interface ImportFigures {
  rows: number;
  importMs: number;
  bareCopyMs: number;
  method: string;
  direct: number;
  /** CPU seconds of this process during the import. */
  nodeCpu: number;
  /** CPU seconds of the database's server processes for this database during the import; undefined when the server is not on this machine. */
  pgCpu: number | undefined;
}

/**
 * CPU seconds so far of the server processes serving `db`'s database, read from /proc: the
 * machine is shared, so wall time measures the neighbours too; CPU time measures the work.
 */
async function serverCpu(db: Database): Promise<number | undefined> {
  const pids = await db.run((q) => rows<{ pid: number }>(q, sql`select pid from pg_stat_activity where datname = current_database()`));
  let ticks = 0;
  for (const { pid } of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      return undefined;
    }
  }
  return ticks / 100;
}

/** One measured import of `n` generated rows into `db`'s empty `accounts`, and the bare COPY beside it. */
export async function measureImport(db: Database & { pool: pg.Pool }, n: number): Promise<ImportFigures> {
  const file = generatedCsv(n);
  const bytes = file.reduce((s, c) => s + c.length, 0);
  const deps = { db, pack: countryPacks.ir, now: () => new Date() };
  // Both connections of the pool opened first, so the server processes counted are the ones that work.
  await Promise.all([0, 1].map(() => db.run((q) => q.execute(sql`select pg_sleep(0.05)`))));
  const pgBefore = await serverCpu(db);
  const cpu = process.cpuUsage();
  const ours = await time(() => importAccounts(deps, file, { size: bytes }));
  const used = process.cpuUsage(cpu);
  const pgAfter = await serverCpu(db);
  if (ours.value.created !== n) throw new Error(`imported ${ours.value.created} of ${n}`);
  await db.run((q) => q.execute(sql`create table accounts_bare (like accounts including defaults)`));
  const copyText = generatedCopyText(n);
  const base = await time(() => copyInto(db.pool, `copy accounts_bare (${bareColumns}) from stdin`, copyText));
  await db.run((q) => q.execute(sql`drop table accounts_bare`));
  const pgCpu = pgBefore === undefined || pgAfter === undefined ? undefined : pgAfter - pgBefore;
  return { rows: n, importMs: ours.ms, bareCopyMs: base.ms, method: ours.value.method, direct: ours.value.direct, nodeCpu: (used.user + used.system) / 1e6, pgCpu };
}

export const rate = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en')} rows/s (${(ms / 1000).toFixed(1)} s)`;

export function printImportTable(f: ImportFigures): void {
  const perCpu = (cpu: number) => `${cpu.toFixed(1)} s, ${Math.round(f.rows / cpu).toLocaleString('en')} rows per CPU-second`;
  console.log(`file: ${f.rows.toLocaleString('en')} rows; method: ${f.method}, ${f.direct.toLocaleString('en')} rows copied straight into accounts`);
  console.log(`CPU during the import: this process ${perCpu(f.nodeCpu)}; the database's server processes ${f.pgCpu === undefined ? 'not measured (not on this machine)' : perCpu(f.pgCpu)}`);
  console.log('| OneWindow `users import` (parse, check, COPY, insert into the indexed table) | baseline: bare COPY of the same rows into an unindexed table | ratio | goal |');
  console.log('|---|---|---|---|');
  console.log(`| ${rate(f.rows, f.importMs)} | ${rate(f.rows, f.bareCopyMs)} | ${ratio(f.bareCopyMs, f.importMs)} | ≥ 100,000 rows/s |`);
}

/**
 * The database's share alone, in a fresh database: the same rows (UUIDv7 ids, as the import
 * makes them) put into a copy of `accounts` with its indexes and settings, by the import's two
 * ways — a COPY straight in (direct batches) and staged rows moved by insert … on conflict.
 */
async function databaseFloor(url: string, n: number): Promise<void> {
  const db = (await openScratchPostgres(url, 'ow_bench_import', 2)) as Database & { pool: pg.Pool };
  try {
    const text = generatedCopyText(n, uuidV7Generator());
    await db.run((q) => q.execute(sql`create table floor_direct (like accounts including all)`));
    const copy = await time(() => copyInto(db.pool, `copy floor_direct (${bareColumns}) from stdin`, text));
    console.log(`database floor, direct: COPY straight into an empty copy of accounts (both unique indexes): ${rate(n, copy.ms)}`);
    await db.run((q) => q.execute(sql`create unlogged table staged (like accounts including defaults)`));
    await copyInto(db.pool, `copy staged (${bareColumns}) from stdin`, text);
    await db.run((q) => q.execute(sql`create table floor_staged (like accounts including all)`));
    const insert = await time(() => db.run((q) => q.execute(sql`insert into floor_staged select * from staged on conflict (identifier_type, identifier) do nothing`)));
    console.log(`database floor, long way: staged rows moved by one insert … on conflict do nothing into an empty copy of accounts: ${rate(n, insert.ms)}`);
  } finally {
    await db.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { pg: { type: 'string' }, rows: { type: 'string' }, runs: { type: 'string' }, floors: { type: 'boolean' } } });
  const url = values.pg ?? process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('give --pg URL');
  const n = Number(values.rows ?? 1_000_000);
  for (let run = 0; run < Number(values.runs ?? 1); run++) {
    const db = (await openScratchPostgres(url, 'ow_bench_import', 2)) as Database & { pool: pg.Pool };
    try {
      printImportTable(await measureImport(db, n));
    } finally {
      await db.close();
    }
  }
  if (values.floors) await databaseFloor(url, n);
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await main();

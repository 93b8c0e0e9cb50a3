// `npm run bench:identity`: people's accounts, each figure next to a baseline measured in the same run.
//   (a) bare argon2id verifications per second (OWASP parameters) at 1, 2 and 4 in flight — the floor of (b);
//   (b) password sign-ins per second through the whole flow (POST /sign-in over app.inject), as many in flight (sign-in.ts);
//   (c) on PostgreSQL: `users import` of generated accounts vs a bare COPY of the same rows into an
//       unindexed table, and account lookup p99 with them loaded vs a bare primary-key select;
//   (d) peak RSS and heap of the (in-process) server during (b) (sign-in.ts).
// Options: --pg URL (else BENCH_DATABASE_URL or TEST_DATABASE_URL; none: (c) is skipped),
//          --rows N (default 1,000,000), --seconds S per throughput run (default 5).
import { parseArgs } from 'node:util';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { sql } from 'drizzle-orm';
import { countryPacks } from '../../src/core/country-packs/index.ts';
import { nationalCodeCheckDigit } from '../../src/core/national-code.ts';
import { rows, type Database } from '../../src/db/database.ts';
import { findAccountByIdentifier, importAccounts } from '../../src/identity/index.ts';
import { openScratchPostgres } from '../../test/support/database.ts';
import { heading, ms, ratio, summarise, time } from '../lib/stats.ts';
import { grantsBench } from './grants.ts';
import { signInBench } from './sign-in.ts';
import { benchEngines } from '../lib/databases.ts';

const { values: opts } = parseArgs({ options: { pg: { type: 'string' }, rows: { type: 'string' }, seconds: { type: 'string' } } });
const pgUrl = opts.pg ?? process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const importRows = Number(opts.rows ?? 1_000_000);
const seconds = Number(opts.seconds ?? 5);

const nationalCode = (i: number) => {
  const body = String(100_000_000 + i);
  return `${body}${nationalCodeCheckDigit(body)}`;
};

const csvHeader = 'identifier_type,identifier,given_name_fa,family_name_fa,given_name_en,family_name_en,birth_date,mobile,password_hash,mobile_verified\n';
const mobileOf = (i: number) => `0912${String(i).padStart(7, '0')}`;

/** The file in 10,000-row chunks, made before the clock starts. */
function generatedCsv(n: number): Buffer[] {
  const chunks = [Buffer.from(csvHeader)];
  for (let start = 0; start < n; start += 10_000) {
    let s = '';
    for (let i = start; i < Math.min(n, start + 10_000); i++) s += `national_code,${nationalCode(i)},زهرا,احمدی,Zahra,Ahmadi,1990-03-21,${mobileOf(i)},,${i % 2 ? 'true' : 'false'}\n`;
    chunks.push(Buffer.from(s));
  }
  return chunks;
}

/** The same rows as COPY text, as the table stores them (E.164, assurance), for the baseline. */
function generatedCopyText(n: number): string[] {
  const chunks: string[] = [];
  for (let start = 0; start < n; start += 10_000) {
    let s = '';
    for (let i = start; i < Math.min(n, start + 10_000); i++) s += `${crypto.randomUUID()}\tnational_code\t${nationalCode(i)}\tزهرا\tاحمدی\tZahra\tAhmadi\t1990-03-21\t+98912${String(i).padStart(7, '0')}\t${i % 2 ? 2 : 1}\n`;
    chunks.push(s);
  }
  return chunks;
}

async function bareCopy(pool: pg.Pool, chunks: string[]): Promise<void> {
  const client = await pool.connect();
  try {
    const stream = client.query(copyFrom('copy accounts_bare (id, identifier_type, identifier, given_name_fa, family_name_fa, given_name_en, family_name_en, birth_date, mobile, assurance) from stdin'));
    for (const c of chunks) if (!stream.write(c)) await once(stream, 'drain');
    stream.end();
    await finished(stream);
  } finally {
    client.release();
  }
}

/** (c) Import and lookups on PostgreSQL. */
async function onPostgres(url: string): Promise<void> {
  heading(`PostgreSQL: import of ${importRows.toLocaleString('en')} generated accounts, then lookups`);
  const db = (await openScratchPostgres(url, 'ow_bench_identity', 4)) as Database & { pool: pg.Pool };
  try {
    const file = generatedCsv(importRows);
    const bytes = file.reduce((s, c) => s + c.length, 0);
    console.log(`file: ${(bytes / 1e6).toFixed(1)} MB`);
    const deps = { db, pack: countryPacks.ir, now: () => new Date() };
    const ours = await time(() => importAccounts(deps, file, { size: bytes }));
    if (ours.value.created !== importRows) throw new Error(`imported ${ours.value.created} of ${importRows}`);
    await db.run((q) => q.execute(sql`create table accounts_bare (like accounts including defaults)`));
    const copyText = generatedCopyText(importRows);
    const base = await time(() => bareCopy(db.pool, copyText));
    const oursRate = importRows / (ours.ms / 1000);
    const baseRate = importRows / (base.ms / 1000);
    console.log('| OneWindow `users import` (parse, check, COPY to staging, insert … on conflict into the indexed table) | baseline: bare COPY of the same rows into an unindexed table | ratio | goal |');
    console.log('|---|---|---|---|');
    console.log(`| ${Math.round(oursRate).toLocaleString('en')} rows/s (${(ours.ms / 1000).toFixed(1)} s) | ${Math.round(baseRate).toLocaleString('en')} rows/s (${(base.ms / 1000).toFixed(1)} s) | ${ratio(oursRate, baseRate)} | ≥ 100,000 rows/s |`);

    await db.run((q) => q.execute(sql`analyze accounts`));
    const ids = (await db.run((q) => rows<{ id: string }>(q, sql`select id from accounts tablesample system (1) limit 10000`))).map((r) => r.id);
    const lookups = 10_000;
    const sample = Array.from({ length: lookups }, () => Math.floor(Math.random() * importRows));
    const byIdentifier: number[] = [];
    for (const i of sample) {
      const t = await time(() => db.run((q) => findAccountByIdentifier(q, 'national_code', nationalCode(i))));
      if (!t.value) throw new Error('an imported account was not found');
      byIdentifier.push(t.ms);
    }
    const byKey: number[] = [];
    for (let k = 0; k < lookups; k++) byKey.push((await time(() => db.run((q) => rows(q, sql`select id from accounts where id = ${ids[k % ids.length]}`)))).ms);
    const a = summarise(byIdentifier);
    const b = summarise(byKey);
    console.log(`\n| account lookup by identifier (all columns) p50 | p99 | baseline: bare primary-key select p50 | p99 | p99 ratio | goal |`);
    console.log('|---|---|---|---|---|---|');
    console.log(`| ${ms(a.p50)} | ${ms(a.p99)} | ${ms(b.p50)} | ${ms(b.p99)} | ${ratio(a.p99, b.p99)} | p99 < 2 ms |`);
    const [size] = await db.run((q) => rows<{ table: string; indexes: string }>(q, sql`select pg_size_pretty(pg_table_size('accounts')) as table, pg_size_pretty(pg_indexes_size('accounts')) as indexes`));
    const each = await db.run((q) => rows<{ name: string; size: string }>(q, sql`select indexrelid::regclass::text as name, pg_size_pretty(pg_relation_size(indexrelid)) as size from pg_index where indrelid = 'accounts'::regclass order by 1`));
    console.log(`\naccounts with ${importRows.toLocaleString('en')} rows: table ${size!.table}, indexes ${size!.indexes} (${each.map((i) => `${i.name} ${i.size}`).join(', ')})`);
  } finally {
    await db.close();
  }
}

console.log(`# OneWindow identity benchmarks — ${new Date().toISOString()} — Node ${process.version}`);
heading('Password sign-in');
// On PostgreSQL the database's work runs in its own processes; on the embedded engine in this one.
await signInBench(benchEngines(), seconds);

heading('Token grants (per core)');
await grantsBench();

if (pgUrl) await onPostgres(pgUrl);
else console.log('\nPostgreSQL part skipped: give --pg URL, or set BENCH_DATABASE_URL or TEST_DATABASE_URL.');

// `npm run bench:identity`: people's accounts, each figure next to a baseline measured in the same run.
//   (a) bare argon2id verifications per second on one core (OWASP parameters) — the floor of (b);
//   (b) password sign-ins per second through the whole flow (POST /sign-in over app.inject);
//   (c) on PostgreSQL: `users import` of generated accounts vs a bare COPY of the same rows into an
//       unindexed table, and account lookup p99 with them loaded vs a bare primary-key select;
//   (d) peak RSS and heap of the (in-process) server during (b).
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
import { findAccountByIdentifier, hashPassword, importAccounts, insertAccount, verifyPassword, passwordHashOptions } from '../../src/identity/index.ts';
import { openScratchPostgres } from '../../test/support/database.ts';
import { openTestApp } from '../../test/support/app.ts';
import { heading, ms, ratio, summarise, time } from '../lib/stats.ts';
import { grantsBench } from './grants.ts';
import { defaultAccessRoutes, defaultSwitchBody, defaultSwitchRoute, profilesBench } from './profiles.ts';
import { benchEngines } from '../lib/databases.ts';
import type { Engine } from '../../src/db/database.ts';

const { values: opts } = parseArgs({
  options: {
    pg: { type: 'string' },
    rows: { type: 'string' },
    seconds: { type: 'string' },
    // Identity II (bench/identity/profiles.ts): only that part runs.
    profiles: { type: 'boolean' },
    'profiles-accounts': { type: 'string' },
    'profiles-records': { type: 'string' },
    'profiles-samples': { type: 'string' },
    'accesses-route': { type: 'string', multiple: true },
    'switch-route': { type: 'string' },
    'switch-body': { type: 'string' },
    explain: { type: 'boolean' },
    'keep-db': { type: 'string' },
  },
});
const pgUrl = opts.pg ?? process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const importRows = Number(opts.rows ?? 1_000_000);
const seconds = Number(opts.seconds ?? 5);
const password = 'correct horse battery staple';

const nationalCode = (i: number) => {
  const body = String(100_000_000 + i);
  return `${body}${nationalCodeCheckDigit(body)}`;
};

/** Runs `step` back to back for `seconds`; counts per wall second and per CPU second of this process (all its threads). */
async function throughput(step: () => Promise<unknown>): Promise<{ n: number; perSecond: number; perCpuSecond: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < seconds * 1000) {
    await step();
    n++;
  }
  const wall = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { n, perSecond: n / wall, perCpuSecond: n / ((used.user + used.system) / 1e6) };
}

/** (a) The floor: one verification at a time, so one core of the libuv pool works. */
async function bareArgon2(): Promise<number> {
  const stored = await hashPassword(password);
  await verifyPassword(stored, password);
  const r = await throughput(() => verifyPassword(stored, password));
  console.log(`argon2id m=${passwordHashOptions.memoryCost} KiB, t=${passwordHashOptions.timeCost}, p=${passwordHashOptions.parallelism}: ${r.perSecond.toFixed(1)} verifications/s (${r.perCpuSecond.toFixed(1)} per CPU-second), ${r.n} in ${seconds} s`);
  return r.perSecond;
}

const hiddenInputs = (html: string) =>
  Object.fromEntries([...html.matchAll(/<input[^>]*type="hidden"[^>]*>/g)].flatMap(([tag]) => {
    const name = /name="([^"]*)"/.exec(tag)?.[1];
    return name ? [[name, /value="([^"]*)"/.exec(tag)?.[1] ?? '']] : [];
  }));
const cookiesOf = (setCookie: string | string[] | undefined) => [setCookie ?? []].flat().map((c) => c.split(';')[0]).join('; ');

/** (b) + (d): sign-ins through the pages, one at a time; memory sampled meanwhile. */
async function signIns(floor: number, engine: Engine): Promise<void> {
  const t = await openTestApp(engine);
  try {
    // Whoever builds POST /sign-in (identifier + password) makes this part count; until then it says so.
    const page = await t.app.inject({ method: 'GET', url: '/sign-in' });
    if (page.statusCode === 404) return void console.log('sign-in flow: not available (GET /sign-in answers 404) — the sign-in pages are not merged yet');
    const stored = await hashPassword(password);
    const people = 50;
    await t.db.transaction(async (tx) => {
      for (let i = 0; i < people; i++)
        await insertAccount(tx, { id: crypto.randomUUID(), identifierType: 'national_code', identifier: nationalCode(i), givenNameFa: 'زهرا', familyNameFa: 'احمدی', givenNameEn: 'Zahra', familyNameEn: 'Ahmadi', birthDate: '1990-03-21', mobile: `+98912${String(i).padStart(7, '0')}`, assurance: 2, mobileVerified: true, passwordHash: stored });
    });
    let i = 0;
    let failed: string | undefined;
    const signIn = async () => {
      const n = i++;
      const remoteAddress = `10.0.${(n >> 8) & 255}.${n & 255}`;
      const form = await t.app.inject({ method: 'GET', url: '/sign-in?method=password', remoteAddress });
      const body = new URLSearchParams({ ...hiddenInputs(form.body), identifier: nationalCode(n % people), password });
      const res = await t.app.inject({ method: 'POST', url: '/sign-in', remoteAddress, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookiesOf(form.headers['set-cookie']) }, payload: body.toString() });
      if (res.statusCode >= 400 || !res.headers['set-cookie']) failed ??= `POST /sign-in answered ${res.statusCode}`;
    };
    await signIn();
    if (failed) return void console.log(`sign-in flow: not available (${failed}; this benchmark posts identifier + password with the form's hidden fields)`);
    let rss = 0;
    let heap = 0;
    const sample = () => {
      const m = process.memoryUsage();
      rss = Math.max(rss, m.rss);
      heap = Math.max(heap, m.heapUsed);
    };
    const before = process.memoryUsage();
    const sampler = setInterval(sample, 10);
    const r = await throughput(signIn);
    clearInterval(sampler);
    sample();
    if (failed) console.log(`sign-in flow: some sign-ins failed (${failed})`);
    console.log(`password sign-ins through the whole flow (${engine}): ${r.perSecond.toFixed(1)}/s (${r.perCpuSecond.toFixed(1)} per CPU-second), ${r.n} in ${seconds} s`);
    console.log(`| flow sign-ins/s | bare argon2id verifications/s | ratio (goal ≥ 0.80×) |\n|---|---|---|\n| ${r.perSecond.toFixed(1)} | ${floor.toFixed(1)} | ${ratio(r.perSecond, floor)} |`);
    console.log(`peak memory during the sign-in run (server in this process): RSS ${(rss / 2 ** 20).toFixed(0)} MiB (before: ${(before.rss / 2 ** 20).toFixed(0)} MiB), heap used ${(heap / 2 ** 20).toFixed(0)} MiB (before: ${(before.heapUsed / 2 ** 20).toFixed(0)} MiB)`);
  } finally {
    await t.close();
  }
}

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
if (opts.profiles) {
  if (!pgUrl) throw new Error('--profiles runs on PostgreSQL only: give --pg URL, or set BENCH_DATABASE_URL or TEST_DATABASE_URL');
  await profilesBench({
    pgUrl,
    accounts: Number(opts['profiles-accounts'] ?? 1_000_000),
    records: Number(opts['profiles-records'] ?? 10_000_000),
    samples: Number(opts['profiles-samples'] ?? 2000),
    accessRoutes: opts['accesses-route'] ?? defaultAccessRoutes,
    switchRoute: opts['switch-route'] ?? defaultSwitchRoute,
    switchBody: opts['switch-body'] ?? defaultSwitchBody,
    explain: opts.explain ?? false,
    keepDb: opts['keep-db'],
  });
  process.exit(0);
}
heading('Password sign-in (per core)');
const floor = await bareArgon2();
// On PostgreSQL the database's work runs in its own processes; on the embedded engine in this one.
for (const engine of benchEngines()) await signIns(floor, engine);

heading('Token grants (per core)');
await grantsBench();

if (pgUrl) await onPostgres(pgUrl);
else console.log('\nPostgreSQL part skipped: give --pg URL, or set BENCH_DATABASE_URL or TEST_DATABASE_URL.');

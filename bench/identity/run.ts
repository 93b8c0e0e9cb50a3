// `npm run bench:identity`: people's accounts, each figure next to a baseline measured in the same run.
//   (a) bare argon2id verifications per second (OWASP parameters) at 1, 2 and 4 in flight — the floor of (b);
//   (b) password sign-ins per second through the whole flow (POST /sign-in over app.inject), as many in flight (sign-in.ts);
//   (c) on PostgreSQL: `users import` of generated accounts vs a bare COPY of the same rows into an
//       unindexed table, and account lookup p99 with them loaded vs a bare primary-key select;
//   (d) peak RSS and heap of the (in-process) server during (b) (sign-in.ts).
// Options: --pg URL (else BENCH_DATABASE_URL or TEST_DATABASE_URL; none: (c) is skipped),
//          --rows N (default 1,000,000), --seconds S per throughput run (default 5);
//          --profiles: only Identity II on PostgreSQL (bench/identity/profiles.ts, its options there).
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { sql } from 'drizzle-orm';
import { rows, type Database } from '../../src/db/database.ts';
import { findAccountByIdentifier } from '../../src/identity/index.ts';
import { openScratchPostgres } from '../../test/support/database.ts';
import { heading, ms, ratio, summarise, time } from '../lib/stats.ts';
import { grantsBench } from './grants.ts';
import { signInBench } from './sign-in.ts';
import { defaultAccessRoutes, defaultSwitchBody, defaultSwitchRoute, profilesBench } from './profiles.ts';
import { measureImport, nationalCode, printImportTable } from './import.ts';
import { benchEngines } from '../lib/databases.ts';

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

/** (c) Import and lookups on PostgreSQL. */
async function onPostgres(url: string): Promise<void> {
  heading(`PostgreSQL: import of ${importRows.toLocaleString('en')} generated accounts, then lookups`);
  const db = (await openScratchPostgres(url, 'ow_bench_identity', 4)) as Database & { pool: pg.Pool };
  try {
    printImportTable(await measureImport(db, importRows));

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
heading('Password sign-in');
// On PostgreSQL the database's work runs in its own processes; on the embedded engine in this one.
await signInBench(benchEngines(), seconds);

heading('Token grants (per core)');
await grantsBench();

if (pgUrl) await onPostgres(pgUrl);
else console.log('\nPostgreSQL part skipped: give --pg URL, or set BENCH_DATABASE_URL or TEST_DATABASE_URL.');

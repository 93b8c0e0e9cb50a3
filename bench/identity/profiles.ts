// `npm run bench:identity -- --profiles --pg URL`: Identity II on PostgreSQL, each figure next to a
// baseline measured in the same run.
//   (a) "who accessed my data", first page of 20 for a person with hundreds of records: the bare
//       query (`selectAccesses`) — the baseline — and the same through the app (a page and/or API
//       route, `--accesses-route`, `{code}` standing for the national code); the bare query for
//       people with few records or none (every time window read), and the single statement it
//       replaced ("before");
//   (b) profile switch through the app (`--switch-route`, POST, body `--switch-body`) against the
//       bare UPDATE of the session row.
// Data: `--profiles-accounts` accounts (default 1,000,000) and `--profiles-records` exchange-log
// records (default 10,000,000) over 180 day partitions, generated in SQL, then ANALYZE (~5–9
// minutes): `--keep-db NAME` generates into database NAME and keeps it, and later runs with the
// same name reuse it (drop it yourself when done).
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config/load.ts';
import { nationalCodeCheckDigit } from '../../src/core/national-code.ts';
import { rows, type Database } from '../../src/db/database.ts';
import { selectAccesses } from '../../src/exchange/data-subject/access-repository.ts';
import { ensurePartitions } from '../../src/exchange/log/partitions.ts';
import { createCitizenSession } from '../../src/identity/citizen-sessions/index.ts';
import { createStaff, issueToken } from '../../src/identity/index.ts';
import { openScratchPostgres } from '../../test/support/database.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { migrate } from '../../src/db/migrate.ts';
import { heading, ms, ratio, summarise, time } from '../lib/stats.ts';

export interface ProfilesBenchOptions {
  pgUrl: string;
  accounts: number;
  records: number;
  /** Timed requests per figure. */
  samples: number;
  /** GET routes of "who accessed my data"; `{code}` is the person's national code. Citizen routes (`/account/…`, `/api/v1/me/…`) are called signed in as that person, others as an operator. */
  accessRoutes: string[];
  switchRoute: string;
  switchBody: string;
  /** Print the plan of the bare query (EXPLAIN ANALYZE). */
  explain?: boolean;
  /** Generate into database `keepDb` and keep it; a later run with the same name reuses its data (generation takes minutes). Drop it yourself when done. */
  keepDb?: string;
}

/** Database `name` next to `adminUrl`, created and migrated if missing; `fresh` tells whether it must still be filled. Closing keeps it. */
async function openKeptPostgres(adminUrl: string, name: string, poolSize: number): Promise<{ db: Database; fresh: boolean }> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`--keep-db ${name}: lower-case letters, digits and _ only`);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString(), poolSize);
  await migrate(db);
  // The generator's own table is written first and its last step is ANALYZE: a run stopped half-way is started over.
  const [done] = await db.run((q) => rows<{ n: number }>(q, sql`select count(*)::int as n from pg_tables where tablename = 'bench_generated'`));
  return { db, fresh: done?.n !== 1 };
}

/** The single statement `selectAccesses` ran before it read in time windows (kept as the "before" figure). */
const selectAccessesSql = `select l.at, l.node, l.seq, l.message_id, l.consumer, l.service, l.method, l.endpoint, l.purpose, l.status, l.error_type
  from exchange_log l
  where l.data_subject = $1
    and not (l.status = 0 and exists (select 1 from exchange_log o where o.node = l.node and o.message_id = l.message_id and o.seq > l.seq and o.at >= l.at))
  order by l.at desc, l.node desc, l.seq desc limit 20`;

/** The citizen's page and API, and the operator's API. */
export const defaultAccessRoutes = ['/account/accesses', '/api/v1/me/accesses?limit=20', '/api/v1/exchange/data-subjects/{code}/accesses?limit=20'];
export const defaultSwitchRoute = '/api/v1/me/profiles/active';
export const defaultSwitchBody = '{"profileId":null}';

/** People with hundreds of records each (500: a thousand of them in ten million): every 20th call is about one of them. */
const heavySubjectsOf = (records: number) => Math.max(1, Math.min(1000, Math.floor(records / 10_000)));
const days = 180;
const bodyOf = (n: number) => String(200_000_000 + n);
const codeOf = (n: number) => `${bodyOf(n)}${nationalCodeCheckDigit(bodyOf(n))}`;

/** The national code of 9-digit `b` with its check digit, in SQL (core/national-code.ts's rule). */
const withCheckDigit = (b: string) =>
  `${b} || (select (case when r < 2 then r else 11 - r end)::text from (select sum(substr(${b}, k, 1)::int * (11 - k))::int % 11 as r from generate_series(1, 9) k) x)`;

async function generate(db: Database & { pool: pg.Pool }, o: ProfilesBenchOptions): Promise<void> {
  const exec = (statement: string) => db.run((q) => q.execute(sql.raw(statement)));
  const accounts = await time(async () => {
    await exec(`create unlogged table bench_subjects (n integer primary key, code text not null)`);
    await exec(`insert into bench_subjects select n, ${withCheckDigit(`(200000000 + n)::text`)} from generate_series(0, ${o.accounts - 1}) n`);
    await exec(`insert into accounts (id, identifier_type, identifier, given_name_fa, family_name_fa, given_name_en, family_name_en, birth_date, mobile, mobile_verified_at, assurance)
                select gen_random_uuid(), 'national_code', code, 'زهرا', 'احمدی', 'Zahra', 'Ahmadi', date '1990-03-21', '+98912' || lpad(n::text, 7, '0'), now(), 2 from bench_subjects`);
  });
  const [check] = await db.run((q) => rows<{ code: string }>(q, sql`select code from bench_subjects where n = 7`));
  if (check?.code !== codeOf(7)) throw new Error(`the SQL check digit disagrees with core/national-code.ts (${check?.code} vs ${codeOf(7)})`);

  // Every call writes two records (its intent, status 0, then its outcome), as the gateway does;
  // every 20th call is about a heavy subject, every 10th about nobody, the rest spread over all.
  const now = Date.now();
  await ensurePartitions(db, Array.from({ length: days + 1 }, (_, d) => new Date(now - d * 86_400_000)));
  const chunk = 500_000;
  const ranges: [number, number][] = [];
  for (let lo = 0; lo < o.records; lo += chunk) ranges.push([lo, Math.min(o.records, lo + chunk) - 1]);
  const heavySubjects = heavySubjectsOf(o.records);
  // Calls go back in time as they are numbered, so each chunk fills a few partitions in turn
  // (as the gateway fills today's) rather than touching every partition's indexes at random.
  const secondsPerCall = (days * 86400) / Math.ceil(o.records / 2);
  const spread = o.accounts - heavySubjects;
  const insertRange = ([lo, hi]: [number, number]) =>
    exec(`insert into exchange_log (node, seq, at, message_id, consumer, service, method, path, endpoint, data_subject, purpose, status, latency_ms, prev_hash, hash)
          select 'bench-' || (c % 4), i, to_timestamp(${now / 1000}) - (c * ${secondsPerCall}) * interval '1 second' + (i % 2) * interval '1 millisecond',
                 'm' || c, 'IR/GOV/10000001/tax-app', 'IR/GOV/10000002/registry/persons', 'GET', '/r1/IR/GOV/10000002/registry/persons', '/persons/{code}',
                 s.code, 'case ' || c, case when i % 2 = 0 then 0 else 200 end, 12.5, 'x', 'x'
          from (select i, i / 2 as c from generate_series(${lo}, ${hi}) i) g
          left join bench_subjects s on s.n = case when c % 20 = 0 then (c / 20) % ${heavySubjects} when c % 10 = 3 then null else ${heavySubjects} + (c::bigint * 7919) % ${spread} end`);
  const log = await time(async () => {
    let next = 0;
    // Two writers at once: the pool has four connections, the machine few cores.
    await Promise.all(
      [0, 1].map(async () => {
        while (next < ranges.length) await insertRange(ranges[next++]!);
      }),
    );
  });
  const analyse = await time(() => exec('analyze accounts; analyze exchange_log'));
  await exec('create table bench_generated (at timestamptz not null default now())');
  console.log(`generated ${o.accounts.toLocaleString('en')} accounts in ${(accounts.ms / 1000).toFixed(1)} s, ${o.records.toLocaleString('en')} log records over ${days + 1} day partitions in ${(log.ms / 1000).toFixed(1)} s, ANALYZE ${(analyse.ms / 1000).toFixed(1)} s`);
}

/** `samples` timings of `step(k)` after a warm-up, as p50/p99. */
async function measure(samples: number, step: (k: number) => Promise<unknown>) {
  for (let k = 0; k < Math.min(50, samples); k++) await step(k);
  const taken: number[] = [];
  for (let k = 0; k < samples; k++) taken.push((await time(() => step(k))).ms);
  return summarise(taken);
}

const citizenRoute = (route: string) => route.startsWith('/account') || route.startsWith('/api/v1/me');

export async function profilesBench(o: ProfilesBenchOptions): Promise<void> {
  heading(`Identity II on PostgreSQL: "who accessed my data" and profile switch, ${o.accounts.toLocaleString('en')} accounts, ${o.records.toLocaleString('en')} log records`);
  const kept = o.keepDb ? await openKeptPostgres(o.pgUrl, o.keepDb, 4) : undefined;
  const db = (kept?.db ?? (await openScratchPostgres(o.pgUrl, 'ow_bench_profiles', 4))) as Database & { pool: pg.Pool };
  try {
    if (!kept || kept.fresh) {
      if (kept) await db.run((q) => q.execute(sql.raw('drop table if exists bench_subjects; truncate accounts cascade; truncate exchange_log')));
      await generate(db, o);
    } else console.log(`reusing the data in database ${o.keepDb} (generated by an earlier run; drop it to start over)`);
    // The heavy subjects, each signed in with a portal session.
    const people = heavySubjectsOf(o.records);
    const signedIn: { code: string; sessionId: string; cookie: string; csrf: string }[] = [];
    for (let j = 0; j < people; j++) {
      const code = codeOf(j);
      const [account] = await db.run((q) => rows<{ id: string }>(q, sql`select id from accounts where identifier_type = 'national_code' and identifier = ${code}`));
      const s = await db.transaction((tx) => createCitizenSession(tx, { accountId: account!.id, accountAssurance: 2, amr: ['pwd'], secondFactorPending: false }));
      signedIn.push({ code, sessionId: s.sessionId, cookie: `ow_session=${s.secret}`, csrf: s.csrfToken });
    }
    const [{ n: perPerson } = { n: 0 }] = await db.run((q) => rows<{ n: number }>(q, sql`select count(*)::int as n from exchange_log where data_subject = ${signedIn[0]!.code}`));
    console.log(`each measured person: ${perPerson} log records (half of them intents), over ${days} days`);

    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    const app = await buildApp({ config, db, logger: false });
    await app.ready();
    try {
      const operator = await createStaff(db, { name: 'bench operator', role: 'operator', agencyCode: null });
      const bearer = `Bearer ${(await issueToken(db, operator.id)).token}`;
      const person = (k: number) => signedIn[k % people]!;

      const bare = await measure(o.samples, (k) => selectAccesses(db, { subject: person(k).code, limit: 20 }));
      const first = await selectAccesses(db, { subject: person(0).code, limit: 20 });
      if (first.length !== 20) throw new Error(`the bare query found ${first.length} records, not a page of 20`);
      if (o.explain) {
        // The plan of the baseline, for whoever tunes it: the same statement through a plain client.
        const client = await db.pool.connect();
        try {
          const text = (await client.query(`explain (analyze, buffers, costs off) ${selectAccessesSql}`, [person(1).code])).rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']);
          // Its head and its times: the whole plan names every partition twice over.
          const times = text.filter((l: string) => /Planning Time|Execution Time/.test(l));
          console.log(`\nplan of the single statement of before, first page for one person (${text.length} lines; head and times):\n${[...text.slice(0, 6), '…', ...times].join('\n')}\n`);
        } finally {
          client.release();
        }
      }
      console.log('| "who accessed my data", first page of 20 | p50 | p99 | baseline: bare `selectAccesses` p50 | p99 | p99 ratio | goal |');
      console.log('|---|---|---|---|---|---|---|');
      for (const route of o.accessRoutes) {
        const call = (k: number) => {
          const p = person(k);
          // The people's API wants the session's CSRF token besides the cookie.
          const headers = citizenRoute(route)
            ? route.startsWith('/account')
              ? { cookie: p.cookie, accept: 'text/html' }
              : { cookie: p.cookie, accept: 'application/json', 'x-csrf-token': p.csrf }
            : { authorization: bearer };
          return app.inject({ method: 'GET', url: route.replace('{code}', p.code), headers });
        };
        const probe = await call(0);
        if (probe.statusCode !== 200) {
          console.log(`| \`GET ${route}\` | not available: answered ${probe.statusCode} | | ${ms(bare.p50)} | ${ms(bare.p99)} | | p99 < 50 ms |`);
          continue;
        }
        const r = await measure(o.samples, call);
        console.log(`| \`GET ${route}\` | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(bare.p50)} | ${ms(bare.p99)} | ${ratio(r.p99, bare.p99)} | p99 < 50 ms |`);
      }
      console.log(`| bare \`selectAccesses\` itself | ${ms(bare.p50)} | ${ms(bare.p99)} | | | | |`);
      // The worst case of the windows: people with a few records or none, searched back to the oldest partition.
      const light = await measure(o.samples, (k) => selectAccesses(db, { subject: codeOf(people + 1 + ((k * 7919) % 100_000)), limit: 21 }));
      console.log(`| bare \`selectAccesses\`, a person with a few records (all windows read) | ${ms(light.p50)} | ${ms(light.p99)} | | | | |`);
      const nobody = await measure(o.samples, (k) => selectAccesses(db, { subject: codeOf(o.accounts + k), limit: 21 }));
      console.log(`| bare \`selectAccesses\`, a person with no record | ${ms(nobody.p50)} | ${ms(nobody.p99)} | | | | |`);
      const single = await measure(o.samples, (k) => db.pool.query(selectAccessesSql, [person(k).code]));
      console.log(`| before: the single statement (outcome probe over the whole log) | ${ms(single.p50)} | ${ms(single.p99)} | | | ${ratio(single.p99, bare.p99)} of the windows | |`);
      // The same statement prepared on one connection with a generic plan: planned once, its
      // partitions pruned at execution. Shows how much of the baseline is planning.
      const client = await db.pool.connect();
      try {
        await client.query('set plan_cache_mode = force_generic_plan');
        const prepared = await measure(o.samples, (k) => client.query({ name: 'bench_accesses', text: selectAccessesSql, values: [person(k).code] }));
        console.log(`| the same statement prepared, generic plan (one connection) | ${ms(prepared.p50)} | ${ms(prepared.p99)} | | | ${ratio(prepared.p99, bare.p99)} of the baseline | |`);
      } finally {
        await client.query('reset plan_cache_mode');
        client.release();
      }

      const bareSwitch = await measure(o.samples, (k) => db.run((q) => q.execute(sql`update citizen_sessions set active_profile_id = null where id = ${person(k).sessionId}`)));
      const switchOnce = (k: number) => {
        const p = person(k);
        return app.inject({ method: 'POST', url: o.switchRoute, headers: { cookie: p.cookie, 'content-type': 'application/json', 'x-csrf-token': p.csrf }, payload: o.switchBody });
      };
      console.log('\n| profile switch | p50 | p99 | baseline: bare UPDATE of the session row p50 | p99 | p99 ratio | goal |');
      console.log('|---|---|---|---|---|---|---|');
      const probe = await switchOnce(0);
      if (probe.statusCode >= 300) console.log(`| \`POST ${o.switchRoute}\` ${o.switchBody} | not available: answered ${probe.statusCode} | | ${ms(bareSwitch.p50)} | ${ms(bareSwitch.p99)} | | p99 < 50 ms |`);
      else {
        const r = await measure(o.samples, switchOnce);
        console.log(`| \`POST ${o.switchRoute}\` ${o.switchBody} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(bareSwitch.p50)} | ${ms(bareSwitch.p99)} | ${ratio(r.p99, bareSwitch.p99)} | p99 < 50 ms |`);
      }
    } finally {
      await app.close();
    }
  } finally {
    await db.close();
  }
}

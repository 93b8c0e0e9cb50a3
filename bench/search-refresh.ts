import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { rows, type Database } from '../src/db/database.ts';
import { Catalog } from '../src/registry/index.ts';
import { loadDemoDataset } from '../demo/load.ts';
import { benchEngines, openBenchDatabase } from './lib/databases.ts';
import { heading, ms, ratio, summarise } from './lib/stats.ts';
import { queries } from './search.ts';

/** The large catalog: the demo dataset this many times over (8,566 × 12 ≈ 103,000 services). */
const COPIES = Number(process.env.BENCH_CATALOG_COPIES ?? 12);
const ARRIVAL_MS = 5;

/**
 * Queries arriving every ARRIVAL_MS (as requests would) until `done` resolves; each latency is
 * counted from when the query should have started, so time spent waiting for the event loop
 * (a build computing without yielding) counts, as it would for a request.
 */
async function queriesUntil(catalog: Catalog, done: Promise<unknown>): Promise<number[]> {
  let finished = false;
  void done.finally(() => (finished = true));
  const latencies: number[] = [];
  const start = performance.now();
  for (let k = 0; !finished || latencies.length === 0; k++) {
    const due = start + k * ARRIVAL_MS;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    await catalog.search({ q: queries[k % queries.length]!, limit: 20 });
    latencies.push(performance.now() - due);
  }
  return latencies;
}

async function touch(db: Database): Promise<void> {
  // A write as any registry change makes it: one row edited, the version bumped.
  await db.transaction(async (tx) => {
    await tx.execute(sql`update services set annual_users = coalesce(annual_users, 0) + 1 where serial = (select min(serial) from services)`);
    await tx.execute(sql`update registry_state set version = version + 1`);
  });
}

/**
 * One rebuild after a write, timed, with queries arriving meanwhile. `blocking` is how the
 * node rebuilt before: the whole build in one go (one read, no slices), which is what every
 * query arriving during it waited for.
 */
async function rebuild(db: Database, blocking: boolean): Promise<{ buildMs: number; during: number[] }> {
  const catalog = new Catalog({ db }, 60_000, blocking ? { pageSize: 10_000_000, sliceMs: Infinity } : {});
  await catalog.current();
  await touch(db);
  const start = performance.now();
  const built = catalog.refresh().then(() => performance.now() - start);
  const during = await queriesUntil(catalog, built);
  return { buildMs: await built, during };
}

/** One background rebuild after a write with no queries meanwhile: the build time alone. */
async function quietRebuild(db: Database): Promise<number> {
  const catalog = new Catalog({ db }, 60_000);
  await catalog.current();
  await touch(db);
  const start = performance.now();
  await catalog.refresh();
  return performance.now() - start;
}

async function copyDemoServices(db: Database, copies: number): Promise<number> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`create temporary table bench_copy as select * from services where status = 'active'`);
    for (let c = 1; c < copies; c++) {
      await tx.execute(sql`insert into services select (id || '-' || ${c})::text as id, serial + ${c} * 10000000, agency_code, null, external_code, name_fa, name_en, description_fa, description_en, topic, audiences, life_events, maturity, delivery_status, channels, fee_amount, sla_days, required_evidence, inquiries, service_type, nature, service_level, trigger, in_person_visits, avg_processing_days, access_url, annual_users, complaint_channel, status, retired_at, version, created_at, updated_at from bench_copy`);
    }
    await tx.execute(sql`drop table bench_copy`);
    await tx.execute(sql`update registry_state set version = version + 1`);
  });
  const [row] = await db.run((q) => rows<{ n: number }>(q, sql`select count(*)::int as n from services where status = 'active'`));
  return row!.n;
}

export async function benchCatalogRefresh(): Promise<void> {
  heading('Catalog refresh: a write, then queries arriving every 5 ms while the node rebuilds its index (background, in slices) vs the old inline rebuild');
  console.log('Latency counts from when the query arrived. "write → searchable" is one build after the check that notices the write; another node adds up to one poll interval (SEARCH_REFRESH_MS).');
  console.log('');
  console.log('| engine | services | build alone | write → searchable (build with queries arriving) | inline build (old) | idle p50 / p99 | during background build p50 / p99 / max | during inline build p99 / max | max: inline / background |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const engine of benchEngines()) {
    const db = await openBenchDatabase(engine);
    try {
      const loaded = await loadDemoDataset(db, { seed: 1402, pack: 'ir' });
      for (const copies of [1, COPIES]) {
        const count = copies === 1 ? loaded.services : await copyDemoServices(db, copies);
        const idleCatalog = new Catalog({ db }, 60_000);
        await idleCatalog.current();
        const idle = summarise(await queriesUntil(idleCatalog, sleep(1500)));
        const alone = await quietRebuild(db);
        const background = await rebuild(db, false);
        const inline = await rebuild(db, true);
        const bg = summarise(background.during);
        const il = summarise(inline.during);
        const bgMax = Math.max(...background.during);
        const ilMax = Math.max(...inline.during);
        console.log(
          `| ${engine} | ${count.toLocaleString('en')} | ${ms(alone)} | ${ms(background.buildMs)} | ${ms(inline.buildMs)} | ${ms(idle.p50)} / ${ms(idle.p99)} | ${ms(bg.p50)} / ${ms(bg.p99)} / ${ms(bgMax)} | ${ms(il.p99)} / ${ms(ilMax)} | ${ratio(ilMax, bgMax)} |`,
        );
      }
    } finally {
      await db.close();
    }
  }
}

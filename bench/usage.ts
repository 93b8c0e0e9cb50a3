import { sql } from 'drizzle-orm';
import { rows, type Database } from '../src/db/database.ts';
import { dashboardUsage, rollUpUsage, usageFigures, usageRows } from '../src/exchange/usage/index.ts';
import { snapshotOf } from '../src/exchange/usage/fixtures.test-support.ts';
import { loadDemoRegistrySubset } from '../demo/exchange/test-support.ts';
import { loadDemoExchange } from '../demo/exchange/load.ts';
import { generateDemoUsage, insertDemoUsage } from '../demo/exchange/usage.ts';
import { benchEngines, openBenchDatabase } from './lib/databases.ts';
import { heading, ms, ratio, summarise, time } from './lib/stats.ts';

const ROUNDS = Number(process.env.BENCH_USAGE_ROUNDS ?? 10);
/** Service/consumer pairs; 0 keeps the demo's own (19). 300 gives ≈ 54k day buckets and ≈ 740k minutes. */
const PAIRS = Number(process.env.BENCH_USAGE_PAIRS ?? 0);
const now = new Date('2026-11-28T17:17:42Z');
const today = '2026-11-28';

/** The demo exchange's six months of usage, or as many pairs as asked with the same shape. */
async function load(db: Database): Promise<string> {
  await loadDemoRegistrySubset(db, now);
  await loadDemoExchange(db, { agencies: 'fixed-ports', seed: 1402, now: () => now });
  if (PAIRS > 0) {
    const demo = await db.run((q) => rows<{ service: string; consumer: string }>(q, sql`select distinct service, consumer from exchange_usage order by 1, 2`));
    const series = Array.from({ length: PAIRS }, (_, k) => {
      const base = demo[k % demo.length]!;
      return { service: base.service, consumer: k < demo.length ? base.consumer : `${base.consumer}-${k}`, share: 1 / PAIRS, latencyMs: 50, errorRate: 0.01 };
    });
    await db.transaction(async (q) => {
      await q.execute(sql`delete from exchange_usage`);
      await insertDemoUsage(q, generateDemoUsage(series, { seed: 1402, now }));
    });
  }
  const [counts] = await db.run((q) => rows<{ days: number; minutes: number }>(q, sql`select count(*) filter (where granularity = 'day')::int as days, count(*) filter (where granularity = 'minute')::int as minutes from exchange_usage`));
  return `${counts!.days} day buckets, ${counts!.minutes} minute buckets`;
}

export async function benchUsage(): Promise<void> {
  heading(`Exchange usage figures over the demo usage${PAIRS ? ` widened to ${PAIRS} service/consumer pairs` : ''}: p50 of ${ROUNDS} calls each`);
  console.log('| engine | buckets | figures | every minute read (no day sums yet) | from the day sums | ratio |');
  console.log('|---|---|---|---|---|---|');
  for (const engine of benchEngines()) {
    const db = await openBenchDatabase(engine);
    try {
      const buckets = await load(db);
      if (engine === 'postgres') await db.run((q) => q.execute(sql`analyze exchange_usage`));
      const source = await snapshotOf(db);
      const targets: { name: string; run: () => Promise<unknown> }[] = [
        { name: 'six months (summary)', run: () => usageFigures(db, { from: '2026-05-29', to: today }, source) },
        { name: 'dashboard, 30 days', run: () => dashboardUsage(db, { now, source }) },
        { name: 'rows by day, 30 days', run: () => usageRows(db, { from: '2026-10-30', to: today, granularity: 'day' }, source) },
      ];
      const measure = async () => {
        const out: number[] = [];
        for (const t of targets) {
          await t.run();
          const samples: number[] = [];
          for (let i = 0; i < ROUNDS; i++) samples.push((await time(t.run)).ms);
          out.push(summarise(samples).p50);
        }
        return out;
      };
      const before = await measure();
      // Day sums up to 10 minutes before `now`, as the hourly roll-up leaves them at best.
      await rollUpUsage(db, { now });
      const after = await measure();
      for (const [k, t] of targets.entries()) console.log(`| ${engine} | ${buckets} | ${t.name} | ${ms(before[k]!)} | ${ms(after[k]!)} | ${ratio(before[k]!, after[k]!)} |`);
    } finally {
      await db.close();
    }
  }
}

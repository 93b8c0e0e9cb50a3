import { currentInsights } from '../src/insights/index.ts';
import { countryPacks } from '../src/core/country-packs/index.ts';
import { parseTargets } from '../src/core/targets.ts';
import { loadConfig } from '../src/config/load.ts';
import { selectAgencyFigures } from '../src/insights/report-repository.ts';
import { loadDemoDataset } from '../demo/load.ts';
import { benchEngines, openBenchDatabase } from './lib/databases.ts';
import { heading, ms, ratio, summarise, time } from './lib/stats.ts';

const ROUNDS = Number(process.env.BENCH_INSIGHTS_ROUNDS ?? 30);

export async function benchInsights(): Promise<void> {
  heading('Insights: the full KPI set over the demo dataset');
  console.log('| engine | full KPI set p50 | p99 | baseline: the aggregate query alone p50 | ratio (full / query) |');
  console.log('|---|---|---|---|---|');
  const targets = parseTargets(loadConfig({}).INSIGHTS_TARGETS);
  for (const engine of benchEngines()) {
    const db = await openBenchDatabase(engine);
    try {
      await loadDemoDataset(db, { seed: 1402, pack: 'ir' });
      const deps = { db, pack: countryPacks.ir, now: () => new Date() };
      const full: number[] = [];
      const query: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        full.push((await time(() => currentInsights(deps, targets))).ms);
        query.push((await time(() => db.run(selectAgencyFigures))).ms);
      }
      const a = summarise(full);
      const b = summarise(query);
      console.log(`| ${engine} | ${ms(a.p50)} | ${ms(a.p99)} | ${ms(b.p50)} | ${ratio(a.p50, b.p50)} |`);
    } finally {
      await db.close();
    }
  }
}

import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config/load.ts';
import { loadDemoDataset } from '../demo/load.ts';
import { benchEngines, openBenchDatabase } from './lib/databases.ts';
import { heading, ms, ratio, summarise, time } from './lib/stats.ts';

const ROUNDS = Number(process.env.BENCH_PAGES_ROUNDS ?? 200);
const WARM_UP = 20;
const BLOCKS = 4;
const query = encodeURIComponent('استعلام');

/** What is measured, each through the whole app (routing, hooks, headers, rendering) with `inject`. */
const targets = [
  { name: 'GET /healthz (baseline: the framework floor)', url: () => '/healthz' },
  { name: 'GET /api/v1/catalog/search?q=استعلام (baseline: the same search as JSON)', url: () => `/api/v1/catalog/search?q=${query}` },
  { name: 'GET /services?q=استعلام (catalog results page)', url: () => `/services?q=${query}`, goal: 20 },
  { name: 'GET /dashboard (as served: HTML kept per report)', url: () => '/dashboard', goal: 50 },
  // A different query string each time misses the HTML kept per URL: this is the rendering of
  // the page (charts to SVG, its tables) from the kept figures.
  { name: 'GET /dashboard?n=… (overview, rendered every time)', url: (i: number) => `/dashboard?n=${i}`, goal: 50 },
  // The longest of the dashboard's pages: every league table, sorted on request.
  { name: 'GET /dashboard/rankings?sort=name&n=… (rendered every time)', url: (i: number) => `/dashboard/rankings?sort=name&n=${i}`, goal: 50 },
] as const;

async function get(app: FastifyInstance, url: string): Promise<void> {
  const response = await app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
  if (response.statusCode !== 200) throw new Error(`${url} answered ${response.statusCode}`);
}

export async function benchPages(): Promise<void> {
  heading(`Pages over the demo dataset: ${ROUNDS} requests each after ${WARM_UP} warm-up, in ${BLOCKS} alternating blocks, through app.inject`);
  for (const engine of benchEngines()) {
    const db = await openBenchDatabase(engine);
    try {
      await loadDemoDataset(db, { seed: 1402, pack: 'ir' });
      const app = await buildApp({ config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), db, logger: false });
      await app.ready();
      // The first view after start (or after a registry change) computes the KPI set too.
      const coldDashboard = await time(() => get(app, '/dashboard?cold'));
      const coldCatalog = await time(() => get(app, `/services?q=${query}&cold`));
      for (let i = 0; i < WARM_UP; i++) for (const t of targets) await get(app, t.url(-1 - i));
      const samples = targets.map(() => [] as number[]);
      // Blocks of one target at a time, the blocks alternating: every target sees the same
      // machine noise, while the garbage one page leaves is mostly collected during its own
      // block (one request at a time interleaved, the big dashboard's collections landed on
      // whichever request came next and blurred every p99).
      const block = Math.max(1, Math.floor(ROUNDS / BLOCKS));
      for (let b = 0; b < BLOCKS; b++) {
        for (const [k, t] of targets.entries()) {
          for (let i = b * block; i < (b + 1) * block; i++) samples[k]!.push((await time(() => get(app, t.url(i)))).ms);
        }
      }
      const floor = summarise(samples[0]!);
      const json = summarise(samples[1]!);
      console.log(`### ${engine}\n`);
      console.log('| request | p50 | p99 | goal p99 | p50 vs /healthz | p50 vs the JSON search |');
      console.log('|---|---|---|---|---|---|');
      for (const [k, t] of targets.entries()) {
        const s = summarise(samples[k]!);
        const goal = 'goal' in t ? `< ${t.goal} ms ${s.p99 < t.goal ? '✔' : '✘'}` : '';
        console.log(`| ${t.name} | ${ms(s.p50)} | ${ms(s.p99)} | ${goal} | ${ratio(s.p50, floor.p50)} | ${ratio(s.p50, json.p50)} |`);
      }
      console.log(`\nFirst view after start: dashboard ${ms(coldDashboard.ms)} (computes the KPI set), catalog page ${ms(coldCatalog.ms)}.\n`);
      await app.close();
    } finally {
      await db.close();
    }
  }
}

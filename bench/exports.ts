import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config/load.ts';
import type { Engine } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { loadDemoDataset } from '../demo/load.ts';
import { openProcessDatabase } from '../test/support/database.ts';
import type { ExportMeasurement } from './exports-child.ts';
import { benchEngines } from './lib/databases.ts';
import { heading, ms, ratio, summarise } from './lib/stats.ts';

const CONCURRENCY = (process.env.BENCH_EXPORT_CONCURRENCY ?? '1,4').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_EXPORT_ROUNDS ?? 5);
const child = fileURLToPath(new URL('./exports-child.ts', import.meta.url));

function measure(engine: Engine, mode: 'buffered' | 'streamed', n: number, env: Record<string, string>): Promise<ExportMeasurement> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, engine, mode, String(n)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as ExportMeasurement) : reject(new Error(`exports-child exited with ${code}`))));
  });
}

/** Milliseconds per call of each anonymous endpoint, to tell which are heavy (worth a per-address limit). */
async function costPerCall(open: () => Promise<import('../src/db/database.ts').Database>): Promise<void> {
  const db = await open();
  const app = await buildApp({ config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ANON_HEAVY_BURST: '10000' }), db, logger: false });
  await app.ready();
  try {
    const endpoints = [
      // name, address, whether its route is marked `anonymousLimit: 'heavy'`
      ['catalog search', '/api/v1/catalog/search?q=%D9%BE%D8%B1%D9%88%D8%A7%D9%86%D9%87&limit=20', false],
      ['service list page', '/api/v1/services?limit=50', false],
      ['insights (JSON)', '/api/v1/insights', true],
      ['KPI table (CSV)', `/api/v1/insights/tables/${String((await app.inject({ url: '/api/v1/insights/tables' })).json<{ tables: string[] }>().tables[0])}`, true],
      ['agencies export (CSV)', '/api/v1/registry/export/agencies', true],
      ['services export (JSON)', '/api/v1/registry/export/services?format=json', true],
    ] as const;
    console.log('| endpoint | p50 per call | bytes | limited as heavy |');
    console.log('|---|---|---|---|');
    const base: number[] = [];
    for (const [name, url, heavy] of endpoints) {
      const samples: number[] = [];
      // Once before measuring: the catalog index and caches are built on first use.
      let bytes = (await app.inject({ url })).rawPayload.length;
      for (let i = 0; i < ROUNDS; i++) {
        const t0 = performance.now();
        const res = await app.inject({ url });
        samples.push(performance.now() - t0);
        if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}`);
        bytes = res.rawPayload.length;
      }
      const p50 = summarise(samples).p50;
      if (base.length === 0) base.push(p50);
      console.log(`| ${name} | ${ms(p50)} (${ratio(p50, base[0]!)} search) | ${bytes.toLocaleString('en')} | ${heavy ? 'yes' : 'no'} |`);
    }
  } finally {
    await app.close();
    await db.close();
  }
}

export async function benchExports(): Promise<void> {
  process.env.TEST_DATABASE_URL ??= process.env.BENCH_DATABASE_URL;
  heading('Registry export (services, JSON) over the demo dataset: buffered (all rows read first, as before) vs streamed from a cursor; each run in a fresh process');
  for (const engine of benchEngines()) {
    const place = await openProcessDatabase(engine, 'ow_bench_export');
    try {
      const db = await place.open();
      await migrate(db);
      await loadDemoDataset(db, { seed: 1402, pack: 'ir' });
      await db.close();
      console.log(`\n### ${engine}\n`);
      console.log('| concurrent downloads | buffered: time | peak live heap | peak RSS | streamed: time | peak live heap | peak RSS | heap ratio | RSS ratio |');
      console.log('|---|---|---|---|---|---|---|---|---|');
      for (const n of CONCURRENCY) {
        const b = await measure(engine, 'buffered', n, place.env);
        const s = await measure(engine, 'streamed', n, place.env);
        if (b.bytes !== s.bytes) throw new Error(`buffered wrote ${b.bytes} bytes, streamed ${s.bytes}`);
        const mib = (x: number) => `${x.toFixed(1)} MiB`;
        console.log(`| ${n} × ${(b.bytes / n / 2 ** 20).toFixed(1)} MiB | ${ms(b.ms)} | ${mib(b.heapMiB)} | ${mib(b.rssMiB)} | ${ms(s.ms)} | ${mib(s.heapMiB)} | ${mib(s.rssMiB)} | ${ratio(s.heapMiB, b.heapMiB)} | ${ratio(s.rssMiB, b.rssMiB)} |`);
      }
      console.log(`\nCost per call of the anonymous endpoints (${engine}, p50 of ${ROUNDS}):\n`);
      await costPerCall(place.open);
    } finally {
      await place.drop();
    }
  }
}

import { sql } from 'drizzle-orm';
import { rows } from '../src/db/database.ts';
import { Catalog } from '../src/registry/index.ts';
import { loadDemoDataset } from '../demo/load.ts';
import { benchEngines, openBenchDatabase } from './lib/databases.ts';
import { heading, ms, ratio, summarise } from './lib/stats.ts';

/** What people type: Persian and English words, prefixes, a typo, Arabic letters. */
export const queries = [
  'استعلام', 'استعلام سطح سواد', 'بیمه سلامت', 'كارت ملي', 'پروانه', 'صدور مجوز', 'گذرنامه', 'مالیات بر ارزش افزوده',
  'literacy', 'health insurance', 'licence', 'national id card', 'tax return', 'electricity connection', 'passport', 'insur',
  'ثبت', 'birth certificate', 'litracy', 'school enrolment',
];

const ROUNDS = Number(process.env.BENCH_SEARCH_ROUNDS ?? 30);

export async function benchSearch(): Promise<void> {
  heading('Catalog search over the demo dataset vs PostgreSQL full-text search (to_tsvector) on the same data');
  console.log('| engine | OneWindow p50 | p99 | queries/s | to_tsvector p50 | p99 | queries/s | throughput ratio |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const engine of benchEngines()) {
    const db = await openBenchDatabase(engine);
    try {
      const loaded = await loadDemoDataset(db, { seed: 1402, pack: 'ir' });
      const catalog = new Catalog({ db }, 60_000);
      await catalog.current();
      await db.run((q) => q.execute(sql`create index bench_fts on services using gin (to_tsvector('simple', name_fa || ' ' || name_en || ' ' || description_fa || ' ' || description_en))`));
      const fts = (text: string) =>
        db.run((q) =>
          rows(q, sql`select id from services, plainto_tsquery('simple', ${text}) query
            where status = 'active' and to_tsvector('simple', name_fa || ' ' || name_en || ' ' || description_fa || ' ' || description_en) @@ query
            order by ts_rank(to_tsvector('simple', name_fa || ' ' || name_en || ' ' || description_fa || ' ' || description_en), query) desc, id limit 20`),
        );
      const ours: number[] = [];
      const theirs: number[] = [];
      let oursTotal = 0;
      let theirsTotal = 0;
      // Alternating rounds, so both sides see the same machine noise.
      for (let round = 0; round < ROUNDS; round++) {
        let start = performance.now();
        for (const q of queries) {
          const t0 = performance.now();
          await catalog.search({ q, limit: 20 });
          ours.push(performance.now() - t0);
        }
        oursTotal += performance.now() - start;
        start = performance.now();
        for (const q of queries) {
          const t0 = performance.now();
          await fts(q);
          theirs.push(performance.now() - t0);
        }
        theirsTotal += performance.now() - start;
      }
      const a = summarise(ours);
      const b = summarise(theirs);
      const qpsA = ours.length / (oursTotal / 1000);
      const qpsB = theirs.length / (theirsTotal / 1000);
      console.log(`| ${engine} (${loaded.services.toLocaleString('en')} services) | ${ms(a.p50)} | ${ms(a.p99)} | ${Math.round(qpsA).toLocaleString('en')} | ${ms(b.p50)} | ${ms(b.p99)} | ${Math.round(qpsB).toLocaleString('en')} | ${ratio(qpsA, qpsB)} |`);
    } finally {
      await db.close();
    }
  }
}

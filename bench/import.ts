import { sql } from 'drizzle-orm';
import { stringify } from 'csv-stringify/sync';
import { countryPacks } from '../src/core/country-packs/index.ts';
import { importRegistry } from '../src/registry/index.ts';
import { serviceColumns } from '../src/registry/transfer/columns.ts';
import { benchEngines, openBenchDatabase } from './lib/databases.ts';
import { heading, ratio, time } from './lib/stats.ts';

const operator = { kind: 'system', name: 'bench' } as const;

/** A services CSV of `rows` valid rows over 50 agencies. */
function servicesCsv(rows: number): string {
  const columns = serviceColumns.filter((c) => !c.readOnly).map((c) => c.name);
  const lines: string[][] = [columns];
  for (let i = 0; i < rows; i++) {
    const row: Record<string, string> = {
      agency_code: `AG-${i % 50}`,
      name_fa: `خدمت آزمایشی شماره ${i}`,
      name_en: `Benchmark service ${i}`,
      description_fa: 'شرح کوتاه خدمت',
      description_en: 'A short description',
      topic: 'business',
      audiences: 'citizens;businesses',
      maturity: String(2 + (i % 4)),
      delivery_status: 'delivered',
      channels: 'web;mobile',
      fee_amount: '150000',
      sla_days: '5',
      required_evidence: '[{"fa":"کارت ملی","en":"National ID card"}]',
      service_type: 'G2C',
      nature: 'operational',
      service_level: 'national',
      trigger: 'on_request',
      in_person_visits: '0',
      external_code: String(10000000000 + i),
    };
    lines.push(columns.map((c) => row[c] ?? ''));
  }
  return stringify(lines);
}

export async function benchImport(rows = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000)): Promise<void> {
  heading(`Import: ${rows.toLocaleString('en')}-row services CSV`);
  const file = Buffer.from(servicesCsv(rows));
  console.log(`file: ${(file.length / 1e6).toFixed(1)} MB`);
  console.log('| engine | OneWindow import (validate + write + history) | baseline: bare multi-row INSERT of the same rows (same indexes, no checks, no history) | ratio |');
  console.log('|---|---|---|---|');
  for (const engine of benchEngines()) {
    const db = await openBenchDatabase(engine);
    try {
      const deps = { db, pack: countryPacks.ir, now: () => new Date() };
      const agencies = Buffer.from(stringify([['code', 'name_fa', 'name_en', 'kind'], ...Array.from({ length: 50 }, (_, i) => [`AG-${i}`, `دستگاه ${i}`, `Agency ${i}`, 'ministry'])]));
      await importRegistry(deps, operator, { entity: 'agencies', format: 'csv', bytes: agencies });
      const ours = await time(() => importRegistry(deps, operator, { entity: 'services', format: 'csv', bytes: file }));
      // Baseline: the same rows straight into a table of the same shape, no checks, no history.
      await db.run((q) => q.execute(sql`create table bench_services (like services including all)`));
      const values = Array.from({ length: rows }, (_, i) => ({ i }));
      const base = await time(() =>
        db.transaction(async (tx) => {
          for (let start = 0; start < rows; start += 400) {
            const chunk = values.slice(start, start + 400);
            await tx.execute(sql`insert into bench_services (id, serial, agency_code, name_fa, name_en, topic, maturity, delivery_status, service_type, nature, service_level, trigger, audiences, channels, required_evidence)
              values ${sql.join(chunk.map(({ i }) => sql`(${`B-${i}`}, ${i + 1}, ${`AG-${i % 50}`}, ${`خدمت آزمایشی شماره ${i}`}, ${`Benchmark service ${i}`}, 'business', ${2 + (i % 4)}, 'delivered', 'G2C', 'operational', 'national', 'on_request', '{citizens,businesses}', '{web,mobile}', '[{"fa":"کارت ملی","en":"National ID card"}]'::jsonb)`), sql`, `)}`);
          }
        }),
      );
      const oursRate = rows / (ours.ms / 1000);
      const baseRate = rows / (base.ms / 1000);
      console.log(`| ${engine} | ${Math.round(oursRate).toLocaleString('en')} rows/s (${(ours.ms / 1000).toFixed(1)} s) | ${Math.round(baseRate).toLocaleString('en')} rows/s | ${ratio(oursRate, baseRate)} |`);
    } finally {
      await db.close();
    }
  }
}

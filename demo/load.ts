import { sql } from 'drizzle-orm';
import { rows, type Database } from '../src/db/database.ts';
import { countryPacks, type CountryCode } from '../src/core/country-packs/index.ts';
import { importRecords, setDemoFlag } from '../src/registry/index.ts';
import type { ImportRecord } from '../src/registry/transfer/parse.ts';
import { generateDemoDataset } from './dataset/index.ts';
import { clearExchangeForDemo, lockDemoLoad } from './exchange/load.ts';
import type { AppDeps } from '../src/db/app-deps.ts';

const demoLoader = { kind: 'system', name: 'demo' } as const;

const withoutNulls = (o: object): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));

export async function isRegistryEmpty(db: Database): Promise<boolean> {
  const [r] = await db.run((q) => rows<{ n: number }>(q, sql`select count(*)::int as n from agencies`));
  return (r?.n ?? 0) === 0;
}

/**
 * Replaces the registry with the synthetic demo dataset, through the same checks as a bulk
 * import, and marks it as demo data so every page and export can say so. Staff accounts are
 * kept; agencies they belong to survive (the demo reuses its agency codes). The exchange
 * configuration goes too (its members are agencies); `serve` registers the demo exchange again.
 */
export async function loadDemoDataset(db: Database, options: { seed: number; pack: CountryCode; now?: () => Date }): Promise<{ agencies: number; services: number }> {
  return (await writeDemoDataset(db, options, false))!;
}

/**
 * `loadDemoDataset` when the registry is empty, checked under the demo's load lock so that nodes
 * starting together on one database load it once. Returns whether this call loaded it.
 */
export async function loadDemoDatasetIfEmpty(db: Database, options: { seed: number; pack: CountryCode; now?: () => Date }): Promise<boolean> {
  if (!(await isRegistryEmpty(db))) return false;
  return (await writeDemoDataset(db, options, true)) !== undefined;
}

async function writeDemoDataset(db: Database, options: { seed: number; pack: CountryCode; now?: () => Date }, onlyIfEmpty: boolean): Promise<{ agencies: number; services: number } | undefined> {
  const dataset = generateDemoDataset(options.seed);
  const deps: AppDeps = { db, pack: countryPacks[options.pack], now: options.now ?? (() => new Date()) };
  const agencyRecords: ImportRecord[] = dataset.agencies.map((a, i) => ({ line: i + 1, values: withoutNulls(a) }));
  const serviceRecords: ImportRecord[] = dataset.services.map((s, i) => ({ line: i + 1, values: withoutNulls(s) }));
  const loaded = await db.transaction(async (tx) => {
    await lockDemoLoad(tx);
    if (onlyIfEmpty) {
      const [r] = await rows<{ n: number }>(tx, sql`select count(*)::int as n from agencies`);
      if ((r?.n ?? 0) > 0) return false;
    }
    await clearExchangeForDemo(tx);
    await tx.execute(sql`delete from registry_history`);
    await tx.execute(sql`update services set parent_id = null`);
    await tx.execute(sql`delete from services`);
    await tx.execute(sql`update agencies set parent_code = null`);
    await tx.execute(sql`delete from agencies where code not in (select agency_code from staff where agency_code is not null)`);
    await importRecords(tx, deps, demoLoader, 'agencies', agencyRecords);
    await importRecords(tx, deps, demoLoader, 'services', serviceRecords);
    await setDemoFlag(tx, true);
    return true;
  });
  return loaded ? { agencies: dataset.agencies.length, services: dataset.services.length } : undefined;
}

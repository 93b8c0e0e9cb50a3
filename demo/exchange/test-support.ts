/**
 * Test fixture for the demo exchange: only the registry agencies and catalog services the demo
 * exchange refers to (a full demo dataset load takes several seconds per test file), taken
 * from the demo dataset itself so the names match.
 */
import { countryPacks } from '../../src/core/country-packs/index.ts';
import type { Database } from '../../src/db/database.ts';
import { importRecords, setDemoFlag } from '../../src/registry/index.ts';
import { generateDemoDataset } from '../dataset/index.ts';
import { consumers, providers } from './registrations.ts';

const withoutNulls = (o: object): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));

export async function loadDemoRegistrySubset(db: Database, now: Date, seed = 1402): Promise<void> {
  const dataset = generateDemoDataset(seed);
  const codes = new Set([...providers.map((p) => p.agencyCode), ...consumers.map((c) => c.agencyCode)]);
  const agencies = dataset.agencies.filter((a) => codes.has(a.code)).map((a) => withoutNulls({ ...a, parentCode: null }));
  const wanted = new Set(providers.map((p) => `${p.agencyCode}|${p.service.catalogNameEn}`));
  // An inquiry may name an agency outside the subset; the registry would refuse the service for it.
  const services = dataset.services
    .filter((s) => wanted.has(`${s.agencyCode}|${s.nameEn}`))
    .map((s) => withoutNulls({ ...s, parentKey: null, inquiries: s.inquiries.filter((q) => codes.has(q.agencyCode)) }));
  const deps = { db, pack: countryPacks.ir, now: () => now };
  const loader = { kind: 'system', name: 'demo' } as const;
  await db.transaction(async (tx) => {
    await importRecords(tx, deps, loader, 'agencies', agencies.map((values, i) => ({ line: i + 1, values })));
    await importRecords(tx, deps, loader, 'services', services.map((values, i) => ({ line: i + 1, values })));
    await setDemoFlag(tx, true);
  });
}

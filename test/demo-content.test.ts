import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedNow, openTestApp, type TestApp } from './support/app.ts';
import { testEngines } from './support/database.ts';
import { loadDemoDataset } from '../demo/load.ts';

/**
 * What a citizen finds by life event in the demo catalog: the first results come from agencies
 * whose mandate covers that event (a cultural relations organisation does not register births).
 * The sets are written from the agencies' mandates, not read from the generator.
 */
const mandated: Record<string, string[]> = {
  // Civil registry, health insurers, health ministry, subsidies, child care, passports, family grants and loans.
  birth: ['NOCR', 'IHIO', 'SSO', 'AFSSO', 'MIN-HEALTH', 'TSO', 'MIN-LABOUR', 'BEHZISTI', 'FARAJA', 'VP-WOMEN', 'CBI'],
  // Civil registry, pension funds and insurers (allowances, dependants), subsidies, courts, marriage loans and grants.
  marriage: ['NOCR', 'SSO', 'CSPF', 'AFSSO', 'IHIO', 'TSO', 'MIN-LABOUR', 'JUDICIARY', 'CBI', 'IKRF', 'MIN-HEALTH', 'VP-WOMEN', 'SWF', 'MIN-FOREIGN', 'DCHQ'],
  // Civil registry, courts and legal medicine, pension funds, inheritance tax and deeds, cemeteries.
  death: ['NOCR', 'JUDICIARY', 'LMOI', 'GAZETTE', 'SSO', 'CSPF', 'AFSSO', 'INTA', 'DEEDS', 'MIN-HEALTH', 'IMVO', 'MUN-TEHRAN', 'MUN-MASHHAD', 'MUN-ISFAHAN', 'MUN-SHIRAZ', 'MUN-TABRIZ'],
  // Police, fuel, road transport, vehicle tax, municipal traffic, motor insurance, the literacy certificate a licence needs.
  driving: ['LMO', 'FARAJA', 'NIOPDC', 'MIN-PETROLEUM', 'MIN-ROADS', 'RMTO', 'INTA', 'CII', 'SSO', 'IMVO', 'MUN-TEHRAN', 'MUN-MASHHAD', 'MUN-ISFAHAN', 'MUN-SHIRAZ', 'MUN-TABRIZ'],
};

for (const engine of testEngines()) {
  describe(`demo dataset → life events in the catalog (${engine})`, () => {
    let t: TestApp;
    const top = async (lifeEvent: string) =>
      (await t.app.inject({ url: `/api/v1/catalog/search?lifeEvent=${lifeEvent}&limit=5` })).json().items as { agencyCode: string; nameEn: string }[];
    before(async () => {
      t = await openTestApp(engine, { SEARCH_REFRESH_MS: '0' });
      await loadDemoDataset(t.db, { seed: 1402, pack: 'ir', now: () => fixedNow });
    });
    after(() => t.close());

    for (const [event, agencies] of Object.entries(mandated)) {
      test(`the first results for “${event}” come from agencies of that domain`, async () => {
        const items = await top(event);
        assert.equal(items.length, 5);
        for (const s of items) assert.ok(agencies.includes(s.agencyCode), `${s.agencyCode} offers “${s.nameEn}” first for ${event}`);
      });
    }

    test('having a baby starts at the civil registry', async () => {
      const items = await top('birth');
      assert.equal(items[0]?.agencyCode, 'NOCR', items[0]?.nameEn);
    });
  });
}

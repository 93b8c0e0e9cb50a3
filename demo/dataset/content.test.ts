import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateDemoDataset, type DemoDataset, type DemoService } from './index.ts';
import { reservedDemoHost } from './hosts.ts';
import type { Topic } from '../../src/core/taxonomy.ts';

/**
 * Demo content a reader would believe: each agency offers what its mandate says, the seed's
 * three services are the most requested, services for residents abroad are rare, and no demo
 * address could reach a real site. The tables here are written from the agencies' mandates,
 * not read from the generator, so a domain given to the wrong agency fails them.
 */
const seeds = [1402, 7, 20231129];
const cache = new Map<number, DemoDataset>();
const data = (seed: number): DemoDataset => {
  let ds = cache.get(seed);
  if (!ds) cache.set(seed, (ds = generateDemoDataset(seed)));
  return ds;
};
const servicesOf = (ds: DemoDataset, code: string) => ds.services.filter((s) => s.agencyCode === code);

/** A sample of agencies and the topics their mandate covers. */
const mandates: Record<string, Topic[]> = {
  NOCR: ['identity'],
  LMO: ['education'],
  IHIO: ['health'],
  SSO: ['welfare', 'health'],
  INTA: ['tax'],
  DEEDS: ['property'],
  CBI: ['finance'],
  AEOI: ['science'],
  'MIN-ENERGY': ['energy'],
  'MIN-EDUCATION': ['education'],
  'MIN-FOREIGN': ['travel'],
  FARAJA: ['justice', 'transport', 'travel', 'military'],
  JUDICIARY: ['justice'],
  'MIN-JUSTICE': ['justice'],
  LMOI: ['justice'],
  PRISONS: ['justice'],
  GAZETTE: ['justice'],
  'ADMIN-COURT': ['justice'],
  SWF: ['education'],
  TSO: ['welfare'],
  BEHZISTI: ['welfare'],
  NOM: ['travel'],
  ICRO: ['culture'],
  IRIB: ['culture'],
  NLAI: ['culture'],
};

/** Services only the agencies with that mandate provide, found by their English names. */
const onlyFrom: [RegExp, string[]][] = [
  [/^(Birth|Death|Marriage|Divorce) registration/, ['NOCR']],
  [/smart national ID card/i, ['NOCR']],
  [/literacy/i, ['LMO']],
  [/health insurance booklet/i, ['IHIO', 'SSO', 'AFSSO']],
  [/tax return/i, ['INTA']],
  [/criminal record/i, ['JUDICIARY']],
  [/lawsuit|court case|court ruling|hearing date/i, ['JUDICIARY', 'ADMIN-COURT']],
  [/weapon/i, ['FARAJA']],
  [/passport/i, ['FARAJA', 'MIN-FOREIGN', 'HCIA']],
  [/visa\b/i, ['MIN-FOREIGN']],
  [/student loan/i, ['SWF']],
  [/cash subsidy/i, ['TSO', 'MIN-LABOUR']],
  [/disability card/i, ['BEHZISTI']],
  [/ISBN|periodical publication/i, ['MIN-CULTURE', 'BOOK-HOUSE']],
];

const seedsThree = [
  ['IHIO', 'استعلام اعتبار دفترچه بیمه سلامت'],
  ['LMO', 'استعلام سطح سواد'],
  ['NOCR', 'پیگیری صدور کارت ملی هوشمند'],
];
const byUsers = (services: readonly DemoService[]) => [...services].sort((a, b) => (b.annualUsers ?? 0) - (a.annualUsers ?? 0));
const forResidentsAbroad = (s: DemoService) => s.nameFa.includes('ایرانیان خارج از کشور');

for (const seed of seeds) {
  test(`seed ${seed}: every service's topic fits its agency's mandate`, () => {
    const ds = data(seed);
    for (const [code, allowed] of Object.entries(mandates)) {
      const services = servicesOf(ds, code);
      assert.ok(services.length > 0, `${code} has services`);
      for (const s of services) assert.ok(allowed.includes(s.topic), `${code} provides “${s.nameEn}” (${s.topic})`);
    }
  });

  test(`seed ${seed}: services a single mandate covers come from the agencies that hold it`, () => {
    const ds = data(seed);
    for (const [name, agencies] of onlyFrom) {
      const found = ds.services.filter((s) => name.test(s.nameEn));
      assert.ok(found.length > 0, `some service matches ${name}`);
      for (const s of found) assert.ok(agencies.includes(s.agencyCode), `${s.agencyCode} provides “${s.nameEn}”`);
    }
    assert.equal(ds.services.filter((s) => /staff employment certificate/i.test(s.nameEn)).length, 0, 'an agency’s own staff matters are no public service');
  });

  test(`seed ${seed}: the seed report's three are the most requested, well ahead of the rest`, () => {
    const top = byUsers(data(seed).services);
    assert.deepEqual(top.slice(0, 3).map((s) => [s.agencyCode, s.nameFa]).sort(), seedsThree);
    assert.ok((top[3]?.annualUsers ?? 0) * 2 < (top[2]?.annualUsers ?? 0), 'the fourth has under half the users of the third');
  });

  test(`seed ${seed}: services for residents abroad are rare, few use them, and only where such a variant exists`, () => {
    const ds = data(seed);
    const abroad = ds.services.filter(forResidentsAbroad);
    assert.ok(abroad.length < ds.services.length * 0.02, `${abroad.length} services for residents abroad`);
    const ranked = byUsers(ds.services);
    const popular = new Set(ranked.slice(0, Math.round(ranked.length * 0.05)));
    for (const s of abroad) {
      assert.ok(!popular.has(s), `“${s.nameEn}” is among the most requested`);
      assert.ok(['identity', 'travel', 'military', 'education', 'welfare'].includes(s.topic), `“${s.nameEn}” (${s.topic}) has no variant abroad`);
    }
  });
}

test('every demo web address and e-mail is under the reserved .example domain', () => {
  const ds = data(1402);
  const hostOf = (url: string) => new URL(url).hostname;
  const hosts: string[] = [];
  for (const a of ds.agencies) {
    if (a.website) hosts.push(hostOf(a.website));
    if (a.contactEmail) hosts.push(a.contactEmail.split('@')[1] ?? '');
  }
  for (const s of ds.services) {
    if (s.accessUrl) hosts.push(hostOf(s.accessUrl));
    if (s.complaintChannel) hosts.push(hostOf(s.complaintChannel));
  }
  assert.ok(hosts.length > ds.agencies.length * 2);
  for (const h of new Set(hosts)) assert.match(h, reservedDemoHost);
  assert.doesNotMatch('nocr.gov.ir', reservedDemoHost);
  assert.doesNotMatch('example.ir', reservedDemoHost);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateDemoDataset, type DemoAgency, type DemoDataset } from './index.ts';
import { agencyKinds, audiences, channels, lifeEvents, serviceLevels, serviceNatures, serviceTriggers, serviceTypes, topics } from '../../src/core/taxonomy.ts';
import { deliveryStatuses, maturityConsistent } from '../../src/core/maturity.ts';
import { isIsoDate } from '../../src/core/targets.ts';

// Every figure is counted here from the generated records, never read from the generator.
const seeds = [1402, 7, 20231129];
const cache = new Map<number, DemoDataset>();
const data = (seed: number): DemoDataset => {
  let ds = cache.get(seed);
  if (!ds) {
    ds = generateDemoDataset(seed);
    cache.set(seed, ds);
  }
  return ds;
};

interface Standing {
  identified: number;
  delivered: number;
  completion: number;
}

/** Completion per eligible agency: services delivered through the window / identified. */
function standings(ds: DemoDataset): Map<string, Standing> {
  const out = new Map<string, Standing>();
  for (const a of ds.agencies) if (a.eligible) out.set(a.code, { identified: 0, delivered: 0, completion: 0 });
  for (const s of ds.services) {
    const st = out.get(s.agencyCode);
    if (!st) continue;
    st.identified++;
    if (s.deliveryStatus === 'delivered') st.delivered++;
  }
  for (const st of out.values()) st.completion = st.identified === 0 ? 0 : st.delivered / st.identified;
  return out;
}

/** Competition ranking within one kind, best first: rank = 1 + number of strictly better agencies. */
function ranks(ds: DemoDataset, kind: DemoAgency['kind']): { rank: Map<string, number>; size: number } {
  const st = standings(ds);
  const codes = ds.agencies.filter((a) => a.eligible && a.kind === kind).map((a) => a.code);
  const rate = (c: string) => st.get(c)?.completion ?? 0;
  const rank = new Map(codes.map((c) => [c, 1 + codes.filter((o) => rate(o) > rate(c)).length]));
  return { rank, size: codes.length };
}

const eligibleServices = (ds: DemoDataset) => {
  const eligible = new Set(ds.agencies.filter((a) => a.eligible).map((a) => a.code));
  return ds.services.filter((s) => eligible.has(s.agencyCode));
};
const within = (actual: number, expected: number, tolerance: number) =>
  assert.ok(Math.abs(actual - expected) <= expected * tolerance, `${actual} not within ${tolerance * 100}% of ${expected}`);

test('the same seed gives the same dataset, another seed a different one', () => {
  assert.deepEqual(generateDemoDataset(1402), data(1402));
  assert.deepEqual(generateDemoDataset(), data(1402));
  assert.notDeepEqual(data(7), data(1402));
});

for (const seed of seeds) {
  test(`seed ${seed}: agencies, eligibility and connections match the report`, () => {
    const ds = data(seed);
    const eligible = ds.agencies.filter((a) => a.eligible);
    assert.equal(eligible.length, 142);
    assert.ok(ds.agencies.length - eligible.length >= 5, 'some agencies are outside the window’s scope');
    const connected = eligible.filter((a) => a.connectedOn !== null);
    assert.equal(connected.length, 137);
    const by = (year: string) => connected.filter((a) => (a.connectedOn ?? '') <= `${year}-12-31`).length;
    assert.deepEqual([by('2020'), by('2021'), by('2022'), by('2023')], [0, 10, 129, 137]);

    const kinds = (k: DemoAgency['kind']) => eligible.filter((a) => a.kind === k).length;
    assert.equal(kinds('ministry'), 19);
    assert.ok(kinds('independent_institution') >= 35 && kinds('independent_institution') <= 45);
    assert.ok(kinds('other') >= 1 && kinds('other') <= 10);
    assert.equal(kinds('subordinate_organisation'), 142 - 19 - kinds('independent_institution') - kinds('other'));
  });

  test(`seed ${seed}: service and completion totals match the report`, () => {
    const ds = data(seed);
    const services = eligibleServices(ds);
    const delivered = services.filter((s) => s.deliveryStatus === 'delivered');
    within(services.length, 8250, 0.01);
    within(delivered.length, 5200, 0.01);
    assert.equal(Math.round((100 * delivered.length) / services.length), 63);

    const unconnected = new Set(ds.agencies.filter((a) => a.eligible && a.connectedOn === null).map((a) => a.code));
    assert.equal(unconnected.size, 5);
    assert.equal(delivered.filter((s) => unconnected.has(s.agencyCode)).length, 0);
    const st = standings(ds);
    for (const code of unconnected) assert.ok((st.get(code)?.identified ?? 0) > 0, `${code} still has identified services`);

    // Out-of-scope bodies deliver services too: counting them would change the figures.
    const outside = new Set(ds.agencies.filter((a) => !a.eligible).map((a) => a.code));
    assert.ok(ds.services.some((s) => outside.has(s.agencyCode) && s.deliveryStatus === 'delivered'));
  });

  test(`seed ${seed}: ministries rank as in the report`, () => {
    const ds = data(seed);
    const { rank, size } = ranks(ds, 'ministry');
    assert.equal(size, 19);
    assert.deepEqual(['MIN-ENERGY', 'MIN-LABOUR', 'MIN-EDUCATION'].map((c) => rank.get(c)), [1, 2, 3]);
    assert.deepEqual(['MIN-FOREIGN', 'MIN-HERITAGE', 'MIN-DEFENCE'].map((c) => rank.get(c)), [17, 18, 19]);
  });

  test(`seed ${seed}: independent institutions rank as in the report`, () => {
    const ds = data(seed);
    const st = standings(ds);
    const { rank, size } = ranks(ds, 'independent_institution');
    assert.equal(st.get('FARAJA')?.completion, 1);
    assert.equal(st.get('AEOI')?.completion, 1);
    assert.equal(rank.get('FARAJA'), 1);
    assert.equal(rank.get('AEOI'), 1);
    for (const c of ['BONYAD-SHAHID', 'CBI']) assert.ok((rank.get(c) ?? 99) <= 5, `${c} ranks ${rank.get(c)}`);
    const science = st.get('VP-SCIENCE');
    assert.equal(Math.round((science?.completion ?? 0) * 100), 11);
    assert.ok((rank.get('VP-SCIENCE') ?? 0) > size * 0.75, 'the science vice-presidency is in the bottom quarter');
  });

  test(`seed ${seed}: Tax Administration and Social Security are in the top quarter of subordinate organisations`, () => {
    const ds = data(seed);
    const { rank, size } = ranks(ds, 'subordinate_organisation');
    const parent = (c: string) => ds.agencies.find((a) => a.code === c)?.parentCode;
    assert.equal(parent('INTA'), 'MIN-ECONOMY');
    assert.equal(parent('SSO'), 'MIN-LABOUR');
    for (const c of ['INTA', 'SSO']) assert.ok((rank.get(c) ?? 99) <= Math.ceil(size / 4), `${c} ranks ${rank.get(c)} of ${size}`);
  });

  test(`seed ${seed}: maturity is honest against the targets`, () => {
    const services = eligibleServices(data(seed));
    const share = (f: (m: number) => boolean) => services.filter((s) => f(s.maturity)).length / services.length;
    const fullyElectronic = share((m) => m >= 3);
    assert.ok(fullyElectronic >= 0.15 && fullyElectronic <= 0.18, `L3+ is ${fullyElectronic}`);
    const smart = share((m) => m === 5);
    assert.ok(smart >= 0.02 && smart <= 0.04, `L5 is ${smart}`);
    const undelivered = services.filter((s) => s.deliveryStatus !== 'delivered');
    assert.ok(undelivered.filter((s) => s.maturity <= 1).length / undelivered.length >= 0.8);
    assert.ok(services.every((s) => s.deliveryStatus !== 'delivered' || s.maturity >= 2));

    // The dashboard lists the agencies behind the 20% target: always the same 92 of 142.
    const perAgency = new Map<string, { l3: number; all: number }>();
    for (const s of services) {
      const a = perAgency.get(s.agencyCode) ?? { l3: 0, all: 0 };
      a.all++;
      if (s.maturity >= 3) a.l3++;
      perAgency.set(s.agencyCode, a);
    }
    assert.equal([...perAgency.values()].filter((a) => a.l3 * 5 < a.all).length, 92);
  });
}

test('named and reference agencies exist with their Persian names', () => {
  const ds = data(1402);
  const byCode = new Map(ds.agencies.map((a) => [a.code, a]));
  const expected: Record<string, string> = {
    'MIN-ENERGY': 'وزارت نیرو',
    'MIN-LABOUR': 'وزارت تعاون، کار و رفاه اجتماعی',
    'MIN-EDUCATION': 'وزارت آموزش و پرورش',
    'MIN-FOREIGN': 'وزارت امور خارجه',
    'MIN-HERITAGE': 'وزارت میراث فرهنگی، گردشگری و صنایع‌دستی',
    'MIN-DEFENCE': 'وزارت دفاع و پشتیبانی نیروهای مسلح',
    'MIN-ICT': 'وزارت ارتباطات و فناوری اطلاعات',
    FARAJA: 'فرماندهی انتظامی جمهوری اسلامی ایران (فراجا)',
    AEOI: 'سازمان انرژی اتمی ایران',
    'BONYAD-SHAHID': 'بنیاد شهید و امور ایثارگران',
    CBI: 'بانک مرکزی جمهوری اسلامی ایران',
    'VP-SCIENCE': 'معاونت علمی، فناوری و اقتصاد دانش‌بنیان ریاست‌جمهوری',
    INTA: 'سازمان امور مالیاتی کشور',
    SSO: 'سازمان تأمین اجتماعی',
    ITO: 'سازمان فناوری اطلاعات ایران',
    LMO: 'سازمان نهضت سوادآموزی',
    NOCR: 'سازمان ثبت احوال کشور',
    IHIO: 'سازمان بیمه سلامت ایران',
    DEEDS: 'سازمان ثبت اسناد و املاک کشور',
  };
  for (const [code, fa] of Object.entries(expected)) assert.equal(byCode.get(code)?.nameFa, fa, code);
  assert.equal(byCode.get('FARAJA')?.kind, 'independent_institution');
  assert.equal(byCode.get('ITO')?.parentCode, 'MIN-ICT');
});

test('the three most requested services lead annual users, at the right agencies', () => {
  const ds = data(1402);
  const top = [...ds.services].sort((a, b) => (b.annualUsers ?? 0) - (a.annualUsers ?? 0)).slice(0, 3);
  assert.deepEqual(
    top.map((s) => [s.agencyCode, s.nameFa]).sort(),
    [
      ['IHIO', 'استعلام اعتبار دفترچه بیمه سلامت'],
      ['LMO', 'استعلام سطح سواد'],
      ['NOCR', 'پیگیری صدور کارت ملی هوشمند'],
    ],
  );
  for (const s of top) assert.equal(s.deliveryStatus, 'delivered');
  const has = (code: string, en: string) => ds.services.some((s) => s.agencyCode === code && s.nameEn === en);
  assert.ok(has('MIN-ENERGY', 'Electricity connection request'));
  assert.ok(has('MIN-ENERGY', 'Water bill inquiry'));
  assert.ok(has('INTA', 'VAT return filing'));
  assert.ok(has('MIN-EDUCATION', 'School enrolment'));
  assert.ok(has('NOCR', 'Birth certificate issuance'));
});

test('codes, keys and external codes are unique and well formed', () => {
  const ds = data(1402);
  const unique = (xs: string[]) => assert.equal(new Set(xs).size, xs.length);
  unique(ds.agencies.map((a) => a.code));
  unique(ds.services.map((s) => s.key));
  unique(ds.services.map((s) => s.externalCode ?? ''));
  for (const a of ds.agencies) assert.match(a.code, /^[A-Z0-9][A-Z0-9-]{1,31}$/);
  for (const s of ds.services) assert.match(s.externalCode ?? '', s.parentKey ? /^\d{11}-\d{1,3}$/ : /^\d{11}$/);
});

test('parents exist: agencies under a ministry or institution, sub-services under a service of the same agency', () => {
  const ds = data(1402);
  const agencies = new Map(ds.agencies.map((a) => [a.code, a]));
  for (const a of ds.agencies) {
    if (a.kind === 'subordinate_organisation') {
      const parent = agencies.get(a.parentCode ?? '');
      assert.ok(parent && parent.code !== a.code, `${a.code} has a parent`);
      assert.ok(parent.kind === 'ministry' || parent.kind === 'independent_institution', `${a.code}'s parent is ${parent.kind}`);
    } else {
      assert.equal(a.parentCode, null);
    }
  }
  const services = new Map(ds.services.map((s) => [s.key, s]));
  const subs = ds.services.filter((s) => s.parentKey !== null);
  assert.ok(subs.length > 0 && subs.length < ds.services.length * 0.1, 'a few services have sub-services');
  for (const s of subs) {
    const parent = services.get(s.parentKey ?? '');
    assert.ok(parent, `${s.key} has a parent`);
    assert.equal(parent.agencyCode, s.agencyCode);
    assert.equal(parent.parentKey, null);
    assert.ok(s.externalCode?.startsWith(`${parent.externalCode}-`));
  }
});

test('every agency field is valid', () => {
  for (const a of data(1402).agencies) {
    assert.ok(agencyKinds.includes(a.kind));
    assert.ok(a.nameFa.length > 0 && a.nameFa.length <= 300 && /[\u0600-\u06FF]/.test(a.nameFa));
    assert.ok(a.nameEn.length > 0 && a.nameEn.length <= 300 && !/[\u0600-\u06FF]/.test(a.nameEn));
    if (a.connectedOn !== null) assert.ok(isIsoDate(a.connectedOn), a.connectedOn);
    assert.match(a.contactEmail ?? '', /^info@[a-z0-9-]+\.example$/);
    assert.match(a.website ?? '', /^https:\/\/[a-z0-9-]+\.example$/);
    assert.match(a.contactPhone ?? '', /^\+98 \d{2} \d{4} \d{4}$/);
  }
});

test('every service field is valid', () => {
  const ds = data(1402);
  const agencies = new Map(ds.agencies.map((a) => [a.code, a]));
  const inEnum = <T>(values: readonly T[], v: T) => assert.ok(values.includes(v), String(v));
  const nonNegInt = (v: number | null) => v === null || (Number.isInteger(v) && v >= 0);
  const namesPerAgency = new Map<string, Set<string>>();
  for (const s of ds.services) {
    assert.ok(agencies.has(s.agencyCode));
    for (const text of [s.nameFa, s.descriptionFa]) assert.ok(/[\u0600-\u06FF]/.test(text), text);
    for (const text of [s.nameEn, s.descriptionEn]) assert.ok(text.length > 0 && !/[\u0600-\u06FF]/.test(text), text);
    const names = namesPerAgency.get(s.agencyCode) ?? new Set();
    assert.ok(!names.has(s.nameFa) && !names.has(s.nameEn), `${s.agencyCode} repeats ${s.nameEn}`);
    names.add(s.nameFa).add(s.nameEn);
    namesPerAgency.set(s.agencyCode, names);

    assert.ok(s.topic in topics);
    assert.ok(s.audiences.length > 0);
    for (const x of s.audiences) inEnum(audiences, x);
    for (const x of s.lifeEvents) assert.ok(x in lifeEvents);
    assert.ok(s.channels.length > 0 && new Set(s.channels).size === s.channels.length);
    for (const x of s.channels) inEnum(channels, x);
    assert.ok(Number.isInteger(s.maturity) && s.maturity >= 0 && s.maturity <= 5);
    inEnum(deliveryStatuses, s.deliveryStatus);
    assert.ok(maturityConsistent(s.maturity, s.deliveryStatus));
    inEnum(serviceTypes, s.serviceType);
    inEnum(serviceNatures, s.nature);
    inEnum(serviceLevels, s.serviceLevel);
    inEnum(serviceTriggers, s.trigger);
    assert.ok(nonNegInt(s.feeAmount) && nonNegInt(s.slaDays) && nonNegInt(s.annualUsers) && nonNegInt(s.inPersonVisits));
    assert.ok(s.avgProcessingDays === null || s.avgProcessingDays >= 0);
    for (const e of s.requiredEvidence) assert.ok(e.fa.length > 0 && e.en.length > 0);
    for (const q of s.inquiries) {
      assert.ok(agencies.has(q.agencyCode) && q.agencyCode !== s.agencyCode, `${s.key} asks ${q.agencyCode}`);
      assert.ok(q.fa.length > 0 && q.en.length > 0);
    }
    if (s.accessUrl !== null) assert.match(s.accessUrl, /^https:\/\/[a-z0-9.-]+\.example\//);
    if (s.deliveryStatus === 'delivered') assert.ok(s.channels.includes('web'));
  }
});

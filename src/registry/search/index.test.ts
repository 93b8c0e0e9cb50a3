import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CatalogIndex, type SearchDocument, type SearchResult } from './index.ts';
import { formatServiceId } from '../../core/service-id.ts';
import { countryPacks } from '../../core/country-packs/index.ts';

const id = (n: number) => formatServiceId(countryPacks.ir, 1_000_000 + n);

type Spec = [n: number, nameFa: string, nameEn: string, descFa: string, descEn: string, agency: string, topic: string, audience: string[], boost: number, ext?: string];
const agencies: Record<string, [string, string]> = {
  nocr: ['سازمان ثبت احوال کشور', 'National Organization for Civil Registration'],
  police: ['پلیس راهور', 'Traffic Police'],
  edu: ['نهضت سوادآموزی', 'Literacy Movement Organization'],
  tamin: ['سازمان تأمین اجتماعی', 'Social Security Organization'],
  mimt: ['وزارت صنعت، معدن و تجارت', 'Ministry of Industry, Mine and Trade'],
  army: ['سازمان وظیفه عمومی', 'Conscription Organization'],
};
const specs: Spec[] = [
  [1, 'صدور کارت ملی هوشمند', 'Smart national ID card issuance', 'درخواست صُدورِ کارتِ ملّی برای شهروندان', 'Apply for a smart national card', 'nocr', 'identity', ['citizens'], 9, '12345678901'],
  [2, 'استعلام وضعیت نظام وظیفه', 'Military service status inquiry', 'استعلام برگ اعزام و معافیت', 'Check your conscription status', 'army', 'military', ['citizens'], 7],
  [3, 'ثبت‌نامِ سوادآموزی بزرگسالان', 'Adult literacy enrolment', 'کلاس‌های سواد آموزی رایگان', 'Free literacy classes for adults', 'edu', 'education', ['citizens'], 3, '12345678901-2'],
  [4, 'صدور گواهی‌نامه رانندگی', 'Driving licence issuance', 'صدور گواهینامه پایه دو و یک', 'First driving licence', 'police', 'transport', ['citizens'], 8],
  [5, 'مجوز کسب‌وکار', 'Business permit', 'صدور مجوز برای کسب‌وکارهای نوپا', 'Permits for new businesses', 'mimt', 'business', ['businesses'], 6],
  [6, 'درخواست کسب و کار خانگی', 'Home business application', 'مشاغل خانگی', 'Home-based jobs', 'mimt', 'business', ['citizens', 'businesses'], 5],
  [7, 'تمدید گذرنامه', 'Passport renewal', 'تمدید گذرنامه منقضی', 'Renew an expired passport', 'police', 'travel', ['citizens'], 8.5],
  [8, 'استعلام سوابق بیمه', 'Insurance record inquiry', 'مشاهده سوابق پرداخت حق بیمه', 'See your contribution history', 'tamin', 'welfare', ['citizens', 'businesses'], 8],
  [9, 'ثبت واقعه ولادت', 'Birth registration', 'ثبت تولد نوزاد و صدور شناسنامه', 'Register a newborn and get a birth certificate', 'nocr', 'identity', ['citizens'], 6],
  [10, 'استعلام کد پستی', 'Postal code lookup', 'دریافت کد پستی ده رقمی', 'Get a ten digit postal code', 'mimt', 'communications', ['citizens', 'businesses', 'government'], 4],
  [11, 'گزارش کار بازرسی', 'Inspection work report', 'ثبت گزارش‌های بازرسی صنعتی', 'Industrial inspection reports', 'mimt', 'business', ['government'], 1],
];

function doc([n, nameFa, nameEn, descriptionFa, descriptionEn, agency, topic, audience, boost, ext]: Spec): SearchDocument {
  const [agencyNameFa, agencyNameEn] = agencies[agency]!;
  return {
    id: id(n),
    fields: { nameFa, nameEn, descriptionFa, descriptionEn, agencyNameFa, agencyNameEn, externalCode: ext ?? null, serviceId: id(n) },
    facets: { agency, topic, audience, lifeEvent: n % 3 ? [] : ['schooling'], maturity: String(n % 4), delivery: n % 2 ? 'delivered' : 'listed' },
    boost,
  };
}
const index = new CatalogIndex(specs.map(doc));
const ids = (r: SearchResult) => r.hits.map((h) => Number(h.id.slice(3, 11)) - 1_000_000);
const search = (q: string, more: Parameters<CatalogIndex['search']>[0] = {}) => index.search({ q, limit: 50, ...more });

test('a query with Arabic ي and ك finds Persian ی and ک', () => {
  assert.deepEqual(ids(search('كارت ملي')), [1]);
  assert.deepEqual(ids(search('سازمان تامين اجتماعي')), [8]);
});

test('ZWNJ, space and nothing between word parts all match each other', () => {
  const variants = ['من می\u200cخواهم ثبت کنم', 'من میخواهم ثبت کنم', 'من می خواهم ثبت کنم'];
  const small = new CatalogIndex(variants.map((text, i) => ({ ...doc(specs[0]!), id: `D${i}`, fields: { ...doc(specs[0]!).fields, descriptionFa: text } })));
  for (const q of ['می‌خواهم', 'میخواهم', 'می خواهم']) {
    assert.deepEqual(small.search({ q }).hits.map((h) => h.id).sort(), ['D0', 'D1', 'D2'], q);
  }
  for (const q of ['کسب و کار', 'کسب‌وکار', 'کسبوکار']) assert.deepEqual(ids(search(q)).sort(), [5, 6], q);
  assert.ok(ids(search('ثبت نام سوادآموزی')).includes(3));
});

test('typos: one edit from 4 letters, two from 8, none below 4', () => {
  assert.deepEqual(ids(search('litracy')), [3]);
  assert.deepEqual(ids(search('pasport')), [7]);
  assert.deepEqual(ids(search('passprot')), [7], 'a swapped pair is one edit');
  assert.deepEqual(ids(search('regsitratoin')), [9, 1], 'two edits in a long word; 9 has it in its name, 1 in its agency');
  assert.deepEqual(ids(search('gzarnameh')), []);
  assert.deepEqual(ids(search('idz')), [], 'no typo tolerance under 4 letters');
  assert.deepEqual(ids(search('گذزنامه')), [7], 'Persian typo');
});

test('prefixes match on every token: «استعل» finds «استعلام»', () => {
  assert.deepEqual(ids(search('استعل')).sort((a, b) => a - b), [2, 8, 10]);
  assert.deepEqual(ids(search('استعل بیم')), [8]);
  assert.deepEqual(ids(search('driv lic')), [4]);
});

test('every token must match; no silent fallback when nothing does', () => {
  const r = search('passport literacy');
  assert.equal(r.total, 0);
  assert.deepEqual(r.hits, []);
  assert.ok(Object.values(r.facets).every((f) => f.length === 0));
});

test('ranking: exact beats prefix beats typo; names beat descriptions; then boost', () => {
  // «کار» is exact in 6's and 11's names, a prefix of «کارت» in 1's name.
  const r = ids(search('کار'));
  assert.deepEqual(r.slice(0, 2), [6, 11], 'exact name matches first, higher boost first');
  assert.ok(r.indexOf(1) > 1);
  // «گواهینامه» is in 4's name; 9's description only has «شناسنامه».
  assert.deepEqual(ids(search('صدور')), [1, 4, 5, 9], 'name (boost 9, 8) before description (6, 6 → by id)');
  const score = (q: string) => search(q).hits.find((h) => h.id === id(4))!.score;
  assert.ok(score('licence') > score('licen'), 'exact > prefix');
  assert.ok(score('licen') > score('lisence'), 'prefix > typo');
  assert.ok(score('licence') > score('first'), 'name > description');
});

test('an exact service id or external code finds that service first, in any spelling', () => {
  assert.deepEqual(ids(search(id(7))).slice(0, 1), [7]);
  const persian = id(7).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!).replace(/-/g, ' ').toLowerCase();
  assert.deepEqual(ids(search(persian)).slice(0, 1), [7]);
  assert.deepEqual(ids(search('12345678901')), [1, 3], 'the main service, then its sub-service by prefix');
  assert.deepEqual(ids(search('۱۲۳۴۵۶۷۸۹۰۱-۲')), [3]);
  const hit = search(id(7)).hits[0]!;
  assert.deepEqual(hit.highlights, [{ field: 'serviceId', ranges: [[0, 14]] }]);
  assert.deepEqual(search('12345678901').hits[1]!.highlights, [{ field: 'externalCode', ranges: [[0, 11]] }]);
});

test('filters: OR within a facet, AND across facets; unknown values match nothing', () => {
  assert.deepEqual(ids(search('', { filters: { agency: ['mimt'], audience: ['government'] } })), [10, 11]);
  assert.deepEqual(ids(search('', { filters: { agency: ['mimt', 'tamin'], audience: ['businesses'] } })), [8, 5, 6, 10]);
  assert.equal(search('', { filters: { topic: ['nope'] } }).total, 0);
  assert.equal(search('', { filters: { topic: [] } }).total, specs.length, 'an empty list is no filter');
});

test('facet counts are disjunctive: a facet ignores its own filter, not the others', () => {
  const r = search('استعلام', { filters: { agency: ['army'] } });
  assert.deepEqual(ids(r), [2]);
  assert.deepEqual(r.facets.agency, [{ value: 'army', count: 1 }, { value: 'mimt', count: 1 }, { value: 'tamin', count: 1 }]);
  assert.deepEqual(r.facets.topic, [{ value: 'military', count: 1 }]);
  assert.deepEqual(r.facets.audience, [{ value: 'citizens', count: 1 }]);
  const both = search('استعلام', { filters: { agency: ['army'], audience: ['businesses'] } });
  assert.equal(both.total, 0);
  assert.deepEqual(both.facets.agency, [{ value: 'mimt', count: 1 }, { value: 'tamin', count: 1 }, { value: 'army', count: 0 }]);
  assert.deepEqual(both.facets.audience, [{ value: 'citizens', count: 1 }, { value: 'businesses', count: 0 }]);
});

test('empty query browses everything by boost, then id', () => {
  const r = search('   ');
  assert.equal(r.total, specs.length);
  assert.deepEqual(ids(r), [1, 7, 4, 8, 2, 5, 9, 6, 10, 3, 11]);
  assert.equal(r.facets.agency.find((f) => f.value === 'mimt')!.count, 4);
});

test('pagination: pages are disjoint, complete and deterministic', () => {
  for (const q of ['', 'صدور', 'استعل']) {
    const all = ids(search(q));
    const paged = [0, 2, 4, 6].flatMap((offset) => ids(index.search({ q, offset, limit: 2 })));
    assert.deepEqual(paged, all.slice(0, 8), q);
    assert.deepEqual(search(q), search(q));
  }
  assert.deepEqual(index.search({ q: 'صدور', offset: 100, limit: 10 }).hits, []);
  assert.equal(index.search({ q: 'صدور', offset: 100, limit: 10 }).total, 4);
});

test('highlights point into the original text, diacritics and ZWNJ included', () => {
  const text = (n: number, field: 'nameFa' | 'descriptionFa') => doc(specs[n - 1]!).fields[field];
  const marked = (r: SearchResult, n: number, field: string) => {
    const hit = r.hits.find((h) => h.id === id(n))!;
    const h = hit.highlights.find((x) => x.field === field)!;
    return h.ranges.map(([s, e]) => (text(n, field as 'nameFa') ?? '').slice(s, e));
  };
  assert.deepEqual(marked(search('ثبتنام'), 3, 'nameFa'), ['ثبت‌نامِ']);
  assert.deepEqual(marked(search('صدور کارت ملی'), 1, 'descriptionFa'), ['صُدورِ', 'کارتِ', 'ملّی']);
  assert.deepEqual(marked(search('گواهی‌نام'), 4, 'nameFa'), ['گواهی‌نام']);
  assert.deepEqual(marked(search('كارت ملي'), 1, 'nameFa'), ['کارت', 'ملی']);
  const hit = search('literacy').hits[0]!;
  assert.deepEqual(hit.highlights.map((h) => h.field).sort(), ['agencyNameEn', 'descriptionEn', 'nameEn']);
  assert.deepEqual(search('').hits[0]!.highlights, []);
});

test('a broad query on a big catalog pages exactly like a full sort', () => {
  const many: SearchDocument[] = Array.from({ length: 2000 }, (_, i) => ({
    ...doc(specs[i % specs.length]!),
    id: `X${String(i).padStart(5, '0')}`,
    boost: (i * 7919) % 13,
  }));
  const big = new CatalogIndex(many);
  const all = big.search({ q: 'صدور', limit: 1000 });
  assert.ok(all.total > 500);
  for (const offset of [0, 5, 37, 95]) {
    const page = big.search({ q: 'صدور', offset, limit: 5 });
    assert.deepEqual(page.hits, all.hits.slice(offset, offset + 5));
  }
  const boosts = all.hits.map((h) => many.find((d) => d.id === h.id)!);
  for (let i = 1; i < boosts.length; i++) {
    const [a, b] = [all.hits[i - 1]!, all.hits[i]!];
    assert.ok(a.score > b.score || (a.score === b.score && (boosts[i - 1]!.boost! > boosts[i]!.boost! || (boosts[i - 1]!.boost === boosts[i]!.boost && a.id < b.id))));
  }
});

test('builds and answers over 100,000 documents', () => {
  const words = ['گواهی', 'مجوز', 'استعلام', 'permit', 'licence', 'inquiry', 'ثبت', 'تمدید'];
  const docs: SearchDocument[] = Array.from({ length: 100_000 }, (_, i) => ({
    id: `S${i}`,
    fields: { nameFa: `${words[i % 8]} ${words[(i >> 3) % 8]} ${i}`, nameEn: words[(i >> 6) % 8]!, descriptionFa: '', descriptionEn: '', agencyNameFa: '', agencyNameEn: '', externalCode: String(10_000_000_000 + i), serviceId: `IR-${1_000_001 + i}-00` },
    facets: { agency: `a${i % 500}`, topic: `t${i % 18}`, audience: ['citizens'], lifeEvent: [], maturity: String(i % 6), delivery: 'listed' },
    boost: i % 10,
  }));
  const big = new CatalogIndex(docs);
  const expected = docs.filter((d) => ['مجوز', 'تمدید'].every((w) => `${d.fields.nameFa} ${d.fields.nameEn}`.split(' ').includes(w))).length;
  assert.equal(big.search({ q: 'مجوز تمدید' }).total, expected);
  assert.equal(big.search({ q: '10000099999' }).hits[0]!.id, 'S99999');
  assert.equal(big.search({ q: '', filters: { agency: ['a7'] } }).total, 200);
});

test('odd paging input is clamped, not trusted', () => {
  assert.equal(index.search({ q: 'صدور', offset: Number.NaN, limit: -3 }).hits.length, 0);
  assert.equal(index.search({ q: 'صدور', offset: -5, limit: 2.7 }).hits.length, 2);
  assert.equal(index.search({ q: 'صدور' }).hits.length, 4, 'default limit 20');
  assert.equal(new CatalogIndex([]).search({ q: 'x' }).total, 0);
  assert.throws(() => new CatalogIndex([doc(specs[0]!), doc(specs[0]!)]), /duplicate/);
});

test('building in steps gives the same index as building in one go', () => {
  const docs = specs.map(doc);
  const steps = CatalogIndex.steps(docs);
  let r = steps.next();
  while (!r.done) r = steps.next();
  for (const q of ['literacy', 'استعلام', 'insur', 'litracy', '']) assert.deepEqual(r.value.search({ q }), new CatalogIndex(docs).search({ q }), q);
});

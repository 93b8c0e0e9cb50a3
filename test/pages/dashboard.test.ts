import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { fixedNow, openTestApp, type TestApp } from '../support/app.ts';
import { testEngines } from '../support/database.ts';
import { loadDemoDataset } from '../../demo/load.ts';
import { rankingTieBreak, solarHijriYearOf } from '../../src/core/insights/index.ts';
import { createI18n } from '../../src/web/i18n/translate.ts';

/** The part of the page from one id to the next section or the end of <main>. */
function section(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  assert.ok(start >= 0, `no element with id ${id}`);
  const rest = html.slice(start);
  const end = rest.search(/<section |<div class="league"|<\/main>/);
  return end > 0 ? rest.slice(0, end) : rest;
}

const rows = (html: string, cls: 'best' | 'worst') => [...html.matchAll(new RegExp(`<tr class="${cls}">(.*?)</tr>`, 'g'))].map((m) => m[1]!);
const codes = (html: string) => [...html.matchAll(/href="\/agencies\/([A-Z0-9-]+)"/g)].map((m) => m[1]!);
const dashboardPaths = ['/dashboard', '/dashboard/rankings', '/dashboard/targets', '/dashboard/compliance', '/dashboard/usage'];

for (const engine of testEngines()) {
  describe(`dashboard pages (${engine})`, () => {
    let t: TestApp;
    let fa: string;
    let en: string;
    const get = async (url: string) => (await t.app.inject({ url })).body;
    before(async () => {
      t = await openTestApp(engine);
      await loadDemoDataset(t.db, { seed: 1402, pack: 'ir', now: () => fixedNow });
      fa = await get('/dashboard');
      en = await get('/dashboard?lang=en');
    });
    after(() => t.close());

    test('the overview renders in Persian, right to left, with Persian digits and the Persian calendar', async () => {
      const res = await t.app.inject({ url: '/dashboard' });
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /^text\/html/);
      assert.match(res.headers['content-security-policy'] as string, /script-src 'self'/);
      assert.match(fa, /<html lang="fa" dir="rtl">/);
      assert.match(fa, /<h1>داشبورد پنجره ملی<\/h1>/);
      assert.equal(fa.match(/<h1[ >]/g)?.length, 1, 'one h1');
      assert.ok(fa.includes('<span class="card-value">۱۳۷</span>'), '137 connected, in Persian digits');
      assert.ok(fa.includes('از ۱۴۲ دستگاه مشمول'), 'out of 142 eligible agencies');
      assert.ok(fa.includes(createI18n('fa').date(fixedNow.toISOString())), 'the date of the figures in the Persian calendar');
      assert.doesNotMatch(fa, /<script/i, 'no scripts at all');
    });

    test('the overview renders in English: connected of eligible, the delivered share, targets met', () => {
      assert.match(en, /<html lang="en" dir="ltr">/);
      assert.match(en, /<h1>National window dashboard<\/h1>/);
      assert.match(en, /<span class="card-value">137<\/span><span class="card-label">Connected<\/span><span class="card-hint">of 142 eligible agencies \(96%\)<\/span>/);
      assert.match(en, /<span class="card-value">63%<\/span><span class="card-label">Services delivered through the window<\/span><span class="card-hint">5,2\d\d of 8,2\d\d active services<\/span>/);
      assert.match(en, /<span class="card-value">0 of 3<\/span><span class="card-label">Maturity targets met<\/span>/);
      assert.ok(en.includes('28 November 2026'), 'the date of the figures, Gregorian');
    });

    test('says the figures are demo data, in the banner and next to the figures, on every dashboard page', async () => {
      assert.match(fa, /class="demo-banner"/);
      assert.ok(fa.includes('داده نمایشی.'));
      for (const path of dashboardPaths.filter((p) => p !== '/dashboard/usage')) assert.ok((await get(`${path}?lang=en`)).includes('<strong>Demo data.</strong>'), path);
    });

    test('the overview names the best and the worst three of each kind, as the data ranks them', async () => {
      const report = (await t.app.inject({ url: '/api/v1/insights' })).json();
      const ministries = section(en, 'league-ministry');
      assert.deepEqual(codes(rows(ministries, 'best').join()), ['MIN-ENERGY', 'MIN-LABOUR', 'MIN-EDUCATION'], "the seed's best ministries");
      assert.deepEqual(codes(rows(ministries, 'worst').join()), ['MIN-FOREIGN', 'MIN-HERITAGE', 'MIN-DEFENCE'], "the seed's worst ministries, the worst last");
      assert.match(ministries, /Ministry of Energy<\/a><\/th><td class="num">1<\/td><td class="num">94\.0%<\/td>/);
      const institutions = section(en, 'league-independent_institution');
      assert.deepEqual(codes(rows(institutions, 'best').join()).slice(0, 2), ['FARAJA', 'AEOI'], 'Faraja and the AEOI on top (equal rates: more services delivered first)');
      for (const row of rows(institutions, 'best').slice(0, 2)) assert.match(row, /<td class="num">100\.0%<\/td>/);
      // Every kind's lists follow the published ranking: its first three and last three ranked
      // agencies, or every ranked agency, once, when there are fewer than six.
      for (const kind of ['ministry', 'independent_institution', 'subordinate_organisation', 'other']) {
        const ranked = (report.rankings.byKind[kind] as { code: string; rank: number | null }[]).filter((e) => e.rank !== null).map((e) => e.code);
        const shown = codes(section(en, `league-${kind}`));
        assert.deepEqual(shown, ranked.length >= 6 ? [...ranked.slice(0, 3), ...ranked.slice(-3)] : ranked, kind);
      }
    });

    test('the overview is an overview: one chart, short lists, and a link to every page with the long tables', () => {
      assert.equal([...en.matchAll(/<svg role="img"/g)].length, 2, 'the connections chart, drawn wide and narrow');
      assert.ok(en.length < 150_000, `the overview is ${en.length} characters`);
      for (const path of dashboardPaths) assert.ok(en.includes(`href="${path}"`), `links to ${path}`);
      assert.match(en, /<a href="\/dashboard" aria-current="page">Overview<\/a>/);
      assert.match(en, /href="\/dashboard\/compliance#not-connected">The 5 eligible agencies not connected yet</);
      assert.match(en, /Most called services|No data yet/);
    });

    test('connections by year: Gregorian years in English, Solar Hijri years in Persian, the same agencies', async () => {
      const timeline = section(en, 'connection');
      assert.match(timeline, /<caption>Agencies connected, by year<\/caption>/);
      assert.match(timeline, /<th scope="row">2022<\/th><td class="num">119<\/td><td class="num">129<\/td>/);
      const persian = section(fa, 'connection');
      assert.doesNotMatch(persian, /۲۰۲۲/, 'no Gregorian year on the Persian page');
      assert.match(persian, /سال \(هجری شمسی\)/);
      const years = [...persian.matchAll(/<th scope="row">([۰-۹]{4})<\/th><td class="num">([۰-۹٬]+)<\/td><td class="num">([۰-۹٬]+)<\/td>/g)].map((m) => ({
        year: Number(m[1]!.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0))),
        total: m[3]!,
      }));
      assert.equal(years.at(-1)?.year, solarHijriYearOf('2026-11-28'), 'up to this Solar Hijri year (1405)');
      assert.equal(years.at(-1)?.total, '۱۳۷', 'the same 137 agencies in total');
      assert.ok(years.every((y, i) => i === 0 || y.year === years[i - 1]!.year + 1), 'consecutive years');
    });

    test('chart labels only where they help: the line is labelled at its last point, the bars under it not at all', () => {
      const svg = /<div class="chart-image chart-wide"><svg[\s\S]*?<\/svg>/.exec(section(en, 'connection'))![0];
      const labels = [...svg.matchAll(/<text[^>]*fill="#1b1b1b"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
      assert.deepEqual(labels, ['137']);
      assert.doesNotMatch(svg, /font-size:1[01]px/, 'no text under 12 px');
    });

    test('rankings: every kind, sortable by any column through links, filtered by kind', async () => {
      const all = await get('/dashboard/rankings?lang=en');
      assert.match(all, /<h1>Rankings<\/h1>/);
      assert.ok(all.includes(rankingTieBreak.replace(/'/g, '&#39;')), 'the English tie-break is the one the API publishes');
      for (const kind of ['ministry', 'independent_institution', 'subordinate_organisation', 'other']) assert.ok(all.includes(`id="ranking-${kind}"`), kind);
      const ministries = section(all, 'ranking-ministry');
      assert.match(rows(ministries, 'best')[0]!, /href="\/agencies\/MIN-ENERGY">Ministry of Energy<\/a> <span class="tag tag-best">Best<\/span>/);
      assert.match(rows(ministries, 'worst')[0]!, /MIN-DEFENCE/);
      assert.match(ministries, /<th scope="col" class="num" aria-sort="ascending"><a href="\/dashboard\/rankings\?order=desc">Rank<\/a><\/th>/);
      assert.match(ministries, /<th scope="col"><a href="\/dashboard\/rankings\?sort=name">Agency<\/a><\/th>/);
      assert.match(ministries, /<a href="\/dashboard\/rankings\?sort=rate">Completion rate<\/a>/);
      assert.ok(ministries.includes('href="/api/v1/insights/tables/ranking_ministry" download'));

      const byName = await get('/dashboard/rankings?lang=en&kind=ministry&sort=name');
      assert.doesNotMatch(byName, /id="ranking-other"/, 'only the kind asked for');
      assert.match(byName, /<a href="\/dashboard\/rankings\?kind=ministry&amp;sort=name" aria-current="true">Ministries<\/a>/);
      const names = [...section(byName, 'ranking-ministry').matchAll(/<th scope="row"><a [^>]*>([^<]+)<\/a>/g)].map((m) => m[1]!);
      assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b, 'en')), 'by name, A to Z');
      assert.match(byName, /aria-sort="ascending"><a href="\/dashboard\/rankings\?kind=ministry&amp;sort=name&amp;order=desc">Agency/);

      const worstFirst = section(await get('/dashboard/rankings?lang=en&kind=ministry&sort=rate&order=asc'), 'ranking-ministry');
      assert.equal(codes(worstFirst)[0], 'MIN-DEFENCE', 'the lowest rate first');
      const persianNames = [...section(await get('/dashboard/rankings?kind=ministry&sort=name'), 'ranking-ministry').matchAll(/<th scope="row"><a [^>]*>([^<]+)<\/a>/g)].map((m) => m[1]!);
      assert.deepEqual(persianNames, [...persianNames].sort(new Intl.Collator('fa').compare), 'Persian names in Persian order');
    });

    test('rankings: a value the links never make is refused with the friendly 400 page', async () => {
      for (const query of ['kind=agency', 'sort=popularity', 'order=up', 'kind=ministry&kind=other', `sort=${'x'.repeat(300)}`]) {
        const res = await t.app.inject({ url: `/dashboard/rankings?lang=en&${query}` });
        assert.equal(res.statusCode, 400, query);
        assert.match(res.headers['content-type'] as string, /^text\/html/);
        assert.match(res.body, /VALIDATION_FAILED/);
        assert.doesNotMatch(res.body, /<script/i);
      }
    });

    test('targets: the maturity levels, each target with progress, overdue days and status', async () => {
      const page = await get('/dashboard/targets?lang=en');
      const targets = section(page, 'targets');
      assert.match(targets, /20% of services at L3 Fully electronic or above/);
      assert.match(targets, /Overdue by 1,032 days/, '2024-01-31 is 1,032 days before 2026-11-28');
      assert.match(targets, /tag-target-overdue">Overdue</);
      assert.match(targets, /31 January 2024/);
      assert.match(await get('/dashboard/targets'), /۱٬۰۳۲ روز از مهلت گذشته/);
      assert.match(section(en, 'targets'), /Overdue by 1,032 days/, 'the overview shows the same progress in short');
    });

    test('follow-up lists: the agencies not connected, and those behind each target', async () => {
      const page = await get('/dashboard/compliance?lang=en');
      assert.match(section(page, 'not-connected'), /Scheduled connection/);
      assert.equal(codes(section(page, 'not-connected')).length, 5);
      assert.match(section(page, 'compliance'), /<summary>20% of services at L3 Fully electronic or above: 92 agencies behind<\/summary>/);
    });

    test('every chart is an SVG image with a name, followed by a table of the same figures', async () => {
      const names = new Set<string>();
      for (const path of dashboardPaths) for (const m of (await get(`${path}?lang=en`)).matchAll(/<svg role="img" aria-label="([^"]+)"/g)) names.add(m[1]!);
      assert.deepEqual([...names], [
        'Chart: Agencies connected, by year. The same figures are in the table that follows.',
        'Chart: Active services by maturity level. The same figures are in the table that follows.',
        'Chart: Share of services achieved and targeted. The same figures are in the table that follows.',
      ]);
      assert.doesNotMatch(en, /<svg[^>]*>[\s\S]*?<style/, 'no hover styles inside the charts');
    });

    test('every KPI table has a CSV download link on a dashboard page, and each link answers with CSV', async () => {
      const tables = (await t.app.inject({ url: '/api/v1/insights/tables' })).json().tables as string[];
      const links = new Set<string>();
      for (const path of dashboardPaths) for (const m of (await get(`${path}?lang=en`)).matchAll(/href="(\/api\/v1\/insights\/tables\/[a-z_]+)" download/g)) links.add(m[1]!);
      assert.deepEqual([...links].sort(), tables.map((name) => `/api/v1/insights/tables/${name}`).sort());
      for (const link of links) {
        const res = await t.app.inject({ url: link });
        assert.equal(res.statusCode, 200, link);
        assert.match(res.headers['content-type'] as string, /^text\/csv/, link);
      }
    });

    test('without usage buckets the overview and the usage page say plainly that there is no data yet', async () => {
      assert.match(section(en, 'usage'), /No data yet\./);
      assert.match(section(fa, 'usage'), /هنوز داده‌ای نیست/);
      const page = await get('/dashboard/usage?lang=en');
      assert.match(page, /No data yet\./);
      assert.doesNotMatch(page, /class="card-value"/);
    });

    test('a repeated view gives the same page; other query strings are accepted', async () => {
      assert.equal(await get('/dashboard'), fa);
      for (const path of dashboardPaths) {
        const odd = await t.app.inject({ url: `${path}?lang=xx&utm=<b>&page=-1` });
        assert.equal(odd.statusCode, 200, path);
        assert.doesNotMatch(odd.body, /<b>/);
      }
    });

    test('a change to the registry shows within a second, with names escaped', async () => {
      const operator = await t.as('operator');
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/agencies',
        headers: operator,
        payload: { code: 'MIN-XSS', nameFa: 'وزارت <script>alert(1)</script>', nameEn: 'Ministry <script>alert(1)</script>', kind: 'ministry' },
      });
      assert.equal(created.statusCode, 201, created.body);
      await sleep(1100);
      const page = await get('/dashboard/rankings?lang=en&kind=ministry');
      assert.ok(page.includes('Ministry &lt;script>alert(1)&lt;/script>'));
      assert.doesNotMatch(page, /<script/i);
      assert.match(section(page, 'ranking-ministry'), /MIN-XSS">Ministry &lt;script>alert\(1\)&lt;\/script><\/a><\/th><td class="num">0<\/td>/);
      assert.match(page, /Not ranked: no active services/);
    });
  });
}

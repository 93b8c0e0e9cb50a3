import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { fixedNow, openTestApp, type TestApp } from '../support/app.ts';
import { testEngines } from '../support/database.ts';
import { loadDemoDataset } from '../../demo/load.ts';
import { rankingTieBreak } from '../../src/core/insights/index.ts';
import { createI18n } from '../../src/web/i18n/translate.ts';

/** The part of the page from one id to the next heading of the same rank or the end of <main>. */
function section(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  assert.ok(start >= 0, `no element with id ${id}`);
  const rest = html.slice(start);
  const end = rest.search(/<section |<div id="ranking-|<\/main>/);
  return end > 0 ? rest.slice(0, end) : rest;
}

const rows = (html: string, cls: 'best' | 'worst') => [...html.matchAll(new RegExp(`<tr class="${cls}">(.*?)</tr>`, 'g'))].map((m) => m[1]!);

for (const engine of testEngines()) {
  describe(`dashboard page (${engine})`, () => {
    let t: TestApp;
    let fa: string;
    let en: string;
    before(async () => {
      t = await openTestApp(engine);
      await loadDemoDataset(t.db, { seed: 1402, pack: 'ir', now: () => fixedNow });
      fa = (await t.app.inject({ url: '/dashboard' })).body;
      en = (await t.app.inject({ url: '/dashboard?lang=en' })).body;
    });
    after(() => t.close());

    test('renders in Persian, right to left, with Persian digits and the Persian calendar', async () => {
      const res = await t.app.inject({ url: '/dashboard' });
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /^text\/html/);
      assert.match(res.headers['content-security-policy'] as string, /script-src 'self'/);
      assert.match(fa, /<html lang="fa" dir="rtl">/);
      assert.match(fa, /<h1>داشبورد پنجره ملی<\/h1>/);
      assert.equal(fa.match(/<h1[ >]/g)?.length, 1, 'one h1');
      assert.ok(fa.includes('<span class="card-value">۱۴۲</span>'), '142 eligible agencies in Persian digits');
      assert.ok(fa.includes('<span class="card-value">۱۳۷</span>'), '137 connected');
      assert.ok(fa.includes(createI18n('fa').date(fixedNow.toISOString())), 'the date of the figures in the Persian calendar');
      assert.match(fa, /۱۴۰۵/, '2026 is 1405 in the Persian calendar');
      assert.doesNotMatch(fa, /<script/i, 'no scripts at all');
    });

    test('renders in English, left to right', () => {
      assert.match(en, /<html lang="en" dir="ltr">/);
      assert.match(en, /<h1>National window dashboard<\/h1>/);
      assert.ok(en.includes('<span class="card-value">142</span>'));
      assert.ok(en.includes('28 November 2026'), 'the date of the figures, Gregorian');
      assert.ok(en.includes('63%'), 'coverage of services delivered');
    });

    test('says the figures are demo data, in the banner and next to the figures', () => {
      assert.match(fa, /class="demo-banner"/);
      assert.ok(fa.includes('داده نمایشی.'));
      assert.ok(en.includes('<strong>Demo data.</strong>'));
    });

    test('ministries: Energy is marked best and Defence worst, as text and not only by colour', () => {
      const ministries = section(en, 'ranking-ministry');
      const [best, ...moreBest] = rows(ministries, 'best');
      const [worst, ...moreWorst] = rows(ministries, 'worst');
      assert.equal(moreBest.length, 0);
      assert.equal(moreWorst.length, 0);
      assert.match(best!, /href="\/agencies\/MIN-ENERGY">Ministry of Energy<\/a> <span class="tag tag-best">Best<\/span>/);
      assert.match(worst!, /href="\/agencies\/MIN-DEFENCE">Ministry of Defence and Armed Forces Logistics<\/a> <span class="tag tag-worst">Worst<\/span>/);
      assert.match(ministries, /<caption class="visually-hidden">Ministries ranked by completion rate<\/caption>/);
      assert.match(ministries, /<th scope="col" class="num">Rank<\/th>/);
      assert.match(ministries, /<th scope="row">/);
    });

    test('independent institutions are ranked separately, with their own best and worst', () => {
      const institutions = section(en, 'ranking-independent_institution');
      assert.match(rows(institutions, 'best').join(), /FARAJA|AEOI/);
      assert.equal(rows(institutions, 'worst').length >= 1, true);
      assert.doesNotMatch(institutions, /MIN-ENERGY/);
      assert.match(institutions, /\(tied\)/, 'Faraja and the AEOI share first place');
    });

    test('the documented tie-break is shown, in both languages', () => {
      assert.ok(en.includes(rankingTieBreak.replace(/'/g, '&#39;')), 'the English text is the one the API publishes');
      assert.ok(fa.includes('رتبه‌بندی رقابتی استاندارد'));
    });

    test('maturity: the targets with progress, overdue days and status; the lists of lagging agencies', () => {
      const targets = section(en, 'targets');
      assert.match(targets, /20% of services at L3 Fully electronic or above/);
      assert.match(targets, /Overdue by 1,032 days/, '2024-01-31 is 1,032 days before 2026-11-28');
      assert.match(targets, /tag-target-overdue">Overdue</);
      assert.match(targets, /31 January 2024/);
      assert.match(fa, /۱٬۰۳۲ روز از مهلت گذشته/);
      const compliance = section(en, 'compliance');
      assert.match(compliance, /<summary>20% of services at L3 Fully electronic or above: 92 agencies behind<\/summary>/);
    });

    test('every chart is an SVG image with a name, followed by a table of the same figures', () => {
      const svgs = [...en.matchAll(/<svg role="img" aria-label="([^"]+)"/g)].map((m) => m[1]);
      assert.deepEqual(svgs, [
        'Chart: Agencies connected, by year. The same figures are in the table that follows.',
        'Chart: Active services by maturity level. The same figures are in the table that follows.',
        'Chart: Share of services achieved and targeted. The same figures are in the table that follows.',
      ]);
      assert.doesNotMatch(en, /<svg[^>]*>[\s\S]*?<style/, 'no hover styles inside the charts');
      const timeline = section(en, 'connection');
      assert.match(timeline, /<caption>Agencies connected, by year<\/caption>/);
      assert.match(timeline, /<th scope="row">2022<\/th><td class="num">119<\/td><td class="num">129<\/td>/);
      assert.match(fa, /<th scope="row">۲۰۲۲<\/th><td class="num">۱۱۹<\/td><td class="num">۱۲۹<\/td>/, 'years without a thousands separator');
    });

    test('every KPI table has a CSV download link, and each link answers with CSV', async () => {
      const tables = (await t.app.inject({ url: '/api/v1/insights/tables' })).json().tables as string[];
      const links = new Set([...en.matchAll(/href="(\/api\/v1\/insights\/tables\/[a-z_]+)" download/g)].map((m) => m[1]!));
      assert.deepEqual([...links].sort(), tables.map((name) => `/api/v1/insights/tables/${name}`).sort());
      for (const link of links) {
        const res = await t.app.inject({ url: link });
        assert.equal(res.statusCode, 200, link);
        assert.match(res.headers['content-type'] as string, /^text\/csv/, link);
      }
    });

    test('the usage panel says plainly that there is no data yet, and shows no figures', () => {
      const usage = section(en, 'usage');
      assert.match(usage, /No data yet\./);
      assert.doesNotMatch(usage, /class="card-value"/);
      assert.match(section(fa, 'usage'), /هنوز داده‌ای نیست/);
    });

    test('a repeated view gives the same page; other query strings are accepted', async () => {
      assert.equal((await t.app.inject({ url: '/dashboard' })).body, fa);
      const odd = await t.app.inject({ url: '/dashboard?lang=xx&utm=<b>&page=-1' });
      assert.equal(odd.statusCode, 200);
      assert.doesNotMatch(odd.body, /<b>/);
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
      const page = (await t.app.inject({ url: '/dashboard?lang=en' })).body;
      assert.ok(page.includes('Ministry &lt;script>alert(1)&lt;/script>'));
      assert.doesNotMatch(page, /<script/i);
      assert.match(section(page, 'ranking-ministry'), /MIN-XSS">Ministry &lt;script>alert\(1\)&lt;\/script><\/a><\/th><td class="num">0<\/td>/);
      assert.match(page, /Not ranked: no active services/);
    });
  });
}

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestApp, type TestApp } from '../../../test/support/app.ts';
import { testEngines } from '../../../test/support/database.ts';
import { catalogId, insertBuckets, keys, seedExchange } from '../../exchange/usage/fixtures.test-support.ts';

/** The dashboard's usage page from its heading, up to the end of <main>. */
function usageSection(html: string): string {
  const start = html.indexOf('<h1>');
  assert.ok(start >= 0, 'the usage page has its heading');
  const rest = html.slice(start);
  return rest.slice(0, rest.indexOf('</main>'));
}

for (const engine of testEngines()) {
  describe(`dashboard usage panel (${engine})`, () => {
    // Two apps: the panel's figures are reused for a few seconds, so each starts in its state.
    let t: TestApp;
    let empty: TestApp;
    before(async () => {
      [t, empty] = await Promise.all([openTestApp(engine), openTestApp(engine)]);
      await seedExchange(t.db);
      await seedExchange(empty.db);
      // Names come from the apps' configuration snapshots, loaded at start: load the seeded exchange into them now.
      await Promise.all([t.app.exchangeConfig.refreshNow(), empty.app.exchangeConfig.refreshNow()]);
      await insertBuckets(t.db, [
        { granularity: 'day', start: '2026-11-20T00:00:00Z', service: keys.literacy, consumer: keys.bank, calls: 12_000, errors: 120, latencySum: 240_000, latencyMax: 900, demo: true },
        { granularity: 'minute', start: '2026-11-28T05:00:00Z', service: keys.insurance, consumer: keys.registry, calls: 3000, errors: 0, latencySum: 30_000, latencyMax: 40, demo: true },
      ]);
    });
    after(() => Promise.all([t.close(), empty.close()]));

    test('no buckets: says there is no data yet, in both languages, and shows no figures', async () => {
      const en = usageSection((await empty.app.inject({ url: '/dashboard/usage?lang=en' })).body);
      assert.match(en, /No data yet\./);
      assert.doesNotMatch(en, /class="card-value"/);
      assert.doesNotMatch(en, /<svg/);
      assert.match(usageSection((await empty.app.inject({ url: '/dashboard/usage' })).body), /هنوز داده‌ای نیست/);
    });

    test('with buckets: calls by day as a chart and a table, by agency, top services, error rate; demo labelled', async () => {
      const en = usageSection((await t.app.inject({ url: '/dashboard/usage?lang=en' })).body);
      assert.doesNotMatch(en, /No data yet/);
      assert.match(en, /API calls through the exchange from 30 October 2026 to 28 November 2026\./);
      assert.match(en, /<strong>Demo data\.<\/strong> These usage figures are synthetic/);
      assert.match(en, /<span class="card-value">15,000<\/span>/, 'total calls');
      assert.match(en, /<span class="card-value">0\.80%<\/span>/, 'error rate 120 / 15,000');
      assert.match(en, /<span class="card-value">18 ms<\/span>/, 'mean latency 270,000 / 15,000');
      assert.match(en, /<svg role="img" aria-label="Chart: API calls by day\. The same figures are in the table that follows\."/);
      assert.match(en, /<caption>API calls by day<\/caption>/);
      assert.match(en, /<th scope="row">20 Nov<\/th><td class="num">12,000<\/td>/);
      assert.match(en, /<th scope="row">21 Nov<\/th><td class="num">0<\/td>/, 'days without calls are shown as 0');
      assert.match(en, /<th scope="row">28 Nov \(so far\)<\/th><td class="num">3,000<\/td>/, 'today is not over: its calls so far');
      assert.match(en, /<p class="chart-note">28 Nov is not over yet: its calls so far are in the table, not in the chart\.<\/p>/);
      assert.match(en, new RegExp(`<a href="/services/${catalogId}">Literacy level</a></th><td>Ministry of Education</td><td class="num">12,000</td><td class="num">1.00%</td>`));
      assert.match(en, /<th scope="row">Booklet validity<\/th><td>Health Insurance Organisation<\/td><td class="num">3,000<\/td>/);
      assert.match(en, /Calls by the agency providing the service/);
      assert.match(en, /<a href="\/agencies\/BANK-X">Example Bank<\/a><\/th><td class="num">12,000<\/td>/);
      assert.match(en, /<a href="\/agencies\/ORG-NOCR">National Organisation for Civil Registration<\/a><\/th><td class="num">3,000<\/td>/);

      const fa = usageSection((await t.app.inject({ url: '/dashboard/usage' })).body);
      assert.match(fa, /<span class="card-value">۱۵٬۰۰۰<\/span>/);
      assert.match(fa, /فراخوانی‌های API به تفکیک روز/);
      assert.match(fa, /داده نمایشی\./);
      assert.match(fa, /<th scope="row">۷ آذر \(تاکنون\)<\/th><td class="num">۳٬۰۰۰<\/td>/, '28 November 2026 is 7 Azar 1405');
    });

    test('the overview: calls in compact form with the exact figure beside them, and the most called services', async () => {
      const en = (await t.app.inject({ url: '/dashboard?lang=en' })).body;
      assert.match(en, /<span class="card-value">15K<\/span><span class="card-label">API calls in the last 30 days<\/span><span class="card-hint">15,000 calls, 30 October 2026 to 28 November 2026<\/span>/);
      assert.match(en, /Most called services: Literacy level, Booklet validity\./);
      const fa = (await t.app.inject({ url: '/dashboard' })).body;
      assert.match(fa, /<span class="card-value">۱۵\sهزار<\/span>/);
    });
  });
}

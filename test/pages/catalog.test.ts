import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedNow, openTestApp, type TestApp } from '../support/app.ts';
import { testEngines } from '../support/database.ts';
import { servicePayload } from '../support/fixtures.ts';
import { loadDemoDataset } from '../../demo/load.ts';

const html = { accept: 'text/html' };
const persianDigits = (n: number) => String(n).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);

for (const engine of testEngines()) {
  describe(`catalog search page (${engine})`, () => {
    let t: TestApp;
    let markupId: string;
    const page = (query: string, headers: Record<string, string> = {}) => t.app.inject({ url: `/services${query}`, headers: { ...html, ...headers } });
    const api = async (query: string) => (await t.app.inject({ url: `/api/v1/catalog/search?${query}` })).json();

    before(async () => {
      t = await openTestApp(engine, { SEARCH_REFRESH_MS: '0' });
      await loadDemoDataset(t.db, { seed: 1402, pack: 'ir', now: () => fixedNow });
      const operator = await t.as('operator');
      const payload = servicePayload('FARAJA', { nameFa: 'مجوز زنگبار', nameEn: 'Zanzibar <b>ferry</b> licence & permit', topic: 'travel' });
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/services', payload, headers: operator });
      assert.equal(res.statusCode, 201, res.body);
      markupId = res.json().id;
      const described = servicePayload('FARAJA', { nameFa: 'پروانه بازدید', nameEn: 'Visit permit', descriptionFa: 'بازدید از پناهگاه', descriptionEn: 'Visits to the quokka sanctuary', topic: 'travel' });
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/services', payload: described, headers: operator })).statusCode, 201);
    });
    after(() => t.close());

    test('Persian, right to left, by default; the result count is announced in a heading', async () => {
      const res = await page('');
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /^text\/html/);
      assert.match(res.body, /<html lang="fa" dir="rtl">/);
      assert.equal(res.body.match(/<h1>/g)?.length, 1);
      const { total } = await api('');
      assert.match(res.body, new RegExp(`<h2 id="results-heading">${persianDigits(total).replace(/\B(?=([۰-۹]{3})+$)/g, '٬')} خدمت پیدا شد</h2>`));
      assert.match(res.body, /داده نمایشی/, 'demo data is labelled');
    });

    test('?lang=en switches to English, left to right, and the cookie keeps the choice', async () => {
      const res = await page('?lang=en');
      assert.match(res.body, /<html lang="en" dir="ltr">/);
      const cookie = res.cookies.find((c) => c.name === 'ow_lang');
      assert.equal(cookie?.value, 'en');
      const next = await page('?q=passport', { cookie: `ow_lang=${cookie!.value}` });
      assert.match(next.body, /<html lang="en" dir="ltr">/);
      const unknown = await page('?lang=xx');
      assert.equal(unknown.statusCode, 200, 'an unknown language code is ignored');
      assert.match(unknown.body, /lang="fa"/);
    });

    test('results have highlighted matches, facets with counts, and the same totals as the API', async () => {
      const res = await page('?q=passport&lang=en');
      const json = await api('q=passport');
      assert.match(res.body, new RegExp(`<h2 id="results-heading">${json.total} services found</h2>`));
      assert.match(res.body, /<mark>passport<\/mark>/i);
      assert.match(res.body, new RegExp(`href="/services/${json.items[0].id}"`));
      const travel = json.facets.topic.find((f: { value: string }) => f.value === 'travel');
      assert.match(res.body, new RegExp(`name="topic" value="travel"/><label for="facet-topic-travel">Travel and foreign affairs <span class="facet-count">\\(${travel.count}\\)</span>`));
      assert.match(res.body, /<form class="facets" method="get" action="\/services"/);
      assert.match(res.body, /<input type="hidden" name="q" value="passport"\/>/, 'applying filters keeps the words');
      assert.match(res.body, /<button type="submit">Apply filters<\/button>/);
    });

    test('life events filter the catalog, as the home page links do', async () => {
      const res = await page('?lifeEvent=illness&lang=en');
      const json = await api('lifeEvent=illness');
      assert.ok(json.total > 0);
      assert.match(res.body, new RegExp(`<h2 id="results-heading">${json.total} services found</h2>`));
      assert.match(res.body, /name="lifeEvent" value="illness" checked/);
    });

    test('ticked facets narrow the results, stay ticked, and survive a new search', async () => {
      const res = await page('?lang=en&topic=health&delivery=delivered&delivery=listed&maturity=3');
      const json = await api('topic=health&delivery=delivered&delivery=listed&maturity=3');
      assert.ok(json.total > 0);
      assert.match(res.body, new RegExp(`${json.total.toLocaleString('en-GB')} services? found`));
      for (const id of ['facet-topic-health', 'facet-delivery-delivered', 'facet-delivery-listed', 'facet-maturity-3']) assert.match(res.body, new RegExp(`id="${id}"[^>]* checked`), id);
      assert.match(res.body, /<input type="hidden" name="topic" value="health"\/>/, 'the search box carries the filters');
      assert.match(res.body, /<a href="\/services">Clear all filters<\/a>/);
      const unknownValues = await page('?lang=en&topic=nonsense&maturity=9&agency=%3Cx%3E');
      assert.equal(unknownValues.statusCode, 200, 'values no facet can have are ignored');
      assert.match(unknownValues.body, new RegExp(`${(await api('')).total.toLocaleString('en-GB')} services found`));
    });

    test('HTML and script in the search words are shown as text, never run', async () => {
      const attack = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';
      const res = await page(`?lang=en&q=${encodeURIComponent(attack)}`);
      assert.equal(res.statusCode, 200);
      assert.doesNotMatch(res.body, /<script>alert/);
      assert.doesNotMatch(res.body, /<img src=x/);
      assert.match(res.body, /value="&lt;script>alert\(1\)&lt;\/script>&quot;>&lt;img src=x onerror=alert\(2\)>"/);
      assert.match(res.body, /<title>Services matching “&lt;script>/);
    });

    test('highlighting keeps the markup in a service name escaped', async () => {
      const res = await page('?lang=en&q=zanzibar');
      assert.match(res.body, new RegExp(`<a href="/services/${markupId}"><mark>Zanzibar</mark> &lt;b>ferry&lt;/b> licence &amp; permit</a>`));
      const fa = await page('?q=zanzibar', { cookie: 'ow_lang=fa' });
      assert.match(fa.body, /<p class="meta alternate" lang="en" dir="ltr"><mark>Zanzibar<\/mark> &lt;b>ferry/, 'a match in the other language is shown, left to right');
    });

    test('words that matched only the description in the other language show it, in its language and direction', async () => {
      const fa = await page('?q=quokka&lang=fa');
      assert.match(fa.body, /<p lang="en" dir="ltr">Visits to the <mark>quokka<\/mark> sanctuary<\/p>/);
      assert.doesNotMatch(fa.body, /بازدید از پناهگاه/, 'instead of the Persian description, which does not say why it matched');
      const local = await page('?q=' + encodeURIComponent('پناهگاه') + '&lang=fa');
      assert.match(local.body, /<p>بازدید از <mark>پناهگاه<\/mark><\/p>/, 'a match in the page language stays as it was');
    });

    test('no results: help, topics to browse, and a link that clears the filters', async () => {
      const res = await page('?lang=en&q=zzzzqqqq&topic=health');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /No services found/);
      assert.match(res.body, /No service matches your search/);
      assert.match(res.body, /<a href="\/services\?q=zzzzqqqq">Search again without filters<\/a>/);
      assert.match(res.body, /<a href="\/services\?topic=identity">/);
    });

    test('pagination links keep the query; absurd page numbers never fail', async () => {
      const { total } = await api('topic=health');
      const pages = Math.ceil(total / 20);
      const second = await page('?lang=en&topic=health&page=2');
      assert.match(second.body, /<a href="\/services\?topic=health" rel="prev">Previous page<\/a>/);
      assert.match(second.body, /<a href="\/services\?topic=health&amp;page=3" rel="next">Next page<\/a>/);
      assert.match(second.body, /aria-label="Page 2" aria-current="page"/);
      assert.match(second.body, new RegExp(`Showing 21 to 40 of ${total.toLocaleString('en-GB')}`));

      const beyond = await page('?lang=en&topic=health&page=99999999999999999999');
      assert.equal(beyond.statusCode, 200);
      assert.match(beyond.body, new RegExp(`There is no page 99999999999999999999 of these results, so the last page, page ${pages.toLocaleString('en-GB')}, is shown`));
      assert.match(beyond.body, new RegExp(`aria-label="Page ${pages}" aria-current="page"`));

      for (const odd of ['0', '-3', 'abc', '1e9', '2.5', '']) {
        const res = await page(`?lang=en&topic=health&page=${odd}`);
        assert.equal(res.statusCode, 200, `page=${odd}`);
        assert.match(res.body, /aria-label="Page 1" aria-current="page"/, `page=${odd}`);
      }
      const empty = await page('?lang=en&q=zzzzqqqq&page=50');
      assert.equal(empty.statusCode, 200, 'no results and a page number');
    });

    test('huge or malformed query strings get a friendly 400 page', async () => {
      // A NUL is text PostgreSQL cannot store: refused everywhere before any handler (src/http/storable-text.ts).
      for (const query of [`?q=${'a'.repeat(500)}`, `?topic=${Array.from({ length: 60 }, () => 'health').join('&topic=')}`, '?q=a&q=b', '?page=%00', '?q=%00']) {
        const res = await page(query);
        assert.equal(res.statusCode, 400, query.slice(0, 30));
        assert.match(res.headers['content-type'] as string, /^text\/html/);
        assert.match(res.body, /<html lang="fa" dir="rtl">/);
      }
    });
  });
}

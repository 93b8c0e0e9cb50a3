import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedNow, openTestApp, type TestApp } from '../support/app.ts';
import { testEngines } from '../support/database.ts';
import { loadDemoDataset } from '../../demo/load.ts';

for (const engine of testEngines()) {
  describe(`agency page (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(engine);
      await loadDemoDataset(t.db, { seed: 1402, pack: 'ir', now: () => fixedNow });
    });
    after(() => t.close());

    test('MIN-ENERGY in English: who it is, its completion, rank 1 among ministries, its services', async () => {
      const res = await t.app.inject({ url: '/agencies/MIN-ENERGY?lang=en' });
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /^text\/html/);
      const html = res.body;
      assert.match(html, /<html lang="en" dir="ltr">/);
      assert.match(html, /<h1>Ministry of Energy<\/h1>/);
      assert.match(html, /<span lang="fa" dir="rtl">وزارت نیرو<\/span>/);
      assert.match(html, /<dd>Ministry<\/dd>/, 'its kind');
      assert.match(html, /13 August 2021/, 'connected since');
      assert.match(html, /href="mailto:info@energy.example"/);
      assert.match(html, /<span class="card-value">150<\/span><span class="card-label">Services identified/);
      assert.match(html, /<span class="card-value">141<\/span>/);
      assert.match(html, /<span class="card-value">94.0%<\/span>/);
      assert.match(html, /Ranked 1 of 19 by completion rate among agencies of its kind \(Ministry\)\./);
      assert.match(html, /href="\/dashboard\/rankings\?kind=ministry"/);
      assert.match(html, /<svg role="img" aria-label="Chart: Active services of Ministry of Energy by maturity level/);
      assert.match(html, /<th scope="row">L2 Online request<\/th><td class="num">92<\/td>/);
      assert.match(html, /<h2 id="agency-services">Active services \(150\)<\/h2>/);
      const links = [...html.matchAll(/<a href="\/services\/(IR-\d{8}-\d{2})">/g)];
      assert.equal(links.length, 20, 'one page of services');
      assert.match(html, /href="\/agencies\/MIN-ENERGY\?page=2#agency-services"/);
    });

    test('in Persian: right to left, Persian digits, rank 1 of 19', async () => {
      const html = (await t.app.inject({ url: '/agencies/MIN-ENERGY' })).body;
      assert.match(html, /<html lang="fa" dir="rtl">/);
      assert.match(html, /<h1>وزارت نیرو<\/h1>/);
      assert.match(html, /رتبه ۱ از ۱۹/);
      assert.match(html, /۱۴۰۰/, 'connected in 1400 of the Persian calendar');
    });

    test('services are paginated; odd page numbers are treated safely', async () => {
      const page2 = (await t.app.inject({ url: '/agencies/MIN-ENERGY?page=2&lang=en' })).body;
      const first = [...page2.matchAll(/<a href="\/services\/(IR-[\d-]+)">/g)].map((m) => m[1]);
      assert.equal(first.length, 20);
      const page1 = (await t.app.inject({ url: '/agencies/MIN-ENERGY?lang=en' })).body;
      assert.ok(!page1.includes(first[0]!), 'page 2 shows other services');
      for (const odd of ['abc', '-3', '1e9', '0']) {
        const res = await t.app.inject({ url: `/agencies/MIN-ENERGY?page=${odd}&lang=en` });
        assert.ok(res.statusCode < 500, odd);
      }
      const past = await t.app.inject({ url: '/agencies/MIN-ENERGY?page=999&lang=en' });
      assert.equal(past.statusCode, 200);
      assert.match(past.body, /There are no services on this page\./);
      assert.match(past.body, /href="\/agencies\/MIN-ENERGY\?page=1#agency-services"/);
    });

    test('an unknown agency code gives a friendly 404 page', async () => {
      const res = await t.app.inject({ url: '/agencies/NO-SUCH-AGENCY?lang=en' });
      assert.equal(res.statusCode, 404);
      assert.match(res.headers['content-type'] as string, /^text\/html/);
      assert.match(res.body, /<h1>Agency not found<\/h1>/);
      assert.match(res.body, /There is no agency with the code “NO-SUCH-AGENCY”/);
      assert.match(res.body, /href="\/dashboard\/rankings"/);
    });

    test('a malformed code gives the same 404 page, with the code escaped', async () => {
      for (const code of ['min-energy', '%3Cscript%3Ealert(1)%3C%2Fscript%3E', 'x'.repeat(150), '%E2%80%AE']) {
        const res = await t.app.inject({ url: `/agencies/${code}` });
        assert.equal(res.statusCode, 404, code);
        assert.match(res.body, /<h1>دستگاه پیدا نشد<\/h1>/, code);
        assert.doesNotMatch(res.body, /<script/i, code);
      }
    });

    test('an agency that is not required to connect is shown but not ranked', async () => {
      const operator = await t.as('operator');
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/agencies',
        headers: operator,
        payload: { code: 'NOT-ELIGIBLE', nameFa: 'دستگاه آزمایشی', nameEn: 'Test agency', kind: 'other', eligible: false, parentCode: 'MIN-ENERGY' },
      });
      assert.equal(created.statusCode, 201, created.body);
      const html = (await t.app.inject({ url: '/agencies/NOT-ELIGIBLE?lang=en' })).body;
      assert.match(html, /<h1>Test agency<\/h1>/);
      assert.match(html, /Not ranked: the agency is not required to connect/);
      assert.match(html, /<a href="\/agencies\/MIN-ENERGY">Ministry of Energy<\/a>/, 'links to its parent');
      assert.match(html, /This agency has no active services\./);
    });
  });
}

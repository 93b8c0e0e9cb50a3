import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedNow, openTestApp, type TestApp } from '../support/app.ts';
import { testEngines } from '../support/database.ts';
import { loadDemoDataset } from '../../demo/load.ts';

for (const engine of testEngines()) {
  describe(`home page (${engine})`, () => {
    let t: TestApp;

    before(async () => {
      t = await openTestApp(engine, { SEARCH_REFRESH_MS: '0' });
      await loadDemoDataset(t.db, { seed: 1402, pack: 'ir', now: () => fixedNow });
    });
    after(() => t.close());

    test('Persian by default: search, share delivered from the insights, most requested, life events', async () => {
      const res = await t.app.inject({ url: '/' });
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /^text\/html/);
      assert.match(res.body, /<html lang="fa" dir="rtl">/);
      assert.match(res.body, /<form class="search-box" method="get" action="\/services" role="search">/);
      assert.match(res.body, /داده نمایشی/, 'demo data is labelled');
      const insights = (await t.app.inject({ url: '/api/v1/insights' })).json();
      const share = new Intl.NumberFormat('fa-IR', { style: 'percent', maximumFractionDigits: 0, minimumFractionDigits: 0 }).format(insights.completion.coverage);
      assert.ok(res.body.includes(`<span class="card-value">${share}</span>`), `share ${share}`);
      assert.equal(res.body.match(/<li><h3><a href="\/services\/IR-/g)?.length, 8, 'eight most requested services');
      assert.match(res.body, /<a href="\/services\?lifeEvent=birth">تولد فرزند<\/a>/);
    });

    test('the most requested services are the ones with the most annual users', async () => {
      const browse = (await t.app.inject({ url: '/api/v1/catalog/search?limit=8' })).json();
      const res = await t.app.inject({ url: '/?lang=en' });
      const shown = [...res.body.matchAll(/<li><h3><a href="\/services\/(IR-[0-9-]+)">/g)].map((m) => m[1]);
      // Browsing ranks by popularity (log of annual users), so the first items are the same services.
      assert.deepEqual(new Set(shown), new Set(browse.items.map((i: { id: string }) => i.id)));
      assert.match(res.body, /users a year/);
    });

    test('?lang=en gives English, left to right, and the cookie keeps it on the next page', async () => {
      const res = await t.app.inject({ url: '/?lang=en' });
      assert.match(res.body, /<html lang="en" dir="ltr">/);
      assert.match(res.body, /Government services in one place/);
      assert.match(res.body, /<a href="\/services\?lifeEvent=driving">Driving and owning a vehicle<\/a>/);
      const cookie = res.cookies.find((c) => c.name === 'ow_lang');
      const next = await t.app.inject({ url: '/services', headers: { cookie: `ow_lang=${cookie!.value}` } });
      assert.match(next.body, /<html lang="en" dir="ltr">/);
      const back = await t.app.inject({ url: '/?lang=fa', headers: { cookie: 'ow_lang=en' } });
      assert.match(back.body, /<html lang="fa" dir="rtl">/);
    });
  });
}

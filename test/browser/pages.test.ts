import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, formatProblems, htmlLangDir, noBrowser, openSite, screenshot, type Site } from './support.ts';

const languages = [
  { lang: 'fa', dir: 'rtl' },
  { lang: 'en', dir: 'ltr' },
] as const;

/** A path with `lang=` added, keeping its query. */
const inLanguage = (path: string, lang: string) => `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;

describe('public pages in a real browser: fa and en, axe clean, screenshots', { skip: noBrowser }, () => {
  let site: Site;
  // A delivered service of the demo dataset and its agency, and one delivered elsewhere.
  let service: { id: string; agencyCode: string };
  let elsewhere: { id: string };
  before(async () => {
    site = await openSite();
    const found = await site.app.inject({ url: `/api/v1/catalog/search?q=${encodeURIComponent('استعلام')}&delivery=delivered&limit=1` });
    service = found.json().items[0];
    assert.ok(service?.id, 'the demo dataset has a delivered inquiry service');
    elsewhere = (await site.app.inject({ url: '/api/v1/catalog/search?delivery=not_in_window&limit=1' })).json().items[0];
    assert.ok(elsewhere?.id, 'the demo dataset has a service not delivered through the window');
  });
  after(async () => {
    await site?.close();
  });

  const pages = () => [
    { name: 'home', path: '/', status: 200 },
    { name: 'search', path: `/services?q=${encodeURIComponent('استعلام')}`, status: 200 },
    { name: 'search-filtered', path: '/services?q=licence&delivery=delivered&page=2', status: 200 },
    { name: 'search-no-results', path: '/services?q=zzqxjvw', status: 200 },
    { name: 'service', path: `/services/${service.id}`, status: 200 },
    { name: 'service-elsewhere', path: `/services/${elsewhere.id}`, status: 200 },
    { name: 'service-not-found', path: '/services/IR-99999999-99', status: 404 },
    { name: 'agency', path: `/agencies/${service.agencyCode}`, status: 200 },
    { name: 'agencies', path: '/agencies', status: 200 },
    { name: 'agencies-filtered', path: '/agencies?kind=ministry&q=%D9%88%D8%B2%D8%A7%D8%B1%D8%AA', status: 200 },
    { name: 'dashboard', path: '/dashboard', status: 200 },
  ];

  for (const { lang, dir } of languages) {
    describe(`every public page in ${lang}`, () => {
      // One tab for the language: each test navigates it, which is all a fresh tab would give.
      let tab: Awaited<ReturnType<Site['open']>>;
      before(async () => {
        tab = await site.open();
      });
      after(async () => {
        await tab?.context.close();
      });
      for (const name of ['home', 'search', 'search-filtered', 'search-no-results', 'service', 'service-elsewhere', 'service-not-found', 'agency', 'agencies', 'agencies-filtered', 'dashboard']) {
        test(`${name} in ${lang}: ${dir}, one h1, no axe violations`, async () => {
          const { page, problems } = tab;
          problems.length = 0;
          const target = pages().find((p) => p.name === name)!;
          const response = await page.goto(inLanguage(target.path, lang));
          assert.equal(response?.status(), target.status, `${target.path} answers ${target.status}`);
          assert.deepEqual(await htmlLangDir(page), { lang, dir });
          assert.equal(await page.locator('h1').count(), 1, 'exactly one h1');
          await screenshot(page, `${name}-${lang}`);
          const violations = await axeViolations(page);
          assert.deepEqual(violations, [], formatProblems(`axe on ${target.path} (${lang})`, violations));
          assert.deepEqual(problems, [], formatProblems('page problems', problems));
        });
      }
    });
  }

  for (const { lang } of languages) {
    const words = lang === 'fa' ? 'گذرنامه' : 'passport';
    test(`searching from the home page in ${lang} shows highlighted results at a shareable address`, async () => {
      const { page, context, problems } = await site.open();
      try {
        await page.goto(`/?lang=${lang}`);
        const box = page.locator('main form[role=search] input[name=q]').first();
        await box.fill(words);
        await Promise.all([page.waitForURL(/\/services\?/), box.press('Enter')]);
        const url = new URL(page.url());
        assert.equal(url.pathname, '/services');
        assert.equal(url.searchParams.get('q'), words, 'the address holds the query');
        assert.ok((await page.locator('main ol.results > li').count()) > 0, 'some results');
        assert.ok((await page.locator('main ol.results mark').count()) > 0, 'matches are highlighted');
        assert.equal(await page.locator('main input[name=q]').first().inputValue(), words, 'the words stay in the box');
        // The same address opened by someone else lists the same services (in their language).
        const firstLinks = (p: typeof page) => p.locator('main ol.results > li a').evaluateAll((links) => links.slice(0, 5).map((a) => (a as unknown as { href: string }).href));
        const { page: other, context: otherContext } = await site.open();
        await other.goto(page.url());
        assert.deepEqual(await firstLinks(other), await firstLinks(page));
        await otherContext.close();
        assert.deepEqual(problems, [], formatProblems('page problems', problems));
      } finally {
        await context.close();
      }
    });
  }

  test('markup typed into the search box is shown as text, never run', async () => {
    const { page, context, problems } = await site.open();
    try {
      let dialogs = 0;
      page.on('dialog', (dialog) => {
        dialogs++;
        void dialog.dismiss();
      });
      const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>';
      const response = await page.goto(`/services?lang=en&q=${encodeURIComponent(evil)}`);
      assert.ok(response && response.status() < 500);
      assert.equal(await page.locator('main script, main img[src=x]').count(), 0);
      assert.equal(await page.locator('main input[name=q]').first().inputValue(), evil);
      assert.equal(dialogs, 0);
      assert.deepEqual(problems, [], formatProblems('page problems', problems));
    } finally {
      await context.close();
    }
  });

  test('the language switch changes lang and dir, and the choice survives navigation', async () => {
    const { page, context } = await site.open();
    try {
      await page.goto('/');
      assert.deepEqual(await htmlLangDir(page), { lang: 'fa', dir: 'rtl' }, 'Persian first');
      await page.locator('header a.lang-switch').click();
      assert.deepEqual(await htmlLangDir(page), { lang: 'en', dir: 'ltr' });
      await page.locator('header nav a[href="/services"]').click();
      assert.equal(new URL(page.url()).pathname, '/services');
      assert.deepEqual(await htmlLangDir(page), { lang: 'en', dir: 'ltr' }, 'kept when following a link');
      await page.goto('/dashboard');
      assert.deepEqual(await htmlLangDir(page), { lang: 'en', dir: 'ltr' }, 'kept when typing an address');
      await page.locator('header a.lang-switch').click();
      assert.equal(new URL(page.url()).pathname, '/dashboard', 'switching stays on the same page');
      assert.deepEqual(await htmlLangDir(page), { lang: 'fa', dir: 'rtl' });
      await page.goto(`/services/${service.id}`);
      assert.deepEqual(await htmlLangDir(page), { lang: 'fa', dir: 'rtl' });
      await page.goto('/?lang=xx');
      assert.deepEqual(await htmlLangDir(page), { lang: 'fa', dir: 'rtl' }, 'an unknown language is ignored');
    } finally {
      await context.close();
    }
  });
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, formatProblems, htmlLangDir, noBrowser, openSite, screenshot, type Site } from './support.ts';

/**
 * The API reference (/api/docs) is a page of the site like any other: both languages, any
 * query string (the swagger-ui page it replaced broke on `?lang=en`), axe clean, reachable
 * from every page's footer, no script, and the raw document still downloadable.
 */
describe('the API reference in a real browser', { skip: noBrowser }, () => {
  let site: Site;
  before(async () => {
    site = await openSite({ demo: false });
  });
  after(async () => {
    await site?.close();
  });

  const languages = [
    // The first address of each language is opened in a fresh browser: Persian is the default,
    // and English is remembered from `?lang=en` when the next address has no query at all.
    { lang: 'fa', dir: 'rtl', paths: ['/api/docs', '/api/docs?lang=fa', '/api/docs?lang=fa&url=https%3A%2F%2Fevil.example%2Fx.json&utm_source=mail&q=%3Cscript%3E', '/api/docs/?configUrl=x&lang=fa#get-api-v1-agencies'] },
    { lang: 'en', dir: 'ltr', paths: ['/api/docs?lang=en', '/api/docs', '/api/docs?lang=en&url=https%3A%2F%2Fevil.example%2Fx.json&lang=xx', '/api/docs/?lang=en&tag=registry&page=-1'] },
  ] as const;

  for (const { lang, dir, paths } of languages) {
    test(`in ${lang}, with and without query strings: ${dir}, one h1, operations grouped by tag, no script, axe clean`, async () => {
      const { page, context, problems } = await site.open();
      try {
        for (const [i, path] of paths.entries()) {
          const response = await page.goto(path);
          assert.equal(response?.status(), 200, `${path} answers 200`);
          assert.deepEqual(await htmlLangDir(page), { lang, dir }, path);
          assert.equal(await page.locator('h1').count(), 1, `${path}: exactly one h1`);
          assert.equal(await page.locator('script').count(), 0, `${path}: the page needs no script`);
          assert.ok((await page.locator('main section.api-group').count()) >= 4, `${path}: operations grouped by tag`);
          const agencies = page.locator('#get-api-v1-agencies');
          assert.match((await agencies.locator('h3').innerText()).replace(/\s+/g, ' '), /GET \/api\/v1\/agencies/, 'method and path');
          assert.ok((await agencies.locator('table').first().locator('tbody tr').count()) >= 5, 'the parameters of GET /api/v1/agencies');
          if (i === 0) {
            await screenshot(page, `api-docs-${lang}`);
            const violations = await axeViolations(page);
            assert.deepEqual(violations, [], formatProblems(`axe on ${path} (${lang})`, violations));
          }
        }
        // The response's fields open without a script (<details>), and are axe clean open too.
        const fields = page.locator('#post-api-v1-agencies details.api-fields').first();
        await fields.locator('summary').click();
        assert.ok(await fields.locator('table').isVisible(), 'the fields show when the summary is clicked');
        assert.ok((await fields.locator('tbody tr').count()) >= 10, 'an agency has at least ten fields');
        const violations = await axeViolations(page);
        assert.deepEqual(violations, [], formatProblems(`axe with a response's fields open (${lang})`, violations));
        assert.deepEqual(problems, [], formatProblems('page problems', problems));
      } finally {
        await context.close();
      }
    });
  }

  test('the footer of every page links to it, and it links to the OpenAPI document, which still downloads as JSON', async () => {
    const { page, context, problems } = await site.open();
    try {
      await page.goto('/services?lang=en');
      await Promise.all([page.waitForURL(/\/api\/docs$/), page.locator('footer a[href="/api/docs"]').click()]);
      assert.equal(await page.locator('h1').innerText(), 'API reference');
      const href = await page.locator('main a[type="application/json"]').getAttribute('href');
      assert.equal(href, '/api/openapi.json');
      for (const url of [href, '/api/docs/json']) {
        const document = await page.request.get(url!);
        assert.equal(document.status(), 200);
        assert.match(document.headers()['content-type'] ?? '', /^application\/json/);
        const body = (await document.json()) as { openapi: string; paths: Record<string, unknown> };
        assert.match(body.openapi, /^3\./);
        assert.ok(body.paths['/api/v1/agencies'], `${url} is the API's document`);
      }
      assert.deepEqual(problems, [], formatProblems('page problems', problems));
    } finally {
      await context.close();
    }
  });
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { galleryComponents } from '../../src/web/pages/components-gallery.tsx';
import { axeViolations, formatProblems, htmlLangDir, noBrowser, openSite, screenshot, type Site } from './support.ts';

const directions = [
  { dir: 'rtl', lang: 'fa' },
  { dir: 'ltr', lang: 'en' },
] as const;

describe('component gallery and error page in a real browser', { skip: noBrowser }, () => {
  let site: Site;
  before(async () => {
    site = await openSite({ demo: false });
  });
  after(async () => {
    await site?.close();
  });

  for (const { dir, lang } of directions) {
    test(`/_components?dir=${dir}: every component example, ${lang}, no axe violations`, async () => {
      const { page, context, problems } = await site.open();
      try {
        const response = await page.goto(`/_components?dir=${dir}`);
        assert.equal(response?.status(), 200);
        assert.deepEqual(await htmlLangDir(page), { lang, dir });
        assert.equal(await page.locator('h1').count(), 1);
        for (const component of galleryComponents) {
          const section = page.locator(`section:has(> h2#component-${component.name})`);
          assert.equal(await section.count(), 1, `${component.name} has its own section`);
          assert.equal(await section.locator('.gallery-example').count(), component.examples.length, `${component.name} shows all its examples`);
        }
        await screenshot(page, `components-${lang}`);
        const violations = await axeViolations(page);
        assert.deepEqual(violations, [], formatProblems(`axe on the gallery (${dir})`, violations));
        assert.deepEqual(problems, [], formatProblems('page problems', problems));
      } finally {
        await context.close();
      }
    });

    test(`an unknown address gives a readable 404 page in ${lang}, no axe violations`, async () => {
      const { page, context } = await site.open();
      try {
        const response = await page.goto(`/no-such-page?lang=${lang}`);
        assert.equal(response?.status(), 404);
        assert.deepEqual(await htmlLangDir(page), { lang, dir });
        assert.equal(await page.locator('h1').count(), 1);
        await screenshot(page, `not-found-${lang}`);
        const violations = await axeViolations(page);
        assert.deepEqual(violations, [], formatProblems(`axe on the 404 page (${lang})`, violations));
      } finally {
        await context.close();
      }
    });
  }

  test('axe is wired up: it reports a planted violation', async () => {
    const { page, context } = await site.open();
    try {
      await page.goto('/_components?dir=ltr');
      await page.locator('main h1').evaluate((h1) => {
        (h1 as unknown as { innerHTML: string }).innerHTML = '<img src="/static/site.css"><input type="text">';
      });
      const violations = await axeViolations(page);
      assert.ok(violations.some((v) => v.startsWith('image-alt')), violations.join('\n'));
      assert.ok(violations.some((v) => v.startsWith('label')), violations.join('\n'));
    } finally {
      await context.close();
    }
  });

  test('the gallery link switches direction, and ?lang= wins over ?dir=', async () => {
    const { page, context } = await site.open();
    try {
      await page.goto('/_components?dir=rtl');
      await page.getByRole('link', { name: 'Show them left to right' }).click();
      assert.deepEqual(await htmlLangDir(page), { lang: 'en', dir: 'ltr' });
      await page.goto('/_components?dir=rtl&lang=en');
      assert.deepEqual(await htmlLangDir(page), { lang: 'en', dir: 'ltr' });
      const bad = await page.goto('/_components?dir=%3Cscript%3E');
      assert.equal(bad?.status(), 200, 'an unknown direction is ignored');
    } finally {
      await context.close();
    }
  });
});

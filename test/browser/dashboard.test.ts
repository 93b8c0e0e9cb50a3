import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { axeViolations, formatProblems, htmlLangDir, noBrowser, openSite, screenshot, type Site } from './support.ts';

const languages = ['fa', 'en'] as const;
const widths = [390, 1280] as const;
const inLanguage = (path: string, lang: string) => `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;

/**
 * Opens a page and waits for its web fonts: the site's font is `font-display: swap`, so until it
 * arrives text is laid out in a fallback font of other widths, and heights and text boxes read
 * then are not the ones people see (a loaded machine makes that window long).
 */
async function visit(page: Page, url: string) {
  const response = await page.goto(url);
  await page.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready.then(() => undefined));
  return response;
}

/** What the browser measured of one chart's text. */
interface ChartText {
  chart: string;
  texts: number;
  problems: string[];
}

/**
 * Reads every visible chart (an `svg[role=img]` that is laid out) and the bounding boxes of its
 * text elements as drawn, and reports two texts that overlap, a text that runs past the SVG's
 * edges, a text smaller than 12 CSS pixels at the size it is shown, and a line drawn through a
 * value label.
 */
function measureCharts(page: Page): Promise<ChartText[]> {
  return page.evaluate(() => {
    type Box = { left: number; right: number; top: number; bottom: number };
    const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<unknown> } }).document;
    const view = globalThis as unknown as { getComputedStyle(e: unknown): { fontSize: string } };
    const svgs = Array.from(doc.querySelectorAll('svg[role=img]')) as {
      getAttribute(n: string): string | null;
      getBoundingClientRect(): Box & { width: number };
      viewBox: { baseVal: { width: number } };
      querySelectorAll(s: string): ArrayLike<unknown>;
    }[];
    const tolerance = 0.5;
    return svgs
      .filter((svg) => svg.getBoundingClientRect().width > 0)
      .map((svg) => {
        const frame = svg.getBoundingClientRect();
        const scale = frame.width / (svg.viewBox.baseVal.width || frame.width);
        const texts = (Array.from(svg.querySelectorAll('text')) as { textContent: string | null; getBoundingClientRect(): Box & { width: number } }[])
          .map((el) => ({ el, text: (el.textContent ?? '').replace(/[\u2066-\u2069]/g, ''), box: el.getBoundingClientRect() }))
          .filter((t) => t.text.trim() !== '' && t.box.width > 0);
        const problems: string[] = [];
        for (const [i, a] of texts.entries()) {
          const size = parseFloat(view.getComputedStyle(a.el).fontSize) * scale;
          if (size < 12 - 0.01) problems.push(`"${a.text}" is ${size.toFixed(1)} px`);
          if (a.box.left < frame.left - tolerance || a.box.right > frame.right + tolerance || a.box.top < frame.top - tolerance || a.box.bottom > frame.bottom + tolerance) {
            problems.push(`"${a.text}" is clipped by the chart's edge`);
          }
          for (const b of texts.slice(i + 1)) {
            const x = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
            const y = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
            if (x > tolerance && y > tolerance) problems.push(`"${a.text}" overlaps "${b.text}"`);
          }
        }
        // A line (a series drawn 3 px wide) must not run through a value label's letters: the
        // middle half of its box, since a text box reserves room above and below the glyphs.
        const valueLabels = texts.filter((t) => (t.el as unknown as { getAttribute(n: string): string | null }).getAttribute('fill') === '#1b1b1b');
        const lines = Array.from(svg.querySelectorAll('path[stroke-width="3"][fill="none"]')) as {
          getTotalLength(): number;
          getPointAtLength(l: number): { matrixTransform(m: unknown): { x: number; y: number } };
          getScreenCTM(): unknown;
        }[];
        for (const line of lines) {
          const ctm = line.getScreenCTM();
          for (let at = 0; at <= line.getTotalLength(); at += 1) {
            const p = line.getPointAtLength(at).matrixTransform(ctm);
            const crossed = valueLabels.find((t) => {
              const quarter = (t.box.bottom - t.box.top) / 4;
              return p.x > t.box.left && p.x < t.box.right && p.y > t.box.top + quarter && p.y < t.box.bottom - quarter;
            });
            if (crossed) {
              problems.push(`the line crosses the label "${crossed.text}"`);
              break;
            }
          }
        }
        return { chart: svg.getAttribute('aria-label') ?? '?', texts: texts.length, problems };
      });
  });
}

describe('dashboard pages in a real browser: one-minute overview, charts that read well, axe clean', { skip: noBrowser }, () => {
  let site: Site;
  let agencyCode: string;
  before(async () => {
    site = await openSite({ exchange: true });
    agencyCode = (await site.app.inject({ url: '/api/v1/insights' })).json().rankings.byKind.ministry[0].code;
  });
  after(async () => {
    await site?.close();
  });

  const dashboardPages = ['/dashboard', '/dashboard/rankings', '/dashboard/rankings?kind=independent_institution&sort=name&order=desc', '/dashboard/targets', '/dashboard/compliance', '/dashboard/usage'];

  for (const lang of languages) {
    test(`the overview in ${lang} is at most three screens tall at 1280×900`, async (t) => {
      const { page, context, problems } = await site.open();
      try {
        await visit(page, inLanguage('/dashboard', lang));
        const height = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollHeight: number } } }).document.documentElement.scrollHeight);
        t.diagnostic(`the overview in ${lang} is ${height} px tall`);
        assert.ok(height <= 3 * 900, `the overview is ${height} px tall`);
        assert.equal(await page.locator('main svg[role=img]:visible').count(), 1, 'one chart: connections by year');
        assert.deepEqual(problems, [], formatProblems('page problems', problems));
      } finally {
        await context.close();
      }
    });

    test(`every dashboard page in ${lang}: one h1, the sub-navigation, no axe violations`, async () => {
      const { page, context, problems } = await site.open();
      try {
        for (const path of dashboardPages) {
          const response = await page.goto(inLanguage(path, lang));
          assert.equal(response?.status(), 200, path);
          assert.deepEqual(await htmlLangDir(page), { lang, dir: lang === 'fa' ? 'rtl' : 'ltr' });
          assert.equal(await page.locator('h1').count(), 1, `${path}: exactly one h1`);
          assert.equal(await page.locator('main nav.subnav a[aria-current=page]').count(), 1, `${path}: the sub-navigation marks the page`);
          await screenshot(page, `dashboard${path.replace(/^\/dashboard/, '').replace(/[^a-z]+/g, '-') || '-overview'}-${lang}`);
          const violations = await axeViolations(page);
          assert.deepEqual(violations, [], formatProblems(`axe on ${path} (${lang})`, violations));
        }
        assert.deepEqual(problems, [], formatProblems('page problems', problems));
      } finally {
        await context.close();
      }
    });
  }

  test('a ranking link with a value it cannot have answers with the friendly 400 page', async () => {
    const { page, context } = await site.open();
    try {
      const response = await page.goto('/dashboard/rankings?lang=en&sort=popularity');
      assert.equal(response?.status(), 400);
      assert.equal(await page.locator('h1').count(), 1);
      assert.match(await page.locator('main').innerText(), /VALIDATION_FAILED/);
    } finally {
      await context.close();
    }
  });

  for (const width of widths) {
    for (const lang of languages) {
      test(`chart text at ${width} px in ${lang}: no two texts overlap, none is clipped or crossed by a line, none is under 12 px`, async () => {
        const { page, context } = await site.open();
        try {
          await page.setViewportSize({ width, height: 900 });
          const charted = ['/dashboard', '/dashboard/targets', '/dashboard/usage', `/agencies/${agencyCode}`];
          const failures: string[] = [];
          for (const path of charted) {
            await visit(page, inLanguage(path, lang));
            const charts = await measureCharts(page);
            assert.ok(charts.length > 0, `${path} shows a chart`);
            for (const c of charts) {
              assert.ok(c.texts > 0, `${path}: ${c.chart} has text`);
              failures.push(...c.problems.map((p) => `${path} — ${c.chart}: ${p}`));
            }
          }
          assert.deepEqual(failures, [], formatProblems(`chart text at ${width} px (${lang})`, failures));
        } finally {
          await context.close();
        }
      });
    }
  }
});

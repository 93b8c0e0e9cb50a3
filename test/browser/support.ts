import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config/load.ts';
import type { Database } from '../../src/db/database.ts';
import { loadDemoDataset } from '../../demo/load.ts';
import { loadDemoExchange } from '../../demo/exchange/load.ts';
import { openTestDatabase } from '../support/database.ts';

/**
 * Browser tests drive the Chromium that Debian packages (`apt-get install chromium`); CI
 * installs it. Without it they skip with this reason rather than fail, so a laptop without
 * a browser still runs the rest of the suite.
 */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const noBrowser: string | false = existsSync(chromiumPath) ? false : `no browser: ${chromiumPath} not found — install it with \`apt-get install chromium\` to run the browser tests`;

export const screenshotDir = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** What axe reports for one rule; only the fields we print. */
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; html: string; failureSummary?: string }[];
}

export interface Site {
  /** Base URL of the running server, e.g. http://127.0.0.1:41234 */
  url: string;
  app: FastifyInstance;
  db: Database;
  browser: Browser;
  /** A page in a fresh context (no cookies); problems seen while it lives are collected in `problems`. */
  open(): Promise<{ page: Page; context: BrowserContext; problems: string[] }>;
  close(): Promise<void>;
}

/**
 * The whole application listening on a free loopback port, over a migrated embedded database
 * of its own (cloned from the test template: a fresh data folder would spend ~10 s migrating)
 * holding the demo dataset unless `demo: false` (and the demo exchange with its usage when
 * `exchange: true`), and one headless Chromium; once per test file.
 */
export async function openSite(options: { demo?: boolean; exchange?: boolean } = {}): Promise<Site> {
  // The browser starts while the database fills.
  const launching = chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  launching.catch(() => {});
  const db = await openTestDatabase('embedded');
  let app: FastifyInstance | undefined;
  let browser: Browser;
  let url: string;
  try {
    if (options.demo !== false) await loadDemoDataset(db, { seed: 1402, pack: 'ir' });
    // The demo exchange with its six months of usage, for the pages that chart it (nobody listens at its addresses).
    if (options.exchange) await loadDemoExchange(db, { agencies: 'fixed-ports', seed: 1402 });
    const config = loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent' });
    app = await buildApp({ config, db, logger: false });
    await app.listen({ host: config.HOST, port: 0 });
    const address = app.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await launching;
  } catch (error) {
    await launching.then((b) => b.close()).catch(() => {});
    await app?.close();
    await db.close();
    throw error;
  }
  const server = app;
  return {
    url,
    app: server,
    db,
    browser,
    async open() {
      const context = await browser.newContext({ baseURL: url, viewport: { width: 1280, height: 900 } });
      // Generous: CI shares two cores between this browser, the server and other test files.
      context.setDefaultTimeout(60_000);
      const page = await context.newPage();
      const problems: string[] = [];
      // The pages must work on their own: nothing is fetched from another host (no CDN),
      // and the CSP never has to refuse anything, which would mean the page relies on it.
      // Watched rather than intercepted: interception would route every request through this process.
      context.on('request', (request) => {
        if (!request.url().startsWith(url) && !request.url().startsWith('data:')) problems.push(`request to another host: ${request.url()}`);
      });
      // A page answered with 4xx on purpose (404, a form with errors) makes Chromium log
      // "Failed to load resource"; the responses are checked instead: only a stylesheet, font
      // or image that fails is a problem.
      page.on('response', (response) => {
        if (response.status() >= 400 && response.request().resourceType() !== 'document') problems.push(`${response.status()} for ${response.url()}`);
      });
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console error on ${page.url()}: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`script error on ${page.url()}: ${error.message}`));
      return { page, context, problems };
    },
    async close() {
      await browser.close().catch(() => {});
      await server.close();
      await db.close();
    },
  };
}

/**
 * Runs axe-core on the current page for WCAG 2.0/2.1 A and AA and returns its violations,
 * formatted one per line. The pages' CSP forbids inline scripts, so axe is not added as a
 * <script>: it is evaluated through the DevTools protocol, which the CSP does not govern,
 * leaving the policy under test untouched (no bypassCSP).
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })) }));
  });
  return violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n    element: ${n.target.map(String).join(' ')}\n    html: ${n.html.slice(0, 240)}\n    ${(n.failureSummary ?? '').replace(/\n/g, '\n    ')}`),
  );
}

/** Saves a full-page screenshot as test-output/screenshots/<name>.png for people to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/** The language and direction the document declares. */
export async function htmlLangDir(page: Page): Promise<{ lang: string | null; dir: string | null }> {
  const html = page.locator('html');
  return { lang: await html.getAttribute('lang'), dir: await html.getAttribute('dir') };
}

export const formatProblems = (title: string, lines: string[]) => `${title}: ${lines.length} problem(s)\n  ${lines.join('\n  ')}`;

/** Submits a form by clicking its button, and answers the status of the POST it sent. */
export async function submit(page: Page, button: Locator): Promise<number> {
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()), page.waitForEvent('load'), button.click()]);
  return response.status();
}

export async function assertAccessible(page: Page, what: string): Promise<void> {
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], formatProblems(`axe on ${what}`, violations));
}

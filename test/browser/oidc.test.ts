import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser as Chromium, type Page } from 'playwright-core';
import * as oauth from 'openid-client';
import { openOidcApp, redirectUri, type OidcTestApp } from '../../src/identity/oidc/oidc.test-support.ts';
import { createStaff, issueToken } from '../../src/identity/index.ts';
import { assertAccessible, chromiumPath, htmlLangDir, noBrowser, screenshot, submit } from './support.ts';

/** The provider's pages (consent, its error page, sign-out) in a real browser, in both directions, checked with axe. */
describe('OpenID Connect provider pages in a browser', { skip: noBrowser }, () => {
  let t: OidcTestApp;
  let chrome: Chromium;
  let clientId: string;
  before(async () => {
    t = await openOidcApp('embedded');
    chrome = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    ({ clientId } = await t.client({ clientId: 'lit-browser', scopes: ['openid', 'profile', 'phone', 'national_code'] }));
  });
  after(async () => {
    await chrome?.close();
    await t.close();
  });

  async function signedIn(lang: 'fa' | 'en'): Promise<Page> {
    const person = await t.person();
    const context = await chrome.newContext({ baseURL: t.issuer });
    await context.addCookies([
      { name: 'ow_session', value: person.cookie, url: t.issuer },
      { name: 'ow_lang', value: lang, url: t.issuer },
    ]);
    return context.newPage();
  }

  for (const lang of ['fa', 'en'] as const) {
    it(`staff console list of clients (${lang}), axe-clean`, async () => {
      const staff = await createStaff(t.db, { name: 'browser operator', role: 'operator', agencyCode: null });
      const { token } = await issueToken(t.db, staff.id);
      const login = await fetch(`${t.issuer}/staff/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token }).toString(), redirect: 'manual' });
      const cookie = login.headers.getSetCookie().find((c) => c.startsWith('ow_staff='))!.split(';')[0]!.split('=');
      const context = await chrome.newContext({ baseURL: t.issuer });
      await context.addCookies([
        { name: cookie[0]!, value: cookie[1]!, url: t.issuer },
        { name: 'ow_lang', value: lang, url: t.issuer },
      ]);
      const page = await context.newPage();
      await page.goto(`${t.issuer}/staff/identity/clients`);
      assert.match(await page.content(), /lit-browser/);
      await assertAccessible(page, `the clients console (${lang})`);
      await context.close();
    });

    it(`consent page (${lang}): lists the scopes in plain words, axe-clean`, async () => {
      const page = await signedIn(lang);
      const verifier = oauth.randomPKCECodeVerifier();
      const url = new URL(`${t.issuer}/oidc/auth`);
      url.search = new URLSearchParams({ client_id: clientId, redirect_uri: redirectUri, response_type: 'code', scope: 'openid profile phone national_code', code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', state: 'x' }).toString();
      await page.goto(url.href);
      assert.match(page.url(), /\/oidc\/interaction\//);
      assert.deepEqual(await htmlLangDir(page), { lang, dir: lang === 'fa' ? 'rtl' : 'ltr' });
      assert.equal(await page.locator('main li').count(), 4);
      await assertAccessible(page, `the consent page (${lang})`);
      await screenshot(page, `oidc-consent-${lang}`);
      await page.context().close();
    });

    it(`error page for an unregistered redirect_uri (${lang}), axe-clean`, async () => {
      const page = await signedIn(lang);
      const url = new URL(`${t.issuer}/oidc/auth`);
      url.search = new URLSearchParams({ client_id: clientId, redirect_uri: 'https://evil.example/cb', response_type: 'code', scope: 'openid', code_challenge: 'a'.repeat(43), code_challenge_method: 'S256' }).toString();
      const response = await page.goto(url.href);
      assert.equal(response!.status(), 400);
      assert.equal(new URL(page.url()).host, new URL(t.issuer).host);
      assert.deepEqual(await htmlLangDir(page), { lang, dir: lang === 'fa' ? 'rtl' : 'ltr' });
      await assertAccessible(page, `the provider's error page (${lang})`);
      await page.context().close();
    });

    it(`sign-out confirmation and signed-out pages (${lang}), axe-clean`, async () => {
      const page = await signedIn(lang);
      await page.goto(`${t.issuer}/oidc/session/end`);
      assert.deepEqual(await htmlLangDir(page), { lang, dir: lang === 'fa' ? 'rtl' : 'ltr' });
      await assertAccessible(page, `the sign-out confirmation (${lang})`);
      const status = await submit(page, page.locator('button[name="logout"]'));
      assert.ok(status === 200 || status === 303, String(status));
      await assertAccessible(page, `the signed-out page (${lang})`);
      await page.context().close();
    });
  }
});

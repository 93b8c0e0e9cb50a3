import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, openOidcApp, type OidcTestApp } from '../../src/identity/oidc/oidc.test-support.ts';
import { pairwiseSubject } from '../../src/identity/oidc/index.ts';
import { startRelyingParty, type RelyingPartyOptions, type RunningRelyingParty } from './server.ts';

describe('the literacy movement portal signs a person in through the window (embedded)', () => {
  let t: OidcTestApp;
  let rp: RunningRelyingParty;
  before(async () => {
    t = await openOidcApp('embedded');
    const options: RelyingPartyOptions = { issuer: t.issuer, clientId: 'lit-rp', clientSecret: '', host: '127.0.0.1', port: 0 };
    rp = await startRelyingParty(options);
    const registered = await t.client({ clientId: 'lit-rp', redirectUris: [`${rp.url}/callback`], postLogoutRedirectUris: [`${rp.url}/`], scopes: ['openid', 'profile', 'phone', 'national_code', 'acting_for'] });
    options.clientSecret = registered.clientSecret;
  });
  after(async () => {
    await rp.close();
    await t.close();
  });

  it('sign in (with consent), shows the pairwise subject and the granted claims, signs out', async () => {
    const person = await t.person();
    const browser = new Browser(t.issuer, rp.url);
    const home = await browser.go(`${rp.url}/?lang=en`);
    assert.match(await home.response.text(), /Sign in with the national window/);
    browser.setCookie('ow_session', person.cookie);
    const consent = await browser.go(`${rp.url}/login`);
    assert.equal(consent.response.status, 200);
    const html = await consent.response.text();
    const field = /name="([^"]*csrf[^"]*)" value="([^"]+)"/.exec(html)!;
    const actingFor = /name="acting_for" value="([^"]+)"/.exec(html)![1]!;
    const shown = await browser.go(`${consent.url}/consent`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ [field[1]!]: field[2]!, acting_for: actingFor, decision: 'allow' }).toString() });
    assert.equal(shown.url, `${rp.url}/`);
    const page = await shown.response.text();
    assert.ok(page.includes(pairwiseSubject('onewindow-demo-pairwise-salt', 'LIT', person.accountId)));
    assert.ok(page.includes(person.nationalCode));
    assert.match(page, /Zahra/);
    assert.match(page, /<h2>به نمایندگی از<\/h2><dl><dt>به نمایندگی از<\/dt><dd>خودتان<\/dd><\/dl>/, 'the acting_for claim, read');

    const confirm = await browser.go(`${rp.url}/logout`, { method: 'POST' });
    const form = await confirm.response.text();
    const action = /action="([^"]+)"/.exec(form)![1]!.replace(/&amp;/g, '&');
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(form)![1]!;
    const out = await browser.go(new URL(action, t.issuer).href, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ xsrf, logout: 'yes' }).toString() });
    assert.equal(out.url, `${rp.url}/`);
    assert.match(await out.response.text(), /ورود با پنجرهٔ ملی|Sign in with the national window/);
  });
});

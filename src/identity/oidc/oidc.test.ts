import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as oauth from 'openid-client';
import { testEngines } from '../../../test/support/database.ts';
import { Browser, openOidcApp, redirectUri, type OidcTestApp } from './oidc.test-support.ts';
import { createServer } from 'node:http';
import { sql } from 'drizzle-orm';
import { pairwiseSubject } from './claims.ts';
import { rotateSigningKey } from './keys.ts';

const insecure = { execute: [oauth.allowInsecureRequests] };

async function rp(t: OidcTestApp, clientId: string, secret: string) {
  return oauth.discovery(new URL(t.issuer), clientId, secret, oauth.ClientSecretBasic(secret), insecure);
}

async function authorize(config: oauth.Configuration, extra: Record<string, string> = {}) {
  const verifier = oauth.randomPKCECodeVerifier();
  const challenge = await oauth.calculatePKCECodeChallenge(verifier);
  const state = oauth.randomState();
  const url = oauth.buildAuthorizationUrl(config, { redirect_uri: redirectUri, scope: 'openid profile phone offline_access', code_challenge: challenge, code_challenge_method: 'S256', state, ...extra });
  return { url: url.href, verifier, state };
}

for (const engine of testEngines()) {
  describe(`OpenID Connect provider with a real relying party (${engine})`, () => {
    let t: OidcTestApp;
    before(async () => {
      t = await openOidcApp(engine);
    });
    after(() => t.close());

    it('refuses an unregistered redirect_uri with an error page, never a redirect', async () => {
      const { clientId, clientSecret } = await t.client({ clientId: 'lit-redirect' });
      const config = await rp(t, clientId, clientSecret);
      const { url } = await authorize(config, { redirect_uri: 'https://evil.example/callback' });
      const browser = new Browser(t.issuer);
      const res = await browser.request(url);
      assert.equal(res.status, 400);
      assert.equal(res.headers.get('location'), null);
      const html = await res.text();
      assert.match(html, /invalid_redirect_uri/);
      assert.match(html, /<html lang="fa" dir="rtl"/);
    });

    it('signs a person in: discovery, code + PKCE, id_token, userinfo, refresh rotation, logout', async () => {
      const { clientId, clientSecret } = await t.client({ clientId: 'lit-portal', firstParty: true });
      const config = await rp(t, clientId, clientSecret);
      assert.equal(config.serverMetadata().issuer, t.issuer);
      assert.deepEqual(config.serverMetadata().code_challenge_methods_supported, ['S256']);
      assert.deepEqual(config.serverMetadata().response_types_supported, ['code']);

      const person = await t.person();
      const browser = new Browser(t.issuer);
      // Not signed in on the portal: sent to the portal's sign-in page, which comes back.
      const { url, verifier, state } = await authorize(config, { prompt: 'consent' });
      const first = await browser.go(url);
      assert.match(first.url, /\/sign-in\?next=%2Foidc%2Finteraction%2F/);
      browser.setCookie('ow_session', person.cookie);
      const back = decodeURIComponent(new URL(first.url).searchParams.get('next')!);
      const done = await browser.go(`${t.issuer}${back}`);
      assert.ok(done.url.startsWith(redirectUri), done.url);

      const tokens = await oauth.authorizationCodeGrant(config, new URL(done.url), { pkceCodeVerifier: verifier, expectedState: state });
      const claims = tokens.claims()!;
      assert.equal(claims.sub, pairwiseSubject('onewindow-demo-pairwise-salt', 'LIT', person.accountId));
      assert.equal(claims.acr, 'urn:onewindow:acr:mobile');
      assert.deepEqual(claims.amr, ['pwd']);
      assert.equal(typeof claims.auth_time, 'number');

      const info = await oauth.fetchUserInfo(config, tokens.access_token, claims.sub);
      assert.equal(info.given_name, 'Zahra');
      assert.equal(info['given_name#fa'], 'زهرا');
      assert.equal(info.birthdate, '1990-03-21');
      assert.equal(info.phone_number, '+989121234567');
      assert.equal(info.phone_number_verified, true);
      assert.equal(info.national_code, undefined, 'no national code without its scope');

      // Refresh rotates; the old refresh token used again revokes the whole grant.
      const refreshed = await oauth.refreshTokenGrant(config, tokens.refresh_token!);
      assert.notEqual(refreshed.refresh_token, tokens.refresh_token);
      await assert.rejects(oauth.refreshTokenGrant(config, tokens.refresh_token!), (e: oauth.ResponseBodyError) => e.error === 'invalid_grant');
      await assert.rejects(oauth.refreshTokenGrant(config, refreshed.refresh_token!), (e: oauth.ResponseBodyError) => e.error === 'invalid_grant');

      // RP-initiated logout ends the portal session as well.
      const end = oauth.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: 'https://rp.example/signed-out' });
      const confirm = await browser.go(end.href);
      assert.equal(confirm.response.status, 200);
      const page = await confirm.response.text();
      const action = /action="([^"]+)"/.exec(page)![1]!;
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)![1]!;
      const out = await browser.go(new URL(action.replace(/&amp;/g, '&'), t.issuer).href, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ xsrf, logout: 'yes' }).toString() });
      assert.ok(out.url.startsWith('https://rp.example/signed-out'), out.url);
      assert.equal(browser.cookies.has('ow_session'), false);
      const again = new Browser(t.issuer);
      again.setCookie('ow_session', person.cookie);
      const after = await again.go((await authorize(config)).url);
      assert.match(after.url, /\/sign-in\?next=/, 'the portal session was ended');
    });

    it('refuses missing PKCE, plain PKCE and response_type=token at the client redirect with the OAuth error', async () => {
      const { clientId, clientSecret } = await t.client({ clientId: 'lit-pkce' });
      const config = await rp(t, clientId, clientSecret);
      const browser = new Browser(t.issuer);
      const noPkce = new URL(`${t.issuer}/oidc/auth`);
      noPkce.search = new URLSearchParams({ client_id: clientId, redirect_uri: redirectUri, response_type: 'code', scope: 'openid', state: 's' }).toString();
      const a = await browser.go(noPkce.href);
      assert.equal(new URL(a.url).searchParams.get('error'), 'invalid_request');
      const plain = new URL(noPkce);
      plain.searchParams.set('code_challenge', 'a'.repeat(43));
      plain.searchParams.set('code_challenge_method', 'plain');
      const b = await browser.go(plain.href);
      assert.equal(new URL(b.url).searchParams.get('error'), 'invalid_request');
      const token = new URL(noPkce);
      token.searchParams.set('response_type', 'token');
      const c = await browser.go(token.href);
      const err = new URL(c.url.replace('#', '?')).searchParams.get('error');
      assert.equal(err, 'unsupported_response_type');
      void config;
    });

    it('refuses a scope the client was not granted, a wrong verifier, and a replayed code', async () => {
      const { clientId, clientSecret } = await t.client({ clientId: 'lit-scopes', firstParty: true });
      const config = await rp(t, clientId, clientSecret);
      const person = await t.person();
      const browser = new Browser(t.issuer);
      browser.setCookie('ow_session', person.cookie);
      const wide = await authorize(config, { scope: 'openid national_code' });
      const refused = await browser.go(wide.url);
      assert.equal(new URL(refused.url).searchParams.get('error'), 'invalid_scope');

      const good = await authorize(config);
      const done = await browser.go(good.url);
      await assert.rejects(oauth.authorizationCodeGrant(config, new URL(done.url), { pkceCodeVerifier: oauth.randomPKCECodeVerifier(), expectedState: good.state }), (e: oauth.ResponseBodyError) => e.error === 'invalid_grant');
      // The code died with the failed attempt? oidc-provider consumes it only on success; a replay after success is refused.
      const second = await authorize(config);
      const done2 = await browser.go(second.url);
      await oauth.authorizationCodeGrant(config, new URL(done2.url), { pkceCodeVerifier: second.verifier, expectedState: second.state });
      await assert.rejects(oauth.authorizationCodeGrant(config, new URL(done2.url), { pkceCodeVerifier: second.verifier, expectedState: second.state }), (e: oauth.ResponseBodyError) => e.error === 'invalid_grant');
    });

    it('gives the national code only through its scope, and a different subject to another agency', async () => {
      const lit = await t.client({ clientId: 'lit-nc', firstParty: true, scopes: ['openid', 'national_code'] });
      const tax = await t.client({ clientId: 'tax-portal', agencyCode: 'TAX', firstParty: true, scopes: ['openid'] });
      const person = await t.person();
      const subs: string[] = [];
      for (const c of [lit, tax]) {
        const config = await rp(t, c.clientId, c.clientSecret);
        const browser = new Browser(t.issuer);
        browser.setCookie('ow_session', person.cookie);
        const scope = c === lit ? 'openid national_code' : 'openid';
        const a = await authorize(config, { scope });
        const done = await browser.go(a.url);
        const tokens = await oauth.authorizationCodeGrant(config, new URL(done.url), { pkceCodeVerifier: a.verifier, expectedState: a.state });
        const info = await oauth.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
        if (c === lit) assert.equal(info.national_code, person.nationalCode);
        else assert.equal(info.national_code, undefined);
        subs.push(tokens.claims()!.sub);
      }
      assert.notEqual(subs[0], subs[1]);
    });

    it("never lets one person's code or token work for another client or person", async () => {
      const a = await t.client({ clientId: 'lit-a', firstParty: true });
      const b = await t.client({ clientId: 'lit-b', firstParty: true });
      const configA = await rp(t, a.clientId, a.clientSecret);
      const configB = await rp(t, b.clientId, b.clientSecret);
      const person = await t.person();
      const browser = new Browser(t.issuer);
      browser.setCookie('ow_session', person.cookie);
      const auth = await authorize(configA);
      const done = await browser.go(auth.url);
      // Client B cannot redeem client A's code.
      await assert.rejects(oauth.authorizationCodeGrant(configB, new URL(done.url), { pkceCodeVerifier: auth.verifier, expectedState: auth.state }), (e: oauth.ResponseBodyError) => e.error === 'invalid_grant');
      // Another person's portal session cannot answer this person's consent.
      const other = await t.person();
      const consentClient = await t.client({ clientId: 'lit-consent' });
      const configC = await rp(t, consentClient.clientId, consentClient.clientSecret);
      const c = await authorize(configC);
      const page = await browser.go(c.url);
      assert.equal(page.response.status, 200);
      assert.match(await page.response.text(), /decision/);
      browser.setCookie('ow_session', other.cookie);
      const stolen = await browser.go(page.url);
      assert.equal(stolen.response.status, 403, 'refused, not answered as the other person');
      assert.doesNotMatch(await stolen.response.text(), /decision/);
    });

    it('shows a consent page to a non-first-party client and honours deny and allow', async () => {
      const { clientId, clientSecret } = await t.client({ clientId: 'lit-3p' });
      const config = await rp(t, clientId, clientSecret);
      const person = await t.person();
      const browser = new Browser(t.issuer);
      browser.setCookie('ow_session', person.cookie);
      for (const decision of ['deny', 'allow']) {
        const a = await authorize(config);
        const page = await browser.go(a.url);
        assert.equal(page.response.status, 200);
        const html = await page.response.text();
        assert.match(html, /درگاه نهضت/);
        assert.match(html, /نهضت سوادآموزی/, 'the agency by its name, not its code');
        const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? /name="[^"]*csrf[^"]*" value="([^"]+)"/.exec(html)![1]!;
        const field = /name="([^"]*csrf[^"]*)" value=/.exec(html)![1]!;
        const res = await browser.go(`${page.url}/consent`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ [field]: csrf, acting_for: /name="acting_for" value="([^"]+)"/.exec(html)![1]!, decision }).toString() });
        const back = new URL(res.url);
        if (decision === 'deny') assert.equal(back.searchParams.get('error'), 'access_denied');
        else {
          assert.ok(back.searchParams.get('code'));
          await oauth.authorizationCodeGrant(config, back, { pkceCodeVerifier: a.verifier, expectedState: a.state });
        }
      }
    });

    it('a rotated key is published, then signs, and the relying party verifies with it', async () => {
      const { clientId, clientSecret } = await t.client({ clientId: 'lit-keys', firstParty: true });
      const config = await rp(t, clientId, clientSecret);
      const person = await t.person();
      const before = (await (await fetch(`${t.issuer}/oidc/jwks`)).json()) as { keys: { kid: string; d?: string }[] };
      assert.ok(before.keys.every((k) => k.d === undefined), 'only public keys are published');
      const { kid } = await rotateSigningKey(t.db, new Date(), { publishSeconds: 0, retainSeconds: 3600 });
      await t.app.oidc.refreshKeys();
      const after = (await (await fetch(`${t.issuer}/oidc/jwks`)).json()) as { keys: { kid: string }[] };
      assert.deepEqual(after.keys.map((k) => k.kid).sort(), [...before.keys.map((k) => k.kid), kid].sort());
      const browser = new Browser(t.issuer);
      browser.setCookie('ow_session', person.cookie);
      const a = await authorize(config);
      const done = await browser.go(a.url);
      const tokens = await oauth.authorizationCodeGrant(config, new URL(done.url), { pkceCodeVerifier: a.verifier, expectedState: a.state });
      const header = JSON.parse(Buffer.from(tokens.id_token!.split('.')[0]!, 'base64url').toString()) as { kid: string };
      assert.equal(header.kid, kid);
    });

    it('tells a client with a back-channel logout URI when the person signs out', async () => {
      const received: string[] = [];
      let arrived!: () => void;
      const got = new Promise<void>((resolve) => (arrived = resolve));
      const receiver = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          received.push(new URLSearchParams(body).get('logout_token') ?? '');
          res.end();
          arrived();
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      try {
        const port = (receiver.address() as { port: number }).port;
        const { clientId, clientSecret } = await t.client({ clientId: 'lit-bcl', firstParty: true, backchannelLogoutUri: `http://127.0.0.1:${port}/logout` });
        const config = await rp(t, clientId, clientSecret);
        const person = await t.person();
        const browser = new Browser(t.issuer);
        browser.setCookie('ow_session', person.cookie);
        const a = await authorize(config);
        const done = await browser.go(a.url);
        const tokens = await oauth.authorizationCodeGrant(config, new URL(done.url), { pkceCodeVerifier: a.verifier, expectedState: a.state });
        const sid = tokens.claims()!.sid;
        assert.ok(sid);
                const confirm = await browser.go(oauth.buildEndSessionUrl(config, { id_token_hint: tokens.id_token! }).href);
        const page = await confirm.response.text();
        const action = /action="([^"]+)"/.exec(page)![1]!.replace(/&amp;/g, '&');
        const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)![1]!;
        const out = await browser.go(new URL(action, t.issuer).href, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ xsrf, logout: 'yes' }).toString() });
        assert.equal(out.response.status, 200, 'no post-logout redirect asked: our signed-out page');
        assert.match(await out.response.text(), /خارج شدید/);
await got;
        const claims = JSON.parse(Buffer.from(received[0]!.split('.')[1]!, 'base64url').toString()) as { sid: string; sub: string; aud: string; events: Record<string, unknown> };
        assert.equal(claims.sid, sid);
        assert.equal(claims.sub, tokens.claims()!.sub);
        assert.equal(claims.aud, clientId);
        assert.ok(Object.keys(claims.events).some((e) => e.endsWith('/event/backchannel-logout')));
      } finally {
        receiver.close();
      }
    });

    it('refuses an expired code', async () => {
      const { clientId, clientSecret } = await t.client({ clientId: 'lit-expired', firstParty: true });
      const config = await rp(t, clientId, clientSecret);
      const person = await t.person();
      const browser = new Browser(t.issuer);
      browser.setCookie('ow_session', person.cookie);
      const a = await authorize(config);
      const done = await browser.go(a.url);
      await t.db.run((q) => q.execute(sql`update oidc_payloads set expires_at = now() - interval '1 second' where kind = 'AuthorizationCode'`));
      await assert.rejects(oauth.authorizationCodeGrant(config, new URL(done.url), { pkceCodeVerifier: a.verifier, expectedState: a.state }), (e: oauth.ResponseBodyError) => e.error === 'invalid_grant');
    });

    it('issues client-credentials tokens and refuses a wrong secret', async () => {
      const { clientId, clientSecret } = await t.client({ clientId: 'lit-cc' });
      const config = await rp(t, clientId, clientSecret);
      const tokens = await oauth.clientCredentialsGrant(config, {});
      assert.ok(tokens.access_token);
      const wrong = await rp(t, clientId, 'not-the-secret');
      await assert.rejects(oauth.clientCredentialsGrant(wrong, {}), (e: oauth.WWWAuthenticateChallengeError) => e.response.status === 401 && e.cause[0]!.parameters.error === 'invalid_client');
    });
  });
}

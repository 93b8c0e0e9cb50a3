import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as oauth from 'openid-client';
import { sql } from 'drizzle-orm';
import { testEngines } from '../../../test/support/database.ts';
import { fixedNow } from '../../../test/support/app.ts';
import { Browser, openOidcApp, redirectUri, type OidcTestApp } from './oidc.test-support.ts';
import { grantProfileKind } from './grant-profiles.ts';
import { findAccountById } from '../accounts/index.ts';
import { revokeMandate } from '../profiles/index.ts';

// Whom a grant acts for. Non-self profiles come from src/identity/profiles; until they exist,
// a profile "dies" here by pointing the grant's binding (or the session) at a profile id that
// the real `actingFor` does not know, which it refuses as it refuses a revoked mandate.
const insecure = { execute: [oauth.allowInsecureRequests] };
const scope = 'openid acting_for offline_access';

async function rp(t: OidcTestApp, clientId: string, secret: string) {
  return oauth.discovery(new URL(t.issuer), clientId, secret, oauth.ClientSecretBasic(secret), insecure);
}

async function authorize(config: oauth.Configuration, extra: Record<string, string> = {}) {
  const verifier = oauth.randomPKCECodeVerifier();
  const state = oauth.randomState();
  const url = oauth.buildAuthorizationUrl(config, { redirect_uri: redirectUri, scope, code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', state, ...extra });
  return { url: url.href, verifier, state };
}

/** A first-party client and a signed-in person who authorized it: the code, not yet exchanged. */
async function signedIn(t: OidcTestApp, clientId: string, extra: Record<string, string> = {}) {
  const client = await t.client({ clientId, firstParty: true, scopes: ['openid', 'acting_for', 'national_code', 'offline_access'] });
  const config = await rp(t, client.clientId, client.clientSecret);
  const person = await t.person();
  const browser = new Browser(t.issuer);
  browser.setCookie('ow_session', person.cookie);
  // prompt=consent: oidc-provider grants offline_access (a refresh token) only with it.
  const a = await authorize(config, { prompt: 'consent', ...extra });
  const done = await browser.go(a.url);
  assert.ok(done.url.startsWith(redirectUri), done.url);
  return { config, person, browser, callback: new URL(done.url), ...a };
}

const kill = (t: OidcTestApp) => t.db.run((q) => q.execute(sql`update oidc_payloads set payload = jsonb_set(payload::jsonb, '{profileId}', to_jsonb(${randomUUID()}::text))::text where kind = ${grantProfileKind}`));

for (const engine of testEngines()) {
  describe(`OpenID Connect: whom the person acts for (${engine})`, () => {
    let t: OidcTestApp;
    before(async () => {
      t = await openOidcApp(engine);
    });
    after(() => t.close());

    it('advertises the acting_for scope and claim', async () => {
      const meta = (await (await fetch(`${t.issuer}/.well-known/openid-configuration`)).json()) as { scopes_supported: string[]; claims_supported: string[] };
      assert.ok(meta.scopes_supported.includes('acting_for'));
      assert.ok(meta.claims_supported.includes('acting_for'));
    });

    it('refuses the acting_for scope to a client not registered for it', async () => {
      const client = await t.client({ clientId: 'lit-no-af', firstParty: true, scopes: ['openid'] });
      const config = await rp(t, client.clientId, client.clientSecret);
      const browser = new Browser(t.issuer);
      browser.setCookie('ow_session', (await t.person()).cookie);
      const refused = await browser.go((await authorize(config)).url);
      assert.equal(new URL(refused.url).searchParams.get('error'), 'invalid_scope');
    });

    it('says "self" in the ID token and userinfo, keeps it through refresh, and gives nothing without the scope', async () => {
      const s = await signedIn(t, 'lit-af-self');
      const tokens = await oauth.authorizationCodeGrant(s.config, s.callback, { pkceCodeVerifier: s.verifier, expectedState: s.state });
      assert.deepEqual(tokens.claims()!.acting_for, { kind: 'self' });
      const info = await oauth.fetchUserInfo(s.config, tokens.access_token, tokens.claims()!.sub);
      assert.deepEqual(info.acting_for, { kind: 'self' });

      const refreshed = await oauth.refreshTokenGrant(s.config, tokens.refresh_token!);
      assert.deepEqual(refreshed.claims()!.acting_for, { kind: 'self' });
      assert.deepEqual((await oauth.fetchUserInfo(s.config, refreshed.access_token, tokens.claims()!.sub)).acting_for, { kind: 'self' });

      const plain = await authorize(s.config, { scope: 'openid' });
      const done = await s.browser.go(plain.url);
      const noScope = await oauth.authorizationCodeGrant(s.config, new URL(done.url), { pkceCodeVerifier: plain.verifier, expectedState: plain.state });
      assert.equal(noScope.claims()!.acting_for, undefined);
      assert.equal((await oauth.fetchUserInfo(s.config, noScope.access_token, noScope.claims()!.sub)).acting_for, undefined);
    });

    it('binds the grant beside it, and the binding goes when the grant is revoked', async () => {
      const s = await signedIn(t, 'lit-af-bind');
      const tokens = await oauth.authorizationCodeGrant(s.config, s.callback, { pkceCodeVerifier: s.verifier, expectedState: s.state });
      const bindings = async () =>
        ((await t.db.run((q) => q.execute(sql`select b.payload from oidc_payloads b join oidc_payloads g on g.kind = 'Grant' and g.id = b.id where b.kind = ${grantProfileKind} and b.grant_id = b.id and g.payload like ${`%${s.person.accountId}%`}`))) as unknown as { rows: { payload: string }[] }).rows;
      const [row] = await bindings();
      assert.deepEqual(JSON.parse(row!.payload), { accountId: s.person.accountId, profileId: null });
      // A refresh token used twice revokes the whole grant: its binding with it.
      const refreshed = await oauth.refreshTokenGrant(s.config, tokens.refresh_token!);
      await assert.rejects(oauth.refreshTokenGrant(s.config, tokens.refresh_token!), (e: oauth.ResponseBodyError) => e.error === 'invalid_grant');
      assert.equal((await bindings()).length, 0);
      void refreshed;
    });

    it('refuses the code exchange, the refresh and userinfo once the profile is gone', async () => {
      const early = await signedIn(t, 'lit-af-dead-code');
      await kill(t);
      await assert.rejects(oauth.authorizationCodeGrant(early.config, early.callback, { pkceCodeVerifier: early.verifier, expectedState: early.state }), (e: oauth.ResponseBodyError) => e.error === 'invalid_grant');

      const s = await signedIn(t, 'lit-af-dead');
      const tokens = await oauth.authorizationCodeGrant(s.config, s.callback, { pkceCodeVerifier: s.verifier, expectedState: s.state });
      await kill(t);
      await assert.rejects(oauth.refreshTokenGrant(s.config, tokens.refresh_token!), (e: oauth.ResponseBodyError) => e.error === 'invalid_grant');
      await assert.rejects(oauth.fetchUserInfo(s.config, tokens.access_token, tokens.claims()!.sub), (e: oauth.WWWAuthenticateChallengeError) => e.response.status === 401 && e.cause[0]!.parameters.error === 'invalid_token');
    });

    it('shows whom the person acts for on the consent page, with the way to change it, and refuses a profile switched unseen', async () => {
      const client = await t.client({ clientId: 'lit-af-consent', scopes: ['openid', 'acting_for'] });
      const config = await rp(t, client.clientId, client.clientSecret);
      const person = await t.person();
      const browser = new Browser(t.issuer);
      browser.setCookie('ow_session', person.cookie);
      const a = await authorize(config, { scope: 'openid acting_for' });
      const page = await browser.go(a.url);
      const html = await page.response.text();
      assert.equal(page.response.status, 200);
      assert.match(html, /خودتان \(زهرا احمدی\)/);
      assert.match(html, /اینکه به نمایندگی از چه کسی اقدام می‌کنید/, 'the scope in plain words');
      const uid = new URL(page.url).pathname.split('/').pop()!;
      assert.ok(html.includes(`href="/account/profiles?next=%2Foidc%2Finteraction%2F${uid}"`));
      const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? /name="[^"]*csrf[^"]*" value="([^"]+)"/.exec(html)![1]!;
      const field = /name="([^"]*csrf[^"]*)" value=/.exec(html)![1]!;
      assert.match(html, /name="acting_for" value="self"/);
      // The page showed "self"; a form saying another profile is not taken as agreement.
      const stale = await browser.go(`${page.url}/consent`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ [field]: csrf, acting_for: randomUUID(), decision: 'allow' }).toString() });
      assert.equal(stale.url, page.url, 'shown the page again');
      assert.equal(stale.response.status, 200);
      await stale.response.text();
      const ok = await browser.go(`${page.url}/consent`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ [field]: csrf, acting_for: 'self', decision: 'allow' }).toString() });
      assert.ok(new URL(ok.url).searchParams.get('code'), ok.url);
    });

    it('asks again when the person now acts for another profile, and stops at a profile that is gone', async () => {
      const s = await signedIn(t, 'lit-af-switch');
      await oauth.authorizationCodeGrant(s.config, s.callback, { pkceCodeVerifier: s.verifier, expectedState: s.state });
      // Same profile: the first-party client gets its code without a page.
      const again = await s.browser.go((await authorize(s.config)).url);
      assert.ok(again.url.startsWith(redirectUri), again.url);
      // The session now acts for a profile that is gone: no code, a page to choose again.
      await t.db.run((q) => q.execute(sql`update citizen_sessions set active_profile_id = ${randomUUID()} where account_id = ${s.person.accountId}`));
      const gone = await s.browser.go((await authorize(s.config)).url);
      assert.equal(gone.response.status, 403);
      const html = await gone.response.text();
      assert.match(html, /دیگر نمی‌توانید به نمایندگی از این شخص اقدام کنید/);
      assert.match(html, /href="\/account\/profiles\?next=%2Foidc%2Finteraction%2F/);
    });

    it('sends the person to choose again, rather than give a code, when the profile their grant acts for died', async () => {
      const s = await signedIn(t, 'lit-af-died');
      await oauth.authorizationCodeGrant(s.config, s.callback, { pkceCodeVerifier: s.verifier, expectedState: s.state });
      // The session and the grant act for the same profile, which is now gone.
      const profileId = randomUUID();
      await t.db.run((q) => q.execute(sql`update citizen_sessions set active_profile_id = ${profileId} where account_id = ${s.person.accountId}`));
      await t.db.run((q) => q.execute(sql`update oidc_payloads set payload = jsonb_set(payload::jsonb, '{profileId}', to_jsonb(${profileId}::text))::text where kind = ${grantProfileKind} and payload like ${`%${s.person.accountId}%`}`));
      const gone = await s.browser.go((await authorize(s.config)).url);
      assert.equal(gone.response.status, 403, gone.url);
      assert.match(await gone.response.text(), /دیگر نمی‌توانید به نمایندگی از این شخص اقدام کنید/);
    });
    it('carries a real mandate in the tokens, and once the grantor revokes it, refresh and userinfo give nothing', async () => {
      const client = await t.client({ clientId: 'lit-af-mandate', scopes: ['openid', 'acting_for', 'national_code', 'offline_access'] });
      const config = await rp(t, client.clientId, client.clientSecret);
      const grantor = await t.person();
      const grantee = await t.person();
      const [grantorRow, granteeRow] = await t.db.run(async (q) => Promise.all([findAccountById(q, grantor.accountId), findAccountById(q, grantee.accountId)]));
      const mandateId = randomUUID();
      // The app's clock (test/support/app.ts), not the machine's: the mandate runs from yesterday for a month.
      const today = fixedNow.toISOString().slice(0, 10);
      const inAMonth = new Date(fixedNow.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
      // The mandate as the grant form stores it (the form's registry checks are tested in test/identity/profiles.test.ts).
      await t.db.run((q) =>
        q.execute(sql`insert into mandates (id, grantor_account_id, grantee_identifier_type, grantee_identifier, grantee_name_fa, grantee_name_en, services, starts_on, ends_on)
                      values (${mandateId}, ${grantor.accountId}, 'national_code', ${grantee.nationalCode}, 'زهرا احمدی', 'Zahra Ahmadi', ${'{100-001-0001-4}'}::text[], ${today}::date - 1, ${inAMonth}::date)`),
      );
      await t.db.run((q) => q.execute(sql`update citizen_sessions set active_profile_id = ${mandateId} where account_id = ${grantee.accountId}`));
      const browser = new Browser(t.issuer);
      browser.setCookie('ow_session', grantee.cookie);
      const a = await authorize(config, { prompt: 'consent', scope: 'openid acting_for national_code offline_access' });
      const page = await browser.go(a.url);
      const html = await page.response.text();
      assert.equal(page.response.status, 200, page.url);
      const field = /name="([^"]*csrf[^"]*)" value=/.exec(html)![1]!;
      const csrf = new RegExp(`name="${field}" value="([^"]+)"`).exec(html)![1]!;
      assert.match(html, new RegExp(`name="acting_for" value="${mandateId}"`));
      const done = await browser.go(`${page.url}/consent`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ [field]: csrf, acting_for: mandateId, decision: 'allow' }).toString() });
      const tokens = await oauth.authorizationCodeGrant(config, new URL(done.url), { pkceCodeVerifier: a.verifier, expectedState: a.state });
      const claim = tokens.claims()!.acting_for as { kind: string; identifier: string; services: string[] };
      assert.equal(claim.kind, 'mandate');
      assert.equal(claim.identifier, grantorRow!.identifier, 'the grant holds national_code: the mandator by national code');
      assert.deepEqual(claim.services, ['100-001-0001-4']);
      assert.notEqual(granteeRow!.identifier, grantorRow!.identifier);

      await revokeMandate({ db: t.db }, grantorRow!, mandateId, { address: null, userAgent: null });
      await assert.rejects(oauth.refreshTokenGrant(config, tokens.refresh_token!), (e: oauth.ResponseBodyError) => e.error === 'invalid_grant');
      await assert.rejects(oauth.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub), (e: oauth.WWWAuthenticateChallengeError) => e.response.status === 401);
    });
  });
}

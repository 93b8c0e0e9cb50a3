import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'drizzle-orm';
import { openTestApp, type TestApp } from '../support/app.ts';
import { testEngines } from '../support/database.ts';
import { insertPerson, lastCodeSentTo } from '../support/people.ts';

const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };
const sessionCookieOf = (res: LightMyRequestResponse) =>
  [res.headers['set-cookie'] ?? []].flat().map(String).find((c) => c.startsWith('ow_session=') && !c.startsWith('ow_session=;'))?.split(';')[0];
const signOutForm = /<form method="post" action="\/sign-out" class="staff-signout"><input type="hidden" name="_csrf" value="([^"]+)"\/><button type="submit" class="button-secondary">Sign out<\/button><\/form>/;

for (const engine of testEngines()) {
  describe(`the site navigation knows a signed-in person (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(engine, { SIGN_IN_BURST: '100000' });
      await t.app.outbox.stop();
    });
    after(() => t.close());

    async function signIn(person: { identifier: string; mobile: string }): Promise<string> {
      const start = await t.app.inject({ method: 'POST', url: '/sign-in', headers: formHeaders, payload: new URLSearchParams({ identifier: person.identifier, method: 'code' }).toString() });
      const id = new URL(String(start.headers.location), 'http://x').searchParams.get('id')!;
      const done = await t.app.inject({ method: 'POST', url: '/sign-in/code', headers: formHeaders, payload: new URLSearchParams({ id, code: (await lastCodeSentTo(t.db, person.mobile))! }).toString() });
      return sessionCookieOf(done)!;
    }

    test('nobody signed in: "Sign in", no sign-out form', async () => {
      const page = await t.app.inject({ url: '/?lang=en' });
      assert.match(page.body, /<a href="\/sign-in">Sign in<\/a>/);
      assert.doesNotMatch(page.body, /action="\/sign-out"/);
    });

    test('signed in: "My account" and a sign-out form with the session’s token on every page, never cached; it signs out', async () => {
      const person = await insertPerson(t.db);
      const cookie = await signIn(person);
      for (const url of ['/?lang=en', '/services?lang=en', '/account/security?lang=en']) {
        const page = await t.app.inject({ url, headers: { cookie } });
        assert.equal(page.statusCode, 200, url);
        assert.match(page.body, /<a href="\/account"[^>]*>My account<\/a>/, url);
        assert.doesNotMatch(page.body, />Sign in<\/a>/, url);
        assert.match(page.body, signOutForm, url);
        assert.equal(page.headers['cache-control'], 'no-store', `${url}: a page with a session's token is not kept`);
      }
      const fa = await t.app.inject({ url: '/', headers: { cookie } });
      assert.match(fa.body, />حساب من<\/a>/);
      assert.match(fa.body, />خروج<\/button>/);
      const token = signOutForm.exec((await t.app.inject({ url: '/?lang=en', headers: { cookie } })).body)![1]!;
      const out = await t.app.inject({ method: 'POST', url: '/sign-out', headers: { ...formHeaders, cookie }, payload: new URLSearchParams({ _csrf: token }).toString() });
      assert.equal(out.statusCode, 303);
      assert.equal(out.headers.location, '/sign-in?signedOut=1');
      assert.match((await t.app.inject({ url: '/?lang=en', headers: { cookie } })).body, /<a href="\/sign-in">Sign in<\/a>/, 'signed out: back to "Sign in"');
    });

    test('each person gets their own token, and a session owing its second factor is not signed in', async () => {
      const a = await insertPerson(t.db);
      const b = await insertPerson(t.db);
      const tokenOf = async (cookie: string) => signOutForm.exec((await t.app.inject({ url: '/?lang=en', headers: { cookie } })).body)?.[1];
      const ta = await tokenOf(await signIn(a));
      const tb = await tokenOf(await signIn(b));
      assert.ok(ta && tb && ta !== tb);
      const c = await insertPerson(t.db);
      await t.db.run((q) => q.execute(sql`update accounts set totp_secret = 'JBSWY3DPEHPK3PXP', totp_enabled_at = now() where id = ${c.id}`));
      const pending = await signIn(c);
      const page = await t.app.inject({ url: '/?lang=en', headers: { cookie: pending } });
      assert.match(page.body, /<a href="\/sign-in">Sign in<\/a>/);
      assert.doesNotMatch(page.body, /action="\/sign-out"/);
    });
  });
}

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { rows } from '../../src/db/database.ts';
import { acrValues } from '../../src/core/assurance.ts';
import { base32Decode, hotp, linkTokenOf, totpStep } from '../../src/identity/sign-in/index.ts';
import { findCitizenSession, type AccountRow } from '../../src/identity/index.ts';
import { openTestApp, type TestApp } from '../support/app.ts';
import { testEngines } from '../support/database.ts';
import { eventsOf, insertPerson, lastCodeSentTo, messagesTo } from '../support/people.ts';

const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const setCookies = (res: LightMyRequestResponse): string[] => {
  const v = res.headers['set-cookie'];
  return v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)];
};
const sessionCookieOf = (res: LightMyRequestResponse) => setCookies(res).find((c) => c.startsWith('ow_session=') && !c.startsWith('ow_session=;'))?.split(';')[0];
const inputValue = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
const codeIdOf = (location: string) => new URL(location, 'http://x').searchParams.get('id')!;
const goodPassword = 'walnut trees by the brook';

for (const engine of testEngines()) {
  describe(`people's sign-in (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(engine, { SIGN_IN_BURST: '100000' });
      // Messages stay queued, so the codes can be read from the outbox (a sent one's body is erased).
      await t.app.outbox.stop();
    });
    after(() => t.close());

    const post = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url, headers: { ...formHeaders, ...headers }, payload: form(fields) });

    /** Signs in with a code by SMS as a browser would; returns the last answer and the session cookie. */
    async function codeSignIn(person: AccountRow, next?: string) {
      const start = await post('/sign-in', { identifier: person.identifier, method: 'code', ...(next ? { next } : {}) });
      assert.equal(start.statusCode, 303, start.body);
      const id = codeIdOf(String(start.headers.location));
      const code = await lastCodeSentTo(t.db, person.mobile);
      assert.ok(code, 'a code was queued');
      const res = await post('/sign-in/code', { id, code: code!, ...(next ? { next } : {}) });
      return { res, cookie: sessionCookieOf(res) };
    }

    async function csrfOf(cookie: string): Promise<string> {
      const page = await t.app.inject({ url: '/account/security', headers: { cookie } });
      assert.equal(page.statusCode, 200, page.body);
      return inputValue(page.body, '_csrf')!;
    }

    describe('refused callers', () => {
      test('without a session: pages go to the people’s sign-in (keeping the address), posts are refused', async () => {
        const page = await t.app.inject({ url: '/account/security' });
        assert.equal(page.statusCode, 303);
        assert.equal(page.headers.location, `/sign-in?next=${encodeURIComponent('/account/security')}`);
        for (const url of ['/sign-out', '/account/security/password', '/account/security/totp', '/account/security/totp/confirm', '/account/security/totp/disable']) {
          const res = await post(url, { _csrf: 'x', password: 'x' });
          assert.equal(res.statusCode, 401, url);
          assert.match(String(res.headers['content-type']), /text\/html/);
        }
        // The staff area still sends staff to theirs.
        assert.match(String((await t.app.inject({ url: '/staff' })).headers.location), /^\/staff\/login\?next=/);
      });

      test('staff (bearer token) are not people: 403 on people’s pages', async () => {
        const staff = await t.as('operator');
        assert.equal((await t.app.inject({ url: '/account/security', headers: staff })).statusCode, 403);
        assert.equal((await post('/sign-out', { _csrf: 'x' }, staff)).statusCode, 403);
      });

      test('a session still owing its second factor opens no page of the account', async () => {
        const person = await insertPerson(t.db);
        await t.db.run((q) => q.execute(sql`update accounts set totp_secret = 'JBSWY3DPEHPK3PXP', totp_enabled_at = now() where id = ${person.id}`));
        const { res, cookie } = await codeSignIn(person);
        assert.equal(res.headers.location, '/sign-in/second-factor');
        const page = await t.app.inject({ url: '/account/security', headers: { cookie: cookie! } });
        assert.equal(page.statusCode, 303);
        assert.match(String(page.headers.location), /^\/sign-in\?next=/);
      });
    });

    describe('a code by SMS', () => {
      test('the identifier, the code, a session at the mobile level; events recorded with address and user agent', async () => {
        const person = await insertPerson(t.db);
        const page = await t.app.inject({ url: '/sign-in?lang=en' });
        assert.equal(page.statusCode, 200);
        assert.match(page.body, /<h1>Sign in to OneWindow<\/h1>/);
        assert.equal(page.headers['cache-control'], 'no-store');
        const start = await post('/sign-in', { identifier: `  ${person.identifier.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!)} `, method: 'code', next: '/services' }, { 'user-agent': `Test browser ${'x'.repeat(400)}` });
        assert.equal(start.statusCode, 303, 'Persian digits and spaces are forgiven');
        assert.match(String(start.headers.location), /^\/sign-in\/code\?id=[0-9a-f-]{36}&next=%2Fservices$/);
        const sms = await t.db.run((q) => rows<{ body: string }>(q, sql`select body from message_outbox where recipient = ${person.mobile}`));
        assert.equal(sms.length, 1);
        assert.match(sms[0]!.body, /^\d{6} کد ورود شما به پنجره واحد است/, 'the text in the page’s language (fa by default), code first');
        const codePage = await t.app.inject({ url: String(start.headers.location) });
        assert.equal(codePage.statusCode, 200);
        assert.match(codePage.body, /autocomplete="one-time-code"/);
        const code = await lastCodeSentTo(t.db, person.mobile);
        const done = await post('/sign-in/code', { id: codeIdOf(String(start.headers.location)), code: code!, next: '/services' });
        assert.equal(done.statusCode, 303);
        assert.equal(done.headers.location, '/services');
        const cookie = sessionCookieOf(done)!;
        assert.match(setCookies(done).join(), /HttpOnly/);
        const session = await findCitizenSession(t.db, cookie.split('=')[1]!);
        assert.equal(session?.accountId, person.id);
        assert.equal(session?.acr, acrValues.mobile);
        assert.deepEqual(session?.amr, ['sms', 'otp']);
        assert.equal((await t.app.inject({ url: '/account/security', headers: { cookie } })).statusCode, 200);
        assert.equal((await t.app.inject({ url: '/sign-in', headers: { cookie } })).headers.location, '/account', 'signed in: sent on to the account');
        const events = await eventsOf(t.db, person.id);
        assert.deepEqual(events.map((e) => `${e.kind}:${e.outcome}`), ['code_sent:success', 'sign_in:success']);
        assert.equal(events[0]!.address, '127.0.0.1');
        assert.equal(events[0]!.userAgent!.length, 200, 'the user agent is cut short');
      });

      test('an unknown identifier is answered alike, and no SMS goes to nobody', async () => {
        const known = await insertPerson(t.db);
        const stranger = { ...known, identifier: '0499370899' };
        const a = await post('/sign-in', { identifier: known.identifier, method: 'code' });
        const b = await post('/sign-in', { identifier: stranger.identifier, method: 'code' });
        assert.equal(a.statusCode, b.statusCode);
        assert.equal(String(a.headers.location).replace(/id=[^&]+/, ''), String(b.headers.location).replace(/id=[^&]+/, ''));
        const pageA = await t.app.inject({ url: String(a.headers.location) });
        const pageB = await t.app.inject({ url: String(b.headers.location) });
        const uuids = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
        assert.equal(pageA.body.replace(uuids, ''), pageB.body.replace(uuids, ''));
        const wrongA = await post('/sign-in/code', { id: codeIdOf(String(a.headers.location)), code: '000000' === (await lastCodeSentTo(t.db, known.mobile)) ? '111111' : '000000' });
        const wrongB = await post('/sign-in/code', { id: codeIdOf(String(b.headers.location)), code: '000000' });
        assert.equal(wrongA.statusCode, 422);
        assert.equal(wrongB.statusCode, 422);
        assert.equal(wrongA.headers['x-error-code'], 'ONE_TIME_CODE_INVALID');
        assert.equal(wrongB.headers['x-error-code'], 'ONE_TIME_CODE_INVALID');
        const [unknownEvents] = await t.db.run((q) => rows<{ n: number }>(q, sql`select count(*)::int as n from account_events where account_id is null and reason = 'unknown_identifier'`));
        assert.ok(unknownEvents!.n >= 1, 'recorded without an account');
      });

      test("one person's code never signs in another, and a wrong code is refused with a stable code in fa and en", async () => {
        const a = await insertPerson(t.db);
        const b = await insertPerson(t.db);
        const startA = await post('/sign-in', { identifier: a.identifier, method: 'code' });
        await post('/sign-in', { identifier: b.identifier, method: 'code' });
        const codeA = await lastCodeSentTo(t.db, a.mobile);
        const codeB = await lastCodeSentTo(t.db, b.mobile);
        if (codeA !== codeB) {
          const crossed = await post('/sign-in/code?lang=en', { id: codeIdOf(String(startA.headers.location)), code: codeB! });
          assert.equal(crossed.statusCode, 422);
          assert.match(crossed.body, /The code is not the one we sent/);
          assert.match(crossed.body, /Error code: ONE_TIME_CODE_INVALID/);
          assert.equal(sessionCookieOf(crossed), undefined);
        }
        const fa = await post('/sign-in/code?lang=fa', { id: codeIdOf(String(startA.headers.location)), code: 'abc' });
        assert.equal(fa.statusCode, 422);
        assert.match(fa.body, /این کد همان کدی نیست که فرستادیم/);
        const right = await post('/sign-in/code', { id: codeIdOf(String(startA.headers.location)), code: codeA! });
        assert.equal(right.statusCode, 303, `${String(right.headers['x-error-code'])} ${codeA} ${codeB}`);
        const session = await findCitizenSession(t.db, sessionCookieOf(right)!.split('=')[1]!);
        assert.equal(session?.accountId, a.id, 'the code signs in its own owner only');
        const again = await post('/sign-in/code', { id: codeIdOf(String(startA.headers.location)), code: codeA! });
        assert.equal(again.statusCode, 422, 'used once');
        assert.equal(again.headers['x-error-code'], 'ONE_TIME_CODE_EXPIRED');
      });

      test('bad input: an invalid national code, an over-long field, an empty code: a message and a code, never a 500', async () => {
        const invalid = await post('/sign-in?lang=en', { identifier: '0012345670', method: 'code' });
        assert.equal(invalid.statusCode, 422);
        assert.equal(invalid.headers['x-error-code'], 'SIGN_IN_IDENTIFIER_INVALID');
        assert.match(invalid.body, /href="#identifier"/);
        const long = await post('/sign-in', { identifier: '1'.repeat(1500), method: 'code' });
        assert.equal(long.statusCode, 422);
        assert.ok(!long.body.includes('1'.repeat(100)), 'not echoed back whole');
        const tooLong = await post('/sign-in', { identifier: '1'.repeat(5000), method: 'code' });
        assert.equal(tooLong.statusCode, 400);
        assert.match(String(tooLong.headers['content-type']), /text\/html/);
        const longPassword = await post('/sign-in', { identifier: '0499370899', method: 'password', password: 'p'.repeat(3000) });
        assert.equal(longPassword.statusCode, 401);
        const empty = await post('/sign-in/code', { id: 'not-an-id', code: '' });
        assert.equal(empty.statusCode, 422);
        const junk = await post('/sign-in/code', { id: 'not-an-id', code: '123456' });
        assert.equal(junk.statusCode, 422);
        assert.equal((await t.app.inject({ url: '/sign-in/code?id=../../etc' })).statusCode, 303);
        const nul = await post('/sign-in', { identifier: '\u0000', method: 'code' });
        assert.ok(nul.statusCode < 500);
      });

      test('a forged sign-in post (another site) is refused and sends nothing', async () => {
        const person = await insertPerson(t.db);
        for (const headers of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }] as Record<string, string>[]) {
          const res = await post('/sign-in?lang=en', { identifier: person.identifier, method: 'code' }, headers);
          assert.equal(res.statusCode, 403);
          assert.match(res.body, /This form could not be accepted/);
          assert.equal((await post('/sign-in/code', { id: 'x', code: '123456' }, headers)).statusCode, 403);
          assert.equal((await post('/sign-in/reset', { identifier: person.identifier, mobile: person.mobile }, headers)).statusCode, 403);
        }
        assert.equal(await messagesTo(t.db, person.mobile), 0);
      });

      test('a foreign national signs in with their identifier type', async () => {
        const person = await insertPerson(t.db, { identifierType: 'foreign_national' });
        const page = await t.app.inject({ url: '/sign-in?type=foreign_national&lang=en' });
        assert.match(page.body, /Foreign national identifier/);
        assert.match(page.body, /name="identifierType" value="foreign_national"/);
        const start = await post('/sign-in', { identifierType: 'foreign_national', identifier: person.identifier, method: 'code' });
        const code = await lastCodeSentTo(t.db, person.mobile);
        const done = await post('/sign-in/code', { id: codeIdOf(String(start.headers.location)), code: code! });
        assert.equal(done.statusCode, 303);
        assert.equal((await findCitizenSession(t.db, sessionCookieOf(done)!.split('=')[1]!))?.accountId, person.id);
      });
    });

    describe('a password', () => {
      test('right: signed in with amr pwd; wrong and unknown: the same refusal', async () => {
        const person = await insertPerson(t.db, { password: goodPassword });
        const page = await t.app.inject({ url: '/sign-in?method=password&lang=en' });
        assert.match(page.body, /type="password"/);
        const wrong = await post('/sign-in?lang=en', { identifier: person.identifier, method: 'password', password: 'not the password at all' });
        const unknown = await post('/sign-in?lang=en', { identifier: '0499370899', method: 'password', password: 'not the password at all' });
        assert.equal(wrong.statusCode, 401);
        assert.equal(unknown.statusCode, 401);
        assert.equal(wrong.headers['x-error-code'], 'SIGN_IN_FAILED');
        assert.equal(unknown.headers['x-error-code'], 'SIGN_IN_FAILED');
        assert.equal(wrong.body.replace(person.identifier, ''), unknown.body.replace('0499370899', ''), 'the same page but for the identifier typed');
        const right = await post('/sign-in', { identifier: person.identifier, method: 'password', password: goodPassword });
        assert.equal(right.statusCode, 303);
        assert.equal(right.headers.location, '/account');
        const session = await findCitizenSession(t.db, sessionCookieOf(right)!.split('=')[1]!);
        assert.deepEqual(session?.amr, ['pwd']);
        const noPassword = await insertPerson(t.db);
        const none = await post('/sign-in', { identifier: noPassword.identifier, method: 'password', password: goodPassword });
        assert.equal(none.statusCode, 401);
        assert.deepEqual((await eventsOf(t.db, person.id)).map((e) => `${e.kind}:${e.outcome}:${e.reason}`), ['sign_in:failure:wrong_password', 'sign_in:success:pwd']);
      });

      test('a weaker stored hash is replaced at the next sign-in', async () => {
        const { hash, Algorithm } = await import('@node-rs/argon2');
        const person = await insertPerson(t.db);
        const weak = await hash(goodPassword, { algorithm: Algorithm.Argon2id, memoryCost: 4096, timeCost: 1, parallelism: 1 });
        await t.db.run((q) => q.execute(sql`update accounts set password_hash = ${weak} where id = ${person.id}`));
        assert.equal((await post('/sign-in', { identifier: person.identifier, method: 'password', password: goodPassword })).statusCode, 303);
        const [row] = await t.db.run((q) => rows<{ h: string }>(q, sql`select password_hash as h from accounts where id = ${person.id}`));
        assert.match(row!.h, /m=19456,t=2,p=1/);
      });

      test('lockout: after five failures the password is locked (even the right one), 429 with Retry-After; a code still signs in and lifts it', async () => {
        const person = await insertPerson(t.db, { password: goodPassword });
        for (let i = 1; i <= 4; i++) assert.equal((await post('/sign-in', { identifier: person.identifier, method: 'password', password: `wrong guess number ${i}` })).statusCode, 401, `failure ${i}`);
        const fifth = await post('/sign-in?lang=en', { identifier: person.identifier, method: 'password', password: 'wrong guess number 5' });
        assert.equal(fifth.statusCode, 429);
        assert.equal(fifth.headers['x-error-code'], 'SIGN_IN_LOCKED');
        assert.equal(fifth.headers['retry-after'], '60');
        assert.match(fifth.body, /sign in now with a code sent to your mobile/);
        const right = await post('/sign-in', { identifier: person.identifier, method: 'password', password: goodPassword });
        assert.equal(right.statusCode, 429, 'locked: the right password is not even checked');
        assert.equal(sessionCookieOf(right), undefined);
        const { res } = await codeSignIn(person);
        assert.equal(res.statusCode, 303, 'the code by SMS is never locked out');
        const after = await post('/sign-in', { identifier: person.identifier, method: 'password', password: goodPassword });
        assert.equal(after.statusCode, 303, 'and it lifted the lock');
        const reasons = (await eventsOf(t.db, person.id)).map((e) => e.reason);
        assert.ok(reasons.includes('locked'));
      });
    });

    describe('the second factor (TOTP)', () => {
      test('enrol with a QR code and a code, get ten recovery codes, then sign in at acr mfa; each step and each recovery code works once', async () => {
        const person = await insertPerson(t.db);
        const { cookie } = await codeSignIn(person);
        const csrf = await csrfOf(cookie!);
        const enrol = await post('/account/security/totp?lang=en', { _csrf: csrf }, { cookie: cookie! });
        assert.equal(enrol.statusCode, 200, enrol.body);
        assert.match(enrol.body, /<svg aria-hidden="true"/);
        assert.match(enrol.body, /role="img" aria-label="QR code/);
        const uri = /href="(otpauth:\/\/totp\/[^"]+)"/.exec(enrol.body)![1]!.replaceAll('&amp;', '&');
        const secret = new URL(uri).searchParams.get('secret')!;
        const key = base32Decode(secret)!;
        const now = totpStep(Date.now() / 1000);
        const wrong = await post('/account/security/totp/confirm', { _csrf: csrf, code: hotp(key, now + 5) }, { cookie: cookie! });
        assert.equal(wrong.statusCode, 422);
        assert.equal(wrong.headers['x-error-code'], 'TOTP_CODE_INVALID');
        const confirmed = await post('/account/security/totp/confirm?lang=en', { _csrf: csrf, code: hotp(key, now) }, { cookie: cookie! });
        assert.equal(confirmed.statusCode, 200);
        const recovery = [...confirmed.body.matchAll(/<code>([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})<\/code>/g)].map((m) => m[1]!);
        assert.equal(recovery.length, 10);
        const [stored] = await t.db.run((q) => rows<{ n: number }>(q, sql`select count(*)::int as n from account_recovery_codes where account_id = ${person.id} and code_hash ~ '^[0-9a-f]{64}$'`));
        assert.equal(stored!.n, 10, 'kept as SHA-256 only');
        assert.match((await t.app.inject({ url: '/account/security?lang=en', headers: { cookie: cookie! } })).body, /On\. You have 10 unused recovery code/);

        // Signing in now owes the second factor.
        const first = await codeSignIn(person, '/services');
        assert.equal(first.res.headers.location, '/sign-in/second-factor?next=%2Fservices');
        const pending = first.cookie!;
        const sfPage = await t.app.inject({ url: '/sign-in/second-factor', headers: { cookie: pending } });
        assert.equal(sfPage.statusCode, 200);
        const sfCsrf = inputValue(sfPage.body, '_csrf')!;
        assert.equal((await post('/sign-in/second-factor', { _csrf: 'wrong', code: hotp(key, now + 1) }, { cookie: pending })).statusCode, 403, 'its own token guards the post');
        const used = await post('/sign-in/second-factor', { _csrf: sfCsrf, code: hotp(key, now) }, { cookie: pending });
        assert.equal(used.statusCode, 422, 'the step used to confirm is not accepted again');
        assert.equal(used.headers['x-error-code'], 'SECOND_FACTOR_INVALID');
        const ok = await post('/sign-in/second-factor', { _csrf: sfCsrf, code: hotp(key, now + 1), next: '/services' }, { cookie: pending });
        assert.equal(ok.statusCode, 303);
        assert.equal(ok.headers.location, '/services');
        const session = await findCitizenSession(t.db, pending.split('=')[1]!);
        assert.equal(session?.acr, acrValues.mfa);
        assert.deepEqual(session?.amr, ['sms', 'otp', 'mfa']);

        // Another session: the same step again is refused; a recovery code works, once.
        const second = await codeSignIn(person);
        const csrf2 = inputValue((await t.app.inject({ url: '/sign-in/second-factor', headers: { cookie: second.cookie! } })).body, '_csrf')!;
        assert.equal((await post('/sign-in/second-factor', { _csrf: csrf2, code: hotp(key, now + 1) }, { cookie: second.cookie! })).statusCode, 422);
        assert.equal((await post('/sign-in/second-factor', { _csrf: csrf2, code: recovery[0]!.toUpperCase() }, { cookie: second.cookie! })).statusCode, 303);
        const third = await codeSignIn(person);
        const csrf3 = inputValue((await t.app.inject({ url: '/sign-in/second-factor', headers: { cookie: third.cookie! } })).body, '_csrf')!;
        assert.equal((await post('/sign-in/second-factor', { _csrf: csrf3, code: recovery[0]! }, { cookie: third.cookie! })).statusCode, 422, 'a recovery code works once');

        // Someone else's recovery code does nothing here.
        const other = await insertPerson(t.db);
        assert.equal((await post('/sign-in/second-factor', { _csrf: csrf3, code: recovery[1]! }, { cookie: third.cookie! })).statusCode, 303);
        void other;

        // Turning it off takes a code; a wrong one is refused.
        const csrfMain = await csrfOf(cookie!);
        assert.equal((await post('/account/security/totp/disable', { _csrf: csrfMain, code: '000000' === hotp(key, now - 1) ? '111111' : '000000' }, { cookie: cookie! })).statusCode, 422);
        const off = await post('/account/security/totp/disable', { _csrf: csrfMain, code: recovery[2]! }, { cookie: cookie! });
        assert.equal(off.statusCode, 303);
        const kinds = (await eventsOf(t.db, person.id)).map((e) => `${e.kind}:${e.outcome}`);
        for (const k of ['totp_enabled:success', 'second_factor:success', 'second_factor:failure', 'recovery_code_used:success', 'totp_disabled:success', 'totp_disabled:failure']) assert.ok(kinds.includes(k), k);
        assert.equal((await codeSignIn(person)).res.headers.location, '/account', 'no second factor any more');
      });

      test('wrong second-factor codes count towards the lockout, which ends the pending session', async () => {
        const person = await insertPerson(t.db);
        await t.db.run((q) => q.execute(sql`update accounts set totp_secret = 'JBSWY3DPEHPK3PXP', totp_enabled_at = now() where id = ${person.id}`));
        const { cookie } = await codeSignIn(person);
        const csrf = inputValue((await t.app.inject({ url: '/sign-in/second-factor', headers: { cookie: cookie! } })).body, '_csrf')!;
        const key = base32Decode('JBSWY3DPEHPK3PXP')!;
        const now = totpStep(Date.now() / 1000);
        const valid = new Set([now - 1, now, now + 1].map((s) => hotp(key, s)));
        const wrongCodes = ['000001', '000002', '000003', '000004', '000005', '000006', '000007'].filter((c) => !valid.has(c));
        let last: LightMyRequestResponse | undefined;
        for (const code of wrongCodes.slice(0, 5)) last = await post('/sign-in/second-factor', { _csrf: csrf, code }, { cookie: cookie! });
        assert.equal(last!.statusCode, 429);
        assert.equal(last!.headers['x-error-code'], 'SIGN_IN_LOCKED');
        assert.equal(await findCitizenSession(t.db, cookie!.split('=')[1]!), null, 'the pending session is revoked');
      });
    });

    describe('password: set, change, reset', () => {
      test('set after a fresh code sign-in, with the rules; change needs the current password', async () => {
        const person = await insertPerson(t.db);
        const { cookie } = await codeSignIn(person);
        const csrf = await csrfOf(cookie!);
        const short = await post('/account/security/password?lang=en', { _csrf: csrf, password: 'short one', repeated: 'short one' }, { cookie: cookie! });
        assert.equal(short.statusCode, 422);
        assert.equal(short.headers['x-error-code'], 'PASSWORD_TOO_SHORT');
        assert.match(short.body, /at least 15 characters/);
        const common = await post('/account/security/password', { _csrf: csrf, password: 'passwordpassword', repeated: 'passwordpassword' }, { cookie: cookie! });
        assert.equal(common.headers['x-error-code'], 'PASSWORD_COMMON');
        const context = await post('/account/security/password', { _csrf: csrf, password: `${person.identifier} maryam!`, repeated: `${person.identifier} maryam!` }, { cookie: cookie! });
        assert.equal(context.headers['x-error-code'], 'PASSWORD_CONTEXT');
        const mismatch = await post('/account/security/password', { _csrf: csrf, password: goodPassword, repeated: `${goodPassword}!` }, { cookie: cookie! });
        assert.equal(mismatch.headers['x-error-code'], 'PASSWORD_MISMATCH');
        const forged = await post('/account/security/password', { _csrf: 'nope', password: goodPassword, repeated: goodPassword }, { cookie: cookie! });
        assert.equal(forged.statusCode, 403);
        const set = await post('/account/security/password', { _csrf: csrf, password: goodPassword, repeated: goodPassword }, { cookie: cookie! });
        assert.equal(set.statusCode, 303);
        assert.equal(set.headers.location, '/account/security?done=password_set');
        const wrongCurrent = await post('/account/security/password', { _csrf: csrf, current: 'not it', password: 'a brand new pass phrase', repeated: 'a brand new pass phrase' }, { cookie: cookie! });
        assert.equal(wrongCurrent.headers['x-error-code'], 'PASSWORD_CURRENT_WRONG');
        const changed = await post('/account/security/password', { _csrf: csrf, current: goodPassword, password: 'a brand new pass phrase', repeated: 'a brand new pass phrase' }, { cookie: cookie! });
        assert.equal(changed.headers.location, '/account/security?done=password_changed');
        assert.equal((await post('/sign-in', { identifier: person.identifier, method: 'password', password: 'a brand new pass phrase' })).statusCode, 303);
        const kinds = (await eventsOf(t.db, person.id)).map((e) => `${e.kind}:${e.outcome}`);
        assert.ok(kinds.includes('password_set:success') && kinds.includes('password_changed:success') && kinds.includes('password_changed:failure'));
      });

      test('a session signed in with a password cannot add ways in without the password; an old code sign-in must sign in again', async () => {
        const person = await insertPerson(t.db);
        const { cookie } = await codeSignIn(person);
        await t.db.run((q) => q.execute(sql`update citizen_sessions set auth_time = now() - interval '1 hour' where account_id = ${person.id}`));
        const csrf = await csrfOf(cookie!);
        const stale = await post('/account/security/password', { _csrf: csrf, password: goodPassword, repeated: goodPassword }, { cookie: cookie! });
        assert.equal(stale.statusCode, 403);
        assert.equal(stale.headers['x-error-code'], 'REAUTHENTICATION_REQUIRED');
      });

      test('reset through the verified mobile: the wrong mobile is answered alike and sends nothing; the new password ends every session', async () => {
        const person = await insertPerson(t.db, { password: goodPassword });
        const { cookie } = await codeSignIn(person);
        const before = await messagesTo(t.db, person.mobile);
        const wrongMobile = await post('/sign-in/reset', { identifier: person.identifier, mobile: '09350000000' });
        assert.equal(wrongMobile.statusCode, 303);
        assert.match(String(wrongMobile.headers.location), /^\/sign-in\/reset\/code\?id=/);
        assert.equal(await messagesTo(t.db, person.mobile), before, 'nothing sent');
        const local = `0${person.mobile.slice(3)}`;
        const start = await post('/sign-in/reset', { identifier: person.identifier, mobile: local.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!) });
        assert.equal(start.statusCode, 303);
        const id = codeIdOf(String(start.headers.location));
        const code = await lastCodeSentTo(t.db, person.mobile);
        const weak = await post('/sign-in/reset/code', { id, code: code!, password: 'too short', repeated: 'too short' });
        assert.equal(weak.statusCode, 422);
        assert.equal(weak.headers['x-error-code'], 'PASSWORD_TOO_SHORT');
        const otherId = codeIdOf(String(wrongMobile.headers.location));
        const weakElsewhere = await post('/sign-in/reset/code', { id: otherId, code: code!, password: 'too short', repeated: 'too short' });
        assert.equal(weakElsewhere.headers['x-error-code'], 'PASSWORD_TOO_SHORT', 'judged alike whether or not the mobile matched');
        const personal = `${person.identifier} maryam ahmadi`;
        const contextual = await post('/sign-in/reset/code', { id, code: code!, password: personal, repeated: personal });
        assert.equal(contextual.headers['x-error-code'], 'PASSWORD_CONTEXT', 'the person’s own words, once the code proved right');
        assert.equal((await post('/sign-in/reset/code', { id: otherId, code: code!, password: personal, repeated: personal })).headers['x-error-code'], 'ONE_TIME_CODE_INVALID');
        assert.equal((await post('/sign-in/reset/code', { id: otherId, code: code!, password: 'a fresh pass phrase here', repeated: 'a fresh pass phrase here' })).headers['x-error-code'], 'ONE_TIME_CODE_INVALID');
        const done = await post('/sign-in/reset/code', { id, code: code!, password: 'a fresh pass phrase here', repeated: 'a fresh pass phrase here' });
        assert.equal(done.statusCode, 303, 'a refused password did not use the code up');
        assert.equal(done.headers.location, '/sign-in?reset=1&method=password');
        assert.equal(await findCitizenSession(t.db, cookie!.split('=')[1]!), null, 'signed out everywhere');
        assert.equal((await post('/sign-in', { identifier: person.identifier, method: 'password', password: goodPassword })).statusCode, 401);
        assert.equal((await post('/sign-in', { identifier: person.identifier, method: 'password', password: 'a fresh pass phrase here' })).statusCode, 303);
        assert.ok((await eventsOf(t.db, person.id)).some((e) => e.kind === 'password_reset' && e.outcome === 'success'));
      });
    });

    describe('approval from a device already signed in', () => {
      test('number matching: a wrong pick refuses, the right one signs the new device in (amr user); only the account itself can approve', async () => {
        const person = await insertPerson(t.db);
        const phone = (await codeSignIn(person)).cookie!;
        const phoneCsrf = await csrfOf(phone);
        const stranger = await insertPerson(t.db);
        const strangerCookie = (await codeSignIn(stranger)).cookie!;
        const strangerCsrf = await csrfOf(strangerCookie);

        /** The new device asks; returns its cookie, the number it shows and the link of its QR code. */
        async function ask() {
          const res = await post('/sign-in', { identifier: person.identifier, method: 'device', next: '/services' });
          assert.equal(res.statusCode, 303);
          assert.equal(res.headers.location, '/sign-in/device?next=%2Fservices');
          const cookie = setCookies(res).find((c) => c.startsWith('ow_approval='))!.split(';')[0]!;
          const wait = await t.app.inject({ url: '/sign-in/device?next=%2Fservices&lang=en', headers: { cookie } });
          assert.equal(wait.statusCode, 200);
          assert.equal(wait.headers.refresh, undefined, 'never reloads by itself (WCAG 2.2.1)');
          assert.match(wait.body, /<form method="get" action="\/sign-in\/device"><input type="hidden" name="next" value="\/services"\/><button type="submit">Check again<\/button><\/form>/, 'the person checks again, without script');
          const number = Number(/<strong style="font-size: 3rem">(\d+)<\/strong>/.exec(wait.body)![1]);
          return { cookie, number, token: linkTokenOf(cookie.split('=')[1]!) };
        }
        const idOf = (html: string) => /action="\/account\/approvals\/([0-9a-f-]{36})"/.exec(html)![1]!;

        const first = await ask();
        const list = await t.app.inject({ url: '/account/approvals', headers: { cookie: phone } });
        const id = idOf(list.body);
        const choices = [...list.body.matchAll(/name="number" value="(\d+)"/g)].map((m) => Number(m[1]));
        assert.equal(choices.length, 3);
        assert.ok(choices.includes(first.number));
        // Someone else's session sees nothing of it and cannot decide it.
        assert.doesNotMatch((await t.app.inject({ url: '/account/approvals', headers: { cookie: strangerCookie } })).body, new RegExp(id));
        assert.equal((await t.app.inject({ url: `/approve/${first.token}`, headers: { cookie: strangerCookie } })).statusCode, 410);
        assert.equal((await post(`/account/approvals/${id}`, { _csrf: strangerCsrf, number: String(first.number) }, { cookie: strangerCookie })).statusCode, 410);
        assert.equal((await post(`/account/approvals/${id}`, { number: String(first.number) }, { cookie: phone })).statusCode, 403, 'forged: no token');
        const wrong = choices.find((n) => n !== first.number)!;
        assert.equal((await post(`/account/approvals/${id}`, { _csrf: phoneCsrf, number: String(wrong) }, { cookie: phone })).statusCode, 200);
        const refused = await t.app.inject({ url: '/sign-in/device', headers: { cookie: first.cookie } });
        assert.equal(refused.statusCode, 403);
        assert.equal(refused.headers['x-error-code'], 'SIGN_IN_APPROVAL_DENIED');
        assert.equal(sessionCookieOf(refused), undefined);

        // Again, by the QR code's link this time, with the right number.
        const second = await ask();
        assert.equal((await t.app.inject({ url: `/approve/${second.token}` })).statusCode, 303, 'a stranger is sent to sign in first');
        const opened = await t.app.inject({ url: `/approve/${second.token}`, headers: { cookie: phone } });
        assert.equal(opened.statusCode, 200);
        assert.equal((await post(`/account/approvals/${idOf(opened.body)}`, { _csrf: phoneCsrf, number: String(second.number) }, { cookie: phone })).statusCode, 200);
        const approved = await t.app.inject({ url: '/sign-in/device?next=%2Fservices', headers: { cookie: second.cookie } });
        assert.equal(approved.statusCode, 303);
        assert.equal(approved.headers.location, '/services');
        const session = await findCitizenSession(t.db, sessionCookieOf(approved)!.split('=')[1]!);
        assert.equal(session?.accountId, person.id);
        assert.deepEqual(session?.amr, ['user']);
        assert.equal(session?.acr, acrValues.mobile);
        const again = await t.app.inject({ url: '/sign-in/device', headers: { cookie: second.cookie } });
        assert.equal(again.statusCode, 410, 'used once');
        const kinds = (await eventsOf(t.db, person.id)).map((e) => `${e.kind}:${e.outcome}:${e.reason}`);
        assert.ok(kinds.includes('approval:failure:wrong_number') && kinds.includes('approval:success:null') && kinds.includes('sign_in:success:user'), kinds.join());
      });

      test('an unknown identifier waits like any other, and nothing can approve it', async () => {
        const res = await post('/sign-in', { identifier: '0499370899', method: 'device' });
        assert.equal(res.statusCode, 303);
        assert.equal(res.headers.location, '/sign-in/device');
        const cookie = setCookies(res).find((c) => c.startsWith('ow_approval='))!.split(';')[0]!;
        assert.equal((await t.app.inject({ url: '/sign-in/device', headers: { cookie } })).statusCode, 200);
        assert.equal((await t.app.inject({ url: '/sign-in/device' })).statusCode, 410, 'no request without the cookie');
      });
    });

    describe('sign out', () => {
      test('this browser, or everywhere; a forged sign-out is refused', async () => {
        const person = await insertPerson(t.db);
        const one = (await codeSignIn(person)).cookie!;
        const two = (await codeSignIn(person)).cookie!;
        const three = (await codeSignIn(person)).cookie!;
        const csrf = await csrfOf(one);
        assert.equal((await post('/sign-out', {}, { cookie: one })).statusCode, 403);
        assert.equal((await post('/sign-out', { _csrf: csrf }, { cookie: one, origin: 'https://evil.example' })).statusCode, 403);
        const out = await post('/sign-out', { _csrf: csrf }, { cookie: one });
        assert.equal(out.statusCode, 303);
        assert.equal(out.headers.location, '/sign-in?signedOut=1');
        assert.match(setCookies(out).join(), /ow_session=;/);
        assert.equal(await findCitizenSession(t.db, one.split('=')[1]!), null);
        assert.ok(await findCitizenSession(t.db, two.split('=')[1]!));
        const csrf2 = await csrfOf(two);
        assert.equal((await post('/sign-out', { _csrf: csrf2, everywhere: '1' }, { cookie: two })).statusCode, 303);
        assert.equal(await findCitizenSession(t.db, three.split('=')[1]!), null, 'everywhere');
        assert.deepEqual((await eventsOf(t.db, person.id)).filter((e) => e.kind === 'sign_out').map((e) => e.reason), ['this_browser', 'everywhere']);
      });
    });
  });

  describe(`sign-in throttle per address (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(engine, { SIGN_IN_BURST: '3', SIGN_IN_PER_MINUTE: '1' });
    });
    after(() => t.close());

    test('an address past its burst gets 429 with Retry-After; another address is not affected', async () => {
      const attempt = (remoteAddress: string) =>
        t.app.inject({ method: 'POST', url: '/sign-in?lang=en', remoteAddress, headers: formHeaders, payload: form({ identifier: '0499370899', method: 'password', password: 'a guess of a password' }) });
      for (let i = 0; i < 3; i++) assert.equal((await attempt('203.0.113.7')).statusCode, 401);
      const refused = await attempt('203.0.113.7');
      assert.equal(refused.statusCode, 429);
      assert.equal(refused.headers['x-error-code'], 'SIGN_IN_THROTTLED');
      assert.ok(Number(refused.headers['retry-after']) >= 1);
      assert.match(refused.body, /Too many attempts/);
      assert.equal((await attempt('198.51.100.1')).statusCode, 401);
    });
  });
}

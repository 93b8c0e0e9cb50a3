import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { rows, type Database } from '../../src/db/database.ts';
import { isoToSolarHijri } from '../../src/core/solar-hijri.ts';
import { createStaff, issueToken } from '../../src/identity/index.ts';
import { REGISTRATION_PURPOSE } from '../../src/identity/registries/index.ts';
import { DEMO_NATIONAL_CODE } from '../../demo/exchange/registrations.ts';
import { withNationalCodeCheckDigit } from '../../demo/agencies/shared/national-code.ts';
import { findForeignNational } from '../../demo/agencies/shared/foreign-nationals.ts';
import { mobilesOwnedBy } from '../../demo/agencies/mobile-registry/data.ts';
import { testEngines } from '../support/database.ts';
import { CookieJar, formTokenOf, livingPeople, openRegistrationWorld, referencePerson, type RegistrationWorld } from './registration-support.ts';

const form = (o: Record<string, string>) => new URLSearchParams(o).toString();

interface Browser {
  jar: CookieJar;
  token: string;
}

async function openForm(app: FastifyInstance, path = '/register', lang = 'fa'): Promise<Browser> {
  const jar = new CookieJar();
  const res = await app.inject({ method: 'GET', url: `${path}?lang=${lang}` });
  assert.equal(res.statusCode, 200);
  jar.take(res.headers['set-cookie']);
  return { jar, token: formTokenOf(res.body) };
}

async function post(app: FastifyInstance, b: Browser, url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: b.jar.header, ...headers }, payload: form({ _csrf: b.token, ...fields }) });
  b.jar.take(res.headers['set-cookie']);
  return res;
}

/** The Persian-calendar fields of a Gregorian birth date, in Persian digits as people type them. */
function persianFields(iso: string) {
  const d = isoToSolarHijri(iso);
  const fa = (n: number) => n.toLocaleString('fa-IR', { useGrouping: false });
  return { day: fa(d.day), month: String(d.month), year: fa(d.year) };
}

async function counts(db: Database) {
  const [r] = await db.run((q) =>
    rows<{ accounts: number; registrations: number; codes: number; messages: number; sessions: number }>(
      q,
      sql`select (select count(*)::int from accounts) as accounts, (select count(*)::int from account_registrations) as registrations,
        (select count(*)::int from one_time_codes) as codes, (select count(*)::int from message_outbox) as messages, (select count(*)::int from citizen_sessions) as sessions`,
    ),
  );
  return r!;
}

/** The code the log sender "sent" to this mobile, read from the demo page as a person would. */
async function codeSentTo(app: FastifyInstance, mobileTail: string, after = 0): Promise<string> {
  for (;;) {
    const res = await app.inject({ method: 'GET', url: '/demo/messages?lang=en' });
    assert.equal(res.statusCode, 200);
    const found = [...res.body.matchAll(/•+(\d{4})<\/td><td dir="auto" class="demo-message">(\d{6}) /g)].filter((m) => m[1] === mobileTail);
    if (found.length > after) return found[0]![2]!;
    await new Promise((r) => setTimeout(r, 20));
  }
}

for (const engine of testEngines()) {
  describe(`registration through the exchange (${engine})`, () => {
    let world: RegistrationWorld;
    let app: FastifyInstance;
    const person = referencePerson(DEMO_NATIONAL_CODE);
    const [first, second, third] = livingPeople(3, DEMO_NATIONAL_CODE);
    const national = (p = person) => `0${p.mobile.slice(1)}`;

    before(async () => {
      world = await openRegistrationWorld(engine);
      app = world.app;
    });
    after(async () => world?.close());

    test('refused callers first: /account needs a signed-in person; staff tokens are refused', async () => {
      const anonymous = await app.inject({ method: 'GET', url: '/account', headers: { accept: 'text/html' } });
      assert.equal(anonymous.statusCode, 303);
      assert.match(anonymous.headers.location!, /^\/sign-in\?next=%2Faccount/);
      const operator = await createStaff(world.db, { name: 'operator', role: 'operator', agencyCode: null });
      const { token } = await issueToken(world.db, operator.id);
      const staff = await app.inject({ method: 'GET', url: '/account', headers: { authorization: `Bearer ${token}`, accept: 'text/html' } });
      assert.equal(staff.statusCode, 403);
    });

    test('a person signs up in Persian: names come from the civil registry, both checks are in the exchange log', async () => {
      assert.ok(person.alive);
      const b = await openForm(app);
      assert.match(b.jar.header, /ow_register=/);
      const started = await post(app, b, '/register', { identifier: '۱۲۳۴-۵۶۷۲۱۰'.replace(/-/g, ' '), ...persianFields(person.birthDate), mobile: `+98${person.mobile.slice(1)}` });
      assert.equal(started.statusCode, 303, started.body.slice(0, 400));
      const location = new URL(started.headers.location!, 'http://x');
      assert.equal(location.pathname, '/register/verify');
      const r = location.searchParams.get('r')!;
      const c = location.searchParams.get('c')!;
      const verify = await app.inject({ method: 'GET', url: started.headers.location!, headers: { cookie: b.jar.header } });
      assert.equal(verify.statusCode, 200);
      assert.match(verify.body, /\/demo\/messages/);

      const code = await codeSentTo(app, person.mobile.slice(-4));
      const done = await post(app, b, '/register/verify', { r, c, code: code.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!) });
      assert.equal(done.statusCode, 303, done.body.slice(0, 400));
      assert.equal(done.headers.location, '/account');
      assert.match(b.jar.header, /ow_session=/);

      const account = await app.inject({ method: 'GET', url: '/account?lang=en', headers: { cookie: b.jar.header } });
      assert.equal(account.statusCode, 200);
      assert.ok(account.body.includes(`${person.firstName.en} ${person.lastName.en}`));
      assert.ok(account.body.includes(`${person.firstName.fa} ${person.lastName.fa}`));
      assert.ok(account.body.includes('••••••7210'));
      assert.ok(!account.body.includes(DEMO_NATIONAL_CODE));

      const [row] = await world.db.run((q) =>
        rows<{ given_name_fa: string; family_name_en: string; birth_date: string; mobile: string; assurance: number; verified: boolean }>(
          q,
          sql`select given_name_fa, family_name_en, birth_date::text, mobile, assurance, mobile_verified_at is not null as verified from accounts where identifier = ${DEMO_NATIONAL_CODE}`,
        ),
      );
      assert.deepEqual(row, { given_name_fa: person.firstName.fa, family_name_en: person.lastName.en, birth_date: person.birthDate, mobile: `+98${person.mobile.slice(1)}`, assurance: 2, verified: true });
      const c2 = await counts(world.db);
      assert.equal(c2.registrations, 0);
      const [event] = await world.db.run((q) => rows<{ kind: string; outcome: string }>(q, sql`select kind, outcome from account_events where account_id is not null`));
      assert.deepEqual(event, { kind: 'registered', outcome: 'success' });
      const [session] = await world.db.run((q) => rows<{ amr: string[]; acr: string }>(q, sql`select amr, acr from citizen_sessions`));
      assert.deepEqual(session!.amr, ['sms', 'otp']);
      assert.equal(session!.acr, 'urn:onewindow:acr:mobile');

      const log = await world.db.run((q) =>
        rows<{ service: string; consumer: string; purpose: string; data_subject: string; status: number }>(
          q,
          sql`select service, consumer, purpose, data_subject, status from exchange_log where consumer = 'IR/GOV/ITO/one-window' and status <> 0 order by seq`,
        ),
      );
      assert.deepEqual(log, [
        { service: 'IR/GOV/NOCR/civil-registry/person-inquiry', consumer: 'IR/GOV/ITO/one-window', purpose: REGISTRATION_PURPOSE, data_subject: DEMO_NATIONAL_CODE, status: 200 },
        { service: 'IR/GOV/CRA/mobile-registry/mobile-ownership', consumer: 'IR/GOV/ITO/one-window', purpose: REGISTRATION_PURPOSE, data_subject: DEMO_NATIONAL_CODE, status: 200 },
      ]);
    });

    test('an identifier that has an account is told so, with a way to sign in, and nothing is written', async () => {
      const before = await counts(world.db);
      const b = await openForm(app);
      const res = await post(app, b, '/register', { identifier: DEMO_NATIONAL_CODE, ...persianFields(person.birthDate), mobile: national() });
      assert.equal(res.statusCode, 409);
      assert.equal(res.headers['x-error-code'], 'REGISTRATION_ACCOUNT_EXISTS');
      assert.match(res.body, /href="\/sign-in"/);
      assert.deepEqual(await counts(world.db), before);
    });

    test('bad input: a clear message and a stable code, never a 500, and nothing written', async () => {
      const other = first!;
      const good = { identifier: other.nationalCode, ...persianFields(other.birthDate), mobile: `0${other.mobile.slice(1)}` };
      const otherDay = persianFields(new Date(Date.parse(`${other.birthDate}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10));
      const notOwned = mobilesOwnedBy(DEMO_NATIONAL_CODE).find((m) => !mobilesOwnedBy(good.identifier).includes(m))!;
      const cases: [string, Record<string, string>, number, string][] = [
        ['check digit', { identifier: `${good.identifier.slice(0, 9)}${(Number(good.identifier[9]) + 1) % 10}` }, 422, 'REGISTRATION_IDENTIFIER_INVALID'],
        ['length', { identifier: '123456789' }, 422, 'REGISTRATION_IDENTIFIER_INVALID'],
        ['all the same digit', { identifier: '1111111111' }, 422, 'REGISTRATION_IDENTIFIER_INVALID'],
        ['over-long', { identifier: '1'.repeat(500), mobile: '0'.repeat(500) }, 422, 'REGISTRATION_IDENTIFIER_INVALID, REGISTRATION_MOBILE_INVALID'],
        ['a day that does not exist', { day: '31', month: '12' }, 422, 'REGISTRATION_BIRTH_DATE_INVALID'],
        ['a birth date in the future', { year: '1500' }, 422, 'REGISTRATION_BIRTH_DATE_INVALID'],
        ['letters for a date', { day: 'x' }, 422, 'REGISTRATION_BIRTH_DATE_INVALID'],
        ['a mobile that is not Iranian', { mobile: '+44 7700 900123' }, 422, 'REGISTRATION_MOBILE_INVALID'],
        ['another birth date', otherDay, 422, 'REGISTRATION_NOT_MATCHED'],
        ['a person the registry does not know', { identifier: withNationalCodeCheckDigit('000123456') }, 422, 'REGISTRATION_NOT_MATCHED'],
        ["someone else's mobile", { mobile: notOwned }, 422, 'REGISTRATION_MOBILE_NOT_OWNED'],
      ];
      const before = await counts(world.db);
      for (const [name, change, status, code] of cases) {
        const b = await openForm(app);
        const res = await post(app, b, '/register', { ...good, ...change });
        assert.equal(res.statusCode, status, `${name}: ${res.statusCode}`);
        assert.equal(res.headers['x-error-code'], code, name);
        assert.match(res.body, /class="error-summary"/, name);
        assert.ok(res.body.includes(code.split(',')[0]!), `${name}: the page shows the code`);
      }
      // Over the form's own bounds: refused by the schema, still a page, still no 500.
      const b = await openForm(app);
      const huge = await post(app, b, '/register', { ...good, identifier: '9'.repeat(9000) });
      assert.equal(huge.statusCode, 400);
      assert.deepEqual(await counts(world.db), before);
    });

    test('forged posts are refused: no cookie, a wrong token, another origin', async () => {
      const before = await counts(world.db);
      const fields = { identifier: DEMO_NATIONAL_CODE, ...persianFields(person.birthDate), mobile: national() };
      const b = await openForm(app);
      const noCookie = await post(app, { jar: new CookieJar(), token: b.token }, '/register', fields);
      assert.equal(noCookie.statusCode, 403);
      assert.equal(noCookie.headers['x-error-code'], 'REGISTRATION_FORM_FORGED');
      const wrong = await post(app, { jar: b.jar, token: 'x'.repeat(43) }, '/register', fields);
      assert.equal(wrong.statusCode, 403);
      const cross = await post(app, b, '/register', fields, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
      assert.equal(cross.statusCode, 403);
      const verify = await post(app, { jar: new CookieJar(), token: '' }, '/register/verify', { r: '00000000-0000-4000-8000-000000000000', c: '00000000-0000-4000-8000-000000000000', code: '123456' });
      assert.equal(verify.statusCode, 403);
      assert.deepEqual(await counts(world.db), before);
    });

    test('wrong and worn-out codes: counted, refused, and no account until the right one', async () => {
      const subject = second!;
      const b = await openForm(app, '/register', 'en');
      const [y, m, d] = subject.birthDate.split('-');
      const started = await post(app, b, '/register?lang=en', { identifier: subject.nationalCode, day: d!, month: String(Number(m)), year: y!, mobile: `0098${subject.mobile.slice(1)}` });
      assert.equal(started.statusCode, 303, started.headers['x-error-code'] as string);
      const location = new URL(started.headers.location!, 'http://x');
      const r = location.searchParams.get('r')!;
      const c = location.searchParams.get('c')!;
      const right = await codeSentTo(app, subject.mobile.slice(-4));
      const wrongCode = right === '000000' ? '000001' : '000000';
      const wrong = await post(app, b, '/register/verify', { r, c, code: wrongCode });
      assert.equal(wrong.statusCode, 422);
      assert.equal(wrong.headers['x-error-code'], 'ONE_TIME_CODE_INVALID');
      const nonsense = await post(app, b, '/register/verify', { r, c, code: 'x'.repeat(5000) });
      assert.equal(nonsense.headers['x-error-code'], 'ONE_TIME_CODE_INVALID');
      for (let i = 0; i < 2; i++) await post(app, b, '/register/verify', { r, c, code: wrongCode });
      const last = await post(app, b, '/register/verify', { r, c, code: wrongCode });
      assert.equal(last.headers['x-error-code'], 'ONE_TIME_CODE_EXPIRED');
      const late = await post(app, b, '/register/verify', { r, c, code: right });
      assert.equal(late.headers['x-error-code'], 'ONE_TIME_CODE_EXPIRED');
      const [none] = await world.db.run((q) => rows<{ n: number }>(q, sql`select count(*)::int as n from accounts where identifier = ${subject.nationalCode}`));
      assert.equal(none!.n, 0);

      // A new code works.
      const resent = await post(app, b, '/register/verify/resend', { r });
      assert.equal(resent.statusCode, 303);
      const c2 = new URL(resent.headers.location!, 'http://x').searchParams.get('c')!;
      const fresh = await codeSentTo(app, subject.mobile.slice(-4), 1);
      const done = await post(app, b, '/register/verify?next=%2Fservices', { r, c: c2, code: fresh });
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, '/services');
      // The registration is gone: the same link cannot make a second account.
      const again = await post(app, b, '/register/verify', { r, c: c2, code: fresh });
      assert.equal(again.statusCode, 410);
      assert.equal(again.headers['x-error-code'], 'REGISTRATION_EXPIRED');
    });

    test('an expired registration is refused and leaves no account', async () => {
      const subject = third!;
      const b = await openForm(app);
      const started = await post(app, b, '/register', { identifier: subject.nationalCode, ...persianFields(subject.birthDate), mobile: `98${subject.mobile.slice(1)}` });
      assert.equal(started.statusCode, 303, started.headers['x-error-code'] as string);
      const location = new URL(started.headers.location!, 'http://x');
      const r = location.searchParams.get('r')!;
      const code = await codeSentTo(app, subject.mobile.slice(-4));
      await world.db.run((q) => q.execute(sql`update account_registrations set created_at = now() - interval '1 hour', expires_at = now() - interval '1 second' where id = ${r}`));
      const res = await post(app, b, '/register/verify', { r, c: location.searchParams.get('c')!, code });
      assert.equal(res.statusCode, 410);
      assert.equal(res.headers['x-error-code'], 'REGISTRATION_EXPIRED');
      const [none] = await world.db.run((q) => rows<{ n: number }>(q, sql`select count(*)::int as n from accounts where identifier = ${subject.nationalCode}`));
      assert.equal(none!.n, 0);
    });

    test('a foreign national registers on their own path with their FIDA identifier', async () => {
      const id = '412345678901';
      const foreigner = findForeignNational(id)!;
      assert.ok(foreigner.alive);
      const mobile = mobilesOwnedBy(id)[0]!;
      const b = await openForm(app, '/register/foreign', 'en');
      assert.match((await app.inject({ method: 'GET', url: '/register/foreign' })).body, /فیدا/);
      const [y, m, d] = foreigner.birthDate.split('-');
      const bad = await post(app, b, '/register/foreign?lang=en', { identifier: '012345678901', day: d!, month: String(Number(m)), year: y!, mobile });
      assert.equal(bad.headers['x-error-code'], 'REGISTRATION_IDENTIFIER_INVALID');
      const started = await post(app, b, '/register/foreign?lang=en', { identifier: id, day: d!, month: String(Number(m)), year: y!, mobile });
      assert.equal(started.statusCode, 303, started.headers['x-error-code'] as string);
      const location = new URL(started.headers.location!, 'http://x');
      const code = await codeSentTo(app, mobile.slice(-4));
      const done = await post(app, b, '/register/verify', { r: location.searchParams.get('r')!, c: location.searchParams.get('c')!, code });
      assert.equal(done.statusCode, 303);
      const [row] = await world.db.run((q) => rows<{ identifier_type: string; given_name_en: string }>(q, sql`select identifier_type, given_name_en from accounts where identifier = ${id}`));
      assert.deepEqual(row, { identifier_type: 'foreign_national', given_name_en: foreigner.firstName.en });
      const [logged] = await world.db.run((q) => rows<{ n: number }>(q, sql`select count(*)::int as n from exchange_log where consumer = 'IR/GOV/ITO/one-window' and path like '/foreign-nationals/%' and status = 200 and purpose = ${REGISTRATION_PURPOSE}`));
      assert.equal(logged!.n, 1);
    });
  });
}

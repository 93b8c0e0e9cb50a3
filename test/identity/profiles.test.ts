/**
 * Profiles and mandates end to end: the app, the real gateway and the reference registries
 * (civil registry guardianship, business registry representation), on both engines. The app's
 * clock is pinned and moved to make mandates end and wards come of age; the business registry
 * is swapped for one that no longer confirms, through the exchange's own configuration.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows } from '../../src/db/database.ts';
import { countryPacks } from '../../src/core/country-packs/index.ts';
import { formatServiceId } from '../../src/core/service-id.ts';
import { createCitizenSession, insertAccount, type AccountRow } from '../../src/identity/index.ts';
import { personRecord } from '../../demo/agencies/civil-registry/data.ts';
import { withNationalCodeCheckDigit } from '../../demo/agencies/shared/national-code.ts';
import { withLegalIdCheckDigit } from '../../demo/agencies/shared/legal-id.ts';
import { pointDemoServicesAt } from '../../demo/exchange/load.ts';
import { businessRegistry } from '../../demo/agencies/business-registry/agency.ts';
import { testEngines } from '../support/database.ts';
import { livingPeople, openRegistrationWorld, type RegistrationWorld } from './registration-support.ts';

const GUARDIAN = '1234567202'; // a father with two minor sons; founder of 91234567206
const DEMO_PERSON = '1234567210'; // founder of 91234567210
const HIS_COMPANY = '91234567206';
const SON = '1234567229'; // 18 on 2029-10-30

interface Person {
  account: AccountRow;
  cookie: string;
  csrf: string;
}

for (const engine of testEngines()) {
  describe(`profiles and mandates (${engine})`, () => {
    let w: RegistrationWorld;
    let clock = new Date();
    let guardian: Person;
    let demo: Person;
    let other: Person;
    let stranger: Person;
    let serviceId: string;

    async function person(nationalCode: string): Promise<Person> {
      const p = personRecord(nationalCode)!;
      const account = await w.db.transaction((tx) =>
        insertAccount(tx, {
          id: randomUUID(),
          identifierType: 'national_code',
          identifier: nationalCode,
          givenNameFa: p.firstName.fa,
          familyNameFa: p.lastName.fa,
          givenNameEn: p.firstName.en,
          familyNameEn: p.lastName.en,
          birthDate: p.birthDate,
          mobile: `+98912${nationalCode.slice(3)}`,
          assurance: 2,
          mobileVerified: true,
        }),
      );
      const s = await w.db.transaction((tx) => createCitizenSession(tx, { accountId: account.id, accountAssurance: 2, amr: ['sms', 'otp'], secondFactorPending: false }));
      return { account, cookie: `ow_session=${s.secret}`, csrf: s.csrfToken };
    }

    const api = (p: Person | null, method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}) =>
      w.app.inject({
        method,
        url,
        headers: { ...(p ? { cookie: p.cookie } : {}), ...(p ? { 'x-csrf-token': p.csrf } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
    const page = (p: Person, url: string) => w.app.inject({ url, headers: { cookie: p.cookie } });
    const form = (p: Person, url: string, fields: Record<string, string | string[]>, csrf = p.csrf) => {
      const body = new URLSearchParams();
      body.append('_csrf', csrf);
      for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
      return w.app.inject({ method: 'POST', url, headers: { cookie: p.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
    };
    const count = async (table: string) => (await w.db.run((q) => rows<{ n: number }>(q, sql`select count(*)::int as n from ${sql.raw(table)}`)))[0]!.n;
    const events = async (accountId: string) => (await w.db.run((q) => rows<{ kind: string }>(q, sql`select kind from account_events where account_id = ${accountId} order by id`))).map((e) => e.kind);
    const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tehran' }).format(clock);
    const plusDays = (n: number) => new Date(Date.parse(`${today()}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const profilesOf = async (p: Person) => {
      const res = await api(p, 'GET', '/api/v1/me/profiles');
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as { active: { profileId: string | null; kind: string; subject: { identifier: string } }; profiles: { profileId: string | null; kind: string; subject: { identifier: string }; usable: boolean; services: string[] | null }[]; suggestions: { legalId: string }[] };
    };

    before(async () => {
      w = await openRegistrationWorld(engine, { PROFILE_CONFIRMATION_SECONDS: '0', MANDATE_MAX_DAYS: '30' }, { now: () => clock });
      guardian = await person(GUARDIAN);
      demo = await person(DEMO_PERSON);
      const [a, b] = livingPeople(2, GUARDIAN);
      other = await person(a!.nationalCode);
      stranger = await person(b!.nationalCode);
      const [s] = await w.db.run((q) => rows<{ id: string }>(q, sql`select id from services where status = 'active' order by id limit 1`));
      serviceId = s!.id;
    });
    after(() => w.close());

    describe('refused callers', () => {
      test('without a session: the API answers 401 and the pages send to sign-in', async () => {
        for (const [method, url] of [
          ['GET', '/api/v1/me/profiles'],
          ['POST', '/api/v1/me/profiles/active'],
          ['POST', '/api/v1/me/profiles/legal-entities'],
          ['GET', '/api/v1/me/mandates'],
          ['POST', '/api/v1/me/mandates'],
          ['POST', `/api/v1/me/mandates/${randomUUID()}/revoke`],
        ] as const) {
          const res = await api(null, method, url, method === 'POST' ? {} : undefined);
          assert.equal(res.statusCode, 401, `${method} ${url}`);
        }
        for (const url of ['/account/profiles', '/account/mandates']) {
          const res = await w.app.inject({ url });
          assert.equal(res.statusCode, 303, url);
          assert.match(String(res.headers.location), /^\/sign-in\?next=/);
        }
      });

      test('staff with a bearer token are not people: 403', async () => {
        const { createStaff, issueToken } = await import('../../src/identity/index.ts');
        const staff = await createStaff(w.db, { name: 'operator', role: 'operator', agencyCode: null });
        const { token } = await issueToken(w.db, staff.id);
        assert.equal((await w.app.inject({ url: '/api/v1/me/profiles', headers: { authorization: `Bearer ${token}` } })).statusCode, 403);
        assert.equal((await w.app.inject({ url: '/account/mandates', headers: { authorization: `Bearer ${token}` } })).statusCode, 403);
      });

      test('the API needs the session token in X-CSRF-Token, from this site: without it the cookie is nobody and nothing is written', async () => {
        const before = await count('mandates');
        const body = { grantee: other.account.identifier, services: [serviceId], startsOn: today(), endsOn: plusDays(3) };
        for (const headers of [{ 'x-csrf-token': '' }, { 'x-csrf-token': stranger.csrf }, { origin: 'https://evil.example' }] as Record<string, string>[]) {
          const res = await api(demo, 'POST', '/api/v1/me/mandates', body, headers);
          assert.equal(res.statusCode, 401, JSON.stringify(headers));
          assert.equal(res.json().code, 'UNAUTHENTICATED');
        }
        for (const [url, payload] of [
          ['/api/v1/me/mandates', '{"grantee":"a\\u0000b","services":[],"startsOn":"","endsOn":""}'],
          ['/api/v1/me/profiles/legal-entities', '{"legalId":"a\\ud800b"}'],
        ] as const) {
          const hostile = await w.app.inject({ method: 'POST', url, headers: { cookie: demo.cookie, 'x-csrf-token': demo.csrf, 'content-type': 'application/json' }, payload });
          assert.equal(hostile.statusCode, 400, hostile.body);
          assert.equal(hostile.json().errors[0].code, 'INVALID_CHARACTER');
        }
        const forged = await form(demo, '/account/mandates', { grantee: other.account.identifier, services: serviceId }, 'wrong');
        assert.equal(forged.statusCode, 403);
        assert.equal(await count('mandates'), before);
      });
    });

    describe('legal entities', () => {
      test('the business registry lists a founder’s company; a wrong check digit or an entity not represented is refused, nothing written', async () => {
        const list = await profilesOf(guardian);
        assert.deepEqual(list.suggestions.map((c) => c.legalId), [HIS_COMPANY]);
        assert.equal(list.active.kind, 'self');
        const wrong = await api(guardian, 'POST', '/api/v1/me/profiles/legal-entities', { legalId: '10380284791' });
        assert.equal(wrong.statusCode, 422);
        assert.equal(wrong.json().code, 'LEGAL_ID_INVALID');
        const notHis = await api(guardian, 'POST', '/api/v1/me/profiles/legal-entities', { legalId: '10380284790' });
        assert.equal(notHis.statusCode, 422);
        assert.equal(notHis.json().code, 'LEGAL_ENTITY_NOT_REPRESENTED');
        const unknown = await api(guardian, 'POST', '/api/v1/me/profiles/legal-entities', { legalId: withLegalIdCheckDigit('0001234567') });
        assert.equal(unknown.json().code, 'LEGAL_ENTITY_NOT_REPRESENTED');
        assert.equal(await count('profile_legal_entities'), 0);
        const page = await form(guardian, '/account/profiles/legal-entities', { legalId: '۱۰۳۸۰۲۸۴۷۹۱' });
        assert.equal(page.statusCode, 422);
        assert.equal(page.headers['x-error-code'], 'LEGAL_ID_INVALID');
        assert.match(page.body, /LEGAL_ID_INVALID/);
      });

      test('added (Persian digits accepted), switched to, shown in the header line; a second person can neither see nor switch to it', async () => {
        const added = await api(guardian, 'POST', '/api/v1/me/profiles/legal-entities', { legalId: '۹۱۲۳۴۵۶۷۲۰۶' });
        assert.equal(added.statusCode, 201, added.body);
        const entity = added.json() as { profileId: string; kind: string; role: { code: string } };
        assert.equal(entity.kind, 'legal_entity');
        assert.equal(entity.role.code, 'managing-director');
        const again = await api(guardian, 'POST', '/api/v1/me/profiles/legal-entities', { legalId: HIS_COMPANY });
        assert.equal(again.json().profileId, entity.profileId, 'adding twice keeps one profile');

        const forged = await api(demo, 'POST', '/api/v1/me/profiles/active', { profileId: entity.profileId });
        assert.equal(forged.statusCode, 403);
        assert.equal(forged.json().code, 'PROFILE_NOT_AVAILABLE');
        assert.equal((await profilesOf(demo)).profiles.some((p) => p.profileId === entity.profileId), false);
        const forgedPage = await form(demo, '/account/profiles/active', { profile: entity.profileId });
        assert.equal(forgedPage.statusCode, 403);
        assert.equal(forgedPage.headers['x-error-code'], 'PROFILE_NOT_AVAILABLE');
        assert.equal((await profilesOf(demo)).active.kind, 'self');
        assert.equal((await api(demo, 'POST', '/api/v1/me/profiles/active', { profileId: 'not-a-uuid' })).json().code, 'PROFILE_NOT_AVAILABLE');

        const switched = await form(guardian, '/account/profiles/active', { profile: entity.profileId });
        assert.equal(switched.statusCode, 303, switched.body);
        const list = await profilesOf(guardian);
        assert.equal(list.active.profileId, entity.profileId);
        assert.equal(list.active.subject.identifier, HIS_COMPANY);
        const shown = await page(guardian, '/account/mandates');
        assert.match(shown.body, /class="hint acting-for"[^<]*اقدام از طرف شرکت/);
        assert.match((await page(guardian, '/account?lang=en')).body, /class="hint acting-for">Acting for Negin Pharmaceuticals/);
        assert.deepEqual((await events(guardian.account.id)).filter((k) => k !== 'sign_in'), ['legal_entity_added', 'profile_switched']);
        // Back to himself, through the API.
        const back = await api(guardian, 'POST', '/api/v1/me/profiles/active', { profileId: null });
        assert.equal(back.json().active.kind, 'self');
      });

      test('one person may not ask the registries about many identifiers: ten look-ups in a row, then 429', async () => {
        const codes: string[] = [];
        for (let i = 0; i < 11; i++) codes.push((await api(stranger, 'POST', '/api/v1/me/profiles/legal-entities', { legalId: '10380284790' })).json().code);
        assert.deepEqual(codes, [...Array(10).fill('LEGAL_ENTITY_NOT_REPRESENTED'), 'RATE_LIMITED']);
        const before = await count('mandates');
        const day = today();
        const refused = await w.app.inject({
          method: 'POST',
          url: '/account/mandates?lang=en',
          headers: { cookie: `${stranger.cookie}; ow_lang=en`, 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ _csrf: stranger.csrf, grantee: GUARDIAN, serviceIds: serviceId, startsDay: String(Number(day.slice(8))), startsMonth: String(Number(day.slice(5, 7))), startsYear: day.slice(0, 4), endsDay: String(Number(day.slice(8))), endsMonth: String(Number(day.slice(5, 7))), endsYear: day.slice(0, 4) }).toString(),
        });
        assert.equal(refused.statusCode, 429, refused.body.slice(0, 1500));
        assert.equal(refused.headers['x-error-code'], 'RATE_LIMITED');
        assert.match(refused.body, /looked up many people/);
        assert.equal(await count('mandates'), before);
      });

      test('a representation the business registry no longer confirms gives nothing at once', async () => {
        const { profiles } = await profilesOf(guardian);
        const entity = profiles.find((p) => p.kind === 'legal_entity')!;
        assert.equal((await api(guardian, 'POST', '/api/v1/me/profiles/active', { profileId: entity.profileId })).statusCode, 200);
        // The business registry now answers "no" for everyone: the exchange points at a stand-in.
        const standIn: Server = createServer((req, res) => {
          const companies = /^\/persons\/\d+\/companies/.test(req.url ?? '');
          res.setHeader('content-type', 'application/json');
          res.end(
            JSON.stringify(
              companies
                ? { nationalCode: GUARDIAN, companies: [] }
                : { legalId: HIS_COMPANY, nationalCode: GUARDIAN, represents: false, role: null, signatory: false, company: { name: { fa: 'ش', en: 'C' }, status: { code: 'active', fa: 'فعال', en: 'active' } } },
            ),
          );
        });
        await new Promise<void>((r) => standIn.listen(0, '127.0.0.1', r));
        const openapi = businessRegistry().openapi as unknown as Record<string, unknown>;
        const [real] = await w.db.run((q) => rows<{ url: string }>(q, sql`select upstream_url as url from exchange_services where code = 'company-inquiry'`));
        try {
          await pointDemoServicesAt(w.db, [{ code: 'business-registry', url: `http://127.0.0.1:${(standIn.address() as AddressInfo).port}`, openapi }]);
          await new Promise((r) => setTimeout(r, 2500)); // the gateway re-reads its configuration each second
          const list = await profilesOf(guardian);
          assert.equal(list.active.kind, 'self', 'the session is back to the person');
          assert.equal(list.profiles.some((p) => p.kind === 'legal_entity'), false, 'the entity is gone');
          const again = await api(guardian, 'POST', '/api/v1/me/profiles/active', { profileId: entity.profileId });
          assert.equal(again.json().code, 'PROFILE_NOT_AVAILABLE');
        } finally {
          await pointDemoServicesAt(w.db, [{ code: 'business-registry', url: real!.url, openapi }]);
          await new Promise<void>((r) => standIn.close(() => r()));
          await new Promise((r) => setTimeout(r, 2500));
        }
      });
    });

    describe('mandates', () => {
      test('every bad input is refused with its code and nothing is written', async () => {
        const good = { grantee: other.account.identifier, services: [serviceId], startsOn: today(), endsOn: plusDays(3) };
        const unknownService = formatServiceId(countryPacks.ir, 99_999_998);
        const cases: [Record<string, unknown>, string][] = [
          [{ grantee: demo.account.identifier }, 'MANDATE_TO_SELF'],
          [{ grantee: '1234567211' }, 'MANDATE_GRANTEE_INVALID'],
          [{ grantee: withNationalCodeCheckDigit('000123456') }, 'MANDATE_GRANTEE_UNKNOWN'],
          [{ startsOn: plusDays(-1) }, 'MANDATE_DATES_INVALID'],
          [{ startsOn: plusDays(2), endsOn: plusDays(1) }, 'MANDATE_DATES_INVALID'],
          [{ endsOn: '2026-02-30' }, 'MANDATE_DATES_INVALID'],
          [{ endsOn: plusDays(30) }, 'MANDATE_TOO_LONG'],
          [{ services: [] }, 'MANDATE_SERVICES_REQUIRED'],
          [{ services: ['IR-12'] }, 'MANDATE_SERVICE_NOT_FOUND'],
          [{ services: [unknownService] }, 'MANDATE_SERVICE_NOT_FOUND'],
        ];
        for (const [change, code] of cases) {
          const res = await api(demo, 'POST', '/api/v1/me/mandates', { ...good, ...change });
          assert.equal(res.statusCode, 422, `${code}: ${res.body}`);
          assert.equal(res.json().code, code, JSON.stringify(change));
        }
        const malformed = await api(demo, 'POST', '/api/v1/me/mandates', { ...good, extra: 1 });
        assert.equal(malformed.statusCode, 400);
        assert.equal(await count('mandates'), 0);
        assert.deepEqual((await events(demo.account.id)).filter((k) => k.startsWith('mandate')), []);
        // The page says the same, in Persian, with the code.
        const shown = await form(demo, '/account/mandates', { grantee: demo.account.identifier, services: serviceId, startsDay: '1', startsMonth: '1', startsYear: '1500', endsDay: '2', endsMonth: '1', endsYear: '1500' });
        assert.equal(shown.statusCode, 422);
        assert.equal(shown.headers['x-error-code'], 'MANDATE_TO_SELF');
        assert.match(shown.body, /نمی‌توانید به خودتان وکالت بدهید/);
        assert.equal(await count('mandates'), 0);
      });

      test('granted through the page (Solar Hijri days), used by the grantee, invisible and irrevocable to others, revoked: nothing at once', async () => {
        const { isoToSolarHijri } = await import('../../src/core/solar-hijri.ts');
        const start = isoToSolarHijri(today());
        const end = isoToSolarHijri(plusDays(10));
        const granted = await form(demo, '/account/mandates', {
          grantee: other.account.identifier.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!),
          services: serviceId,
          startsDay: String(start.day),
          startsMonth: String(start.month),
          startsYear: String(start.year),
          endsDay: String(end.day),
          endsMonth: String(end.month),
          endsYear: String(end.year),
        });
        assert.equal(granted.statusCode, 303, granted.body);
        const lists = (await api(demo, 'GET', '/api/v1/me/mandates')).json() as { given: { id: string; status: string; endsOn: string; services: string[] }[] };
        assert.equal(lists.given.length, 1);
        const mandate = lists.given[0]!;
        assert.equal(mandate.status, 'active');
        assert.equal(mandate.endsOn, plusDays(10));

        // The grantee sees it and acts with it, for its services only.
        const theirs = await profilesOf(other);
        const profile = theirs.profiles.find((p) => p.profileId === mandate.id)!;
        assert.equal(profile.kind, 'mandate');
        assert.deepEqual(profile.services, [serviceId]);
        const used = await api(other, 'POST', '/api/v1/me/profiles/active', { profileId: mandate.id });
        assert.equal(used.statusCode, 200, used.body);
        assert.equal(used.json().active.subject.identifier, DEMO_PERSON);

        // Nobody else sees it, switches to it or revokes it: not the stranger, not the grantee.
        assert.equal((await profilesOf(stranger)).profiles.some((p) => p.profileId === mandate.id), false);
        assert.equal((await api(stranger, 'POST', '/api/v1/me/profiles/active', { profileId: mandate.id })).json().code, 'PROFILE_NOT_AVAILABLE');
        assert.deepEqual((await api(stranger, 'GET', '/api/v1/me/mandates')).json(), { given: [], received: [] });
        for (const p of [stranger, other]) {
          const res = await api(p, 'POST', `/api/v1/me/mandates/${mandate.id}/revoke`);
          assert.equal(res.statusCode, 404);
          assert.equal(res.json().code, 'MANDATE_NOT_FOUND');
          assert.equal((await form(p, `/account/mandates/${mandate.id}/revoke`, {})).statusCode, 404);
        }
        assert.doesNotMatch((await page(stranger, '/account/mandates')).body, new RegExp(mandate.id));

        // Revoked by the grantor through the page: the grantee's session is back to themself at once.
        assert.equal((await form(demo, `/account/mandates/${mandate.id}/revoke`, {})).statusCode, 303);
        const told = await page(other, '/account');
        assert.equal(told.statusCode, 200);
        assert.match(told.body, /class="hint acting-for">اقدام از طرف خودتان/);
        assert.match(told.body, /role="status">[^<]*پایان یافته/, 'told once that the profile ended');
        const noticed = await page(other, '/account/mandates');
        assert.doesNotMatch(noticed.body, /role="status">[^<]*پایان یافته/, 'the notice was given once, on /account’s check');
        const after = await profilesOf(other);
        assert.equal(after.active.kind, 'self');
        assert.equal(after.profiles.some((p) => p.profileId === mandate.id), false);
        assert.equal((await api(other, 'POST', '/api/v1/me/profiles/active', { profileId: mandate.id })).json().code, 'PROFILE_NOT_AVAILABLE');
        const pageAfter = await page(other, '/account/profiles');
        assert.equal(pageAfter.statusCode, 200);
        assert.equal((await api(demo, 'POST', `/api/v1/me/mandates/${mandate.id}/revoke`)).json().status, 'revoked', 'revoking twice is harmless');
        assert.deepEqual((await events(demo.account.id)).filter((k) => k.startsWith('mandate')), ['mandate_granted', 'mandate_revoked']);
      });

      test('a mandate not started gives nothing yet; one past its last day gives nothing', async () => {
        const later = await api(demo, 'POST', '/api/v1/me/mandates', { grantee: other.account.identifier, services: [serviceId], startsOn: plusDays(1), endsOn: plusDays(2) });
        assert.equal(later.statusCode, 201, later.body);
        const id = later.json().id as string;
        assert.equal(later.json().status, 'upcoming');
        assert.equal((await profilesOf(other)).profiles.find((p) => p.profileId === id)?.usable, false);
        assert.equal((await api(other, 'POST', '/api/v1/me/profiles/active', { profileId: id })).json().code, 'PROFILE_NOT_AVAILABLE');
        const saved = clock;
        try {
          clock = new Date(saved.getTime() + 86_400_000);
          assert.equal((await api(other, 'POST', '/api/v1/me/profiles/active', { profileId: id })).statusCode, 200, 'its first day');
          clock = new Date(saved.getTime() + 3 * 86_400_000);
          const list = await profilesOf(other);
          assert.equal(list.active.kind, 'self', 'ended: the session is back to the person');
          assert.equal((await api(other, 'POST', '/api/v1/me/profiles/active', { profileId: id })).json().code, 'PROFILE_NOT_AVAILABLE');
          assert.equal((await api(demo, 'GET', '/api/v1/me/mandates')).json().given.find((m: { id: string }) => m.id === id).status, 'ended');
        } finally {
          clock = saved;
        }
      });
    });

    describe('wards', () => {
      test('the civil registry’s wards are listed; one who comes of age gives nothing from that day', async () => {
        const list = await profilesOf(guardian);
        const wards = list.profiles.filter((p) => p.kind === 'ward');
        assert.deepEqual(wards.map((p) => p.subject.identifier).sort(), [SON, '1234567237']);
        const son = wards.find((p) => p.subject.identifier === SON)!;
        assert.equal((await api(demo, 'POST', '/api/v1/me/profiles/active', { profileId: son.profileId })).json().code, 'PROFILE_NOT_AVAILABLE', 'not the mother’s profile');
        assert.equal((await api(guardian, 'POST', '/api/v1/me/profiles/active', { profileId: son.profileId })).statusCode, 200);
        const saved = clock;
        try {
          clock = new Date('2029-10-29T20:30:00Z'); // midnight of 2029-10-30 in Tehran: his 18th birthday
          const after = await profilesOf(guardian);
          assert.equal(after.active.kind, 'self');
          assert.equal(after.profiles.some((p) => p.subject.identifier === SON), false);
          assert.equal((await api(guardian, 'POST', '/api/v1/me/profiles/active', { profileId: son.profileId })).json().code, 'PROFILE_NOT_AVAILABLE');
          const shown = await page(guardian, '/account/profiles?lang=en');
          assert.equal(shown.statusCode, 200);
        } finally {
          clock = saved;
        }
      });
    });

    test('the pages render in both languages; in English the days are Gregorian', async () => {
      for (const lang of ['fa', 'en']) {
        for (const url of ['/account/profiles', '/account/mandates', `/account/mandates?q=${encodeURIComponent('inquiry')}`]) {
          const res = await page(demo, `${url}${url.includes('?') ? '&' : '?'}lang=${lang}`);
          assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 300)}`);
          assert.match(res.body, /class="hint acting-for"/);
          assert.match(res.body, new RegExp(`<html[^>]+lang="${lang}"`));
        }
      }
      const found = await page(demo, `/account/mandates?lang=en&q=${encodeURIComponent(serviceId)}`);
      assert.match(found.body, new RegExp(`name="services" value="${serviceId}"`), 'the search by id lists the service to tick');
      const [y, m, d] = plusDays(5).split('-');
      const english = await w.app.inject({
        method: 'POST',
        url: '/account/mandates',
        headers: { cookie: `${demo.cookie}; ow_lang=en`, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: demo.csrf, grantee: stranger.account.identifier, serviceIds: serviceId, startsDay: String(Number(today().slice(8))), startsMonth: String(Number(today().slice(5, 7))), startsYear: today().slice(0, 4), endsDay: String(Number(d)), endsMonth: String(Number(m)), endsYear: y! }).toString(),
      });
      assert.equal(english.statusCode, 303, english.body.slice(0, 2000));
      const given = (await api(demo, 'GET', '/api/v1/me/mandates')).json().given as { grantee: { identifier: string }; endsOn: string }[];
      assert.equal(given.find((g) => g.grantee.identifier === stranger.account.identifier)?.endsOn, plusDays(5));
    });
  });
}

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { rows } from '../../src/db/database.ts';
import { fixedNow, openTestApp, type TestApp } from '../support/app.ts';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config/load.ts';
import { testEngines } from '../support/database.ts';
import { seedAgencies, servicePayload } from '../support/fixtures.ts';
import { createStaff, issueToken } from '../../src/identity/index.ts';
import { revokeTokensOf } from '../../src/identity/staff-repository.ts';

type Session = { cookie: string; csrf: string; bearer: { authorization: string } };
const form = (fields: Record<string, string | string[]>) =>
  new URLSearchParams(Object.entries(fields).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))).toString();
const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };
const setCookieOf = (headers: Record<string, unknown>): string[] => {
  const v = headers['set-cookie'];
  return v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)];
};
const inputValue = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];

for (const engine of testEngines()) {
  describe(`staff pages (${engine})`, () => {
    let t: TestApp;
    let operatorBearer: { authorization: string };
    let serviceA: string;
    let serviceB: string;

    /** Signs a new staff member in through the login form, as a browser would. */
    async function signIn(role: 'operator' | 'agency_admin' | 'auditor', agency?: string, name?: string): Promise<Session> {
      const staff = await createStaff(t.db, { name: name ?? `test ${role}`, role, agencyCode: agency ?? null });
      const { token } = await issueToken(t.db, staff.id);
      const res = await t.app.inject({ method: 'POST', url: '/staff/login', headers: formHeaders, payload: form({ token }) });
      assert.equal(res.statusCode, 303, res.body);
      const cookie = setCookieOf(res.headers).find((c) => c.startsWith('ow_staff='))!.split(';')[0]!;
      const home = await t.app.inject({ url: '/staff', headers: { cookie } });
      assert.equal(home.statusCode, 200, home.body);
      return { cookie, csrf: inputValue(home.body, '_csrf')!, bearer: { authorization: `Bearer ${token}` } };
    }

    const apiService = async (id: string) => (await t.app.inject({ url: `/api/v1/services/${id}` })).json();
    const apiAgency = async (code: string) => (await t.app.inject({ url: `/api/v1/agencies/${code}` })).json();
    const editForm = (s: Record<string, unknown>, csrf: string, extra: Record<string, string | string[]> = {}) =>
      form({
        _csrf: csrf,
        version: String(s.version),
        nameFa: String(s.nameFa),
        nameEn: String(s.nameEn),
        descriptionFa: '',
        descriptionEn: '',
        topic: String(s.topic),
        audiences: s.audiences as string[],
        maturity: String(s.maturity),
        deliveryStatus: String(s.deliveryStatus),
        channels: s.channels as string[],
        feeAmount: '',
        slaDays: '',
        accessUrl: '',
        inPersonVisits: '0',
        complaintChannel: '',
        ...extra,
      });

    before(async () => {
      t = await openTestApp(engine);
      operatorBearer = await t.as('operator');
      await seedAgencies(t, operatorBearer, ['AGENCY-A', 'AGENCY-B']);
      const a = await t.app.inject({ method: 'POST', url: '/api/v1/services', payload: servicePayload('AGENCY-A'), headers: operatorBearer });
      const b = await t.app.inject({ method: 'POST', url: '/api/v1/services', payload: servicePayload('AGENCY-B', { nameEn: 'Agency B service' }), headers: operatorBearer });
      serviceA = a.json().id;
      serviceB = b.json().id;
    });
    after(() => t.close());

    describe('refused callers', () => {
      test('without a session, pages redirect to sign-in (keeping the address) and posts are refused', async () => {
        for (const url of ['/staff', `/staff/services/${serviceA}/edit`, '/staff/agencies/AGENCY-A/edit']) {
          const res = await t.app.inject({ url });
          assert.equal(res.statusCode, 303, url);
          assert.equal(res.headers.location, `/staff/login?next=${encodeURIComponent(url)}`);
        }
        for (const url of [`/staff/services/${serviceA}/edit`, '/staff/agencies/AGENCY-A/edit', '/staff/logout']) {
          const res = await t.app.inject({ method: 'POST', url, headers: formHeaders, payload: form({ nameEn: 'Hijacked', _csrf: 'x' }) });
          assert.equal(res.statusCode, 401, url);
          assert.match(String(res.headers['content-type']), /text\/html/);
        }
        assert.equal((await apiService(serviceA)).nameEn, 'Literacy level inquiry');
      });

      test('a wrong role is refused: auditors edit nothing, agency admins do not edit agencies', async () => {
        const auditor = await signIn('auditor');
        const admin = await signIn('agency_admin', 'AGENCY-A');
        assert.equal((await t.app.inject({ url: `/staff/services/${serviceA}/edit`, headers: { cookie: auditor.cookie } })).statusCode, 403);
        const posted = await t.app.inject({ method: 'POST', url: `/staff/services/${serviceA}/edit`, headers: { ...formHeaders, cookie: auditor.cookie }, payload: editForm(await apiService(serviceA), auditor.csrf, { nameEn: 'Changed' }) });
        assert.equal(posted.statusCode, 403);
        assert.equal((await t.app.inject({ url: '/staff/agencies/AGENCY-A/edit', headers: { cookie: admin.cookie } })).statusCode, 403);
        const agencyPost = await t.app.inject({ method: 'POST', url: '/staff/agencies/AGENCY-A/edit', headers: { ...formHeaders, cookie: admin.cookie }, payload: form({ _csrf: admin.csrf, nameFa: 'x', nameEn: 'x', kind: 'ministry' }) });
        assert.equal(agencyPost.statusCode, 403);
        assert.equal((await apiService(serviceA)).nameEn, 'Literacy level inquiry');
        assert.equal((await apiAgency('AGENCY-A')).nameEn, 'Agency AGENCY-A');
      });

      test("another agency's admin gets a friendly 403 and changes nothing", async () => {
        const adminB = await signIn('agency_admin', 'AGENCY-B');
        const page = await t.app.inject({ url: `/staff/services/${serviceA}/edit?lang=en`, headers: { cookie: adminB.cookie } });
        assert.equal(page.statusCode, 403);
        assert.match(page.body, /<h1>This service belongs to another agency<\/h1>/);
        assert.doesNotMatch(page.body, /name="nameEn"/);
        const posted = await t.app.inject({ method: 'POST', url: `/staff/services/${serviceA}/edit`, headers: { ...formHeaders, cookie: adminB.cookie }, payload: editForm(await apiService(serviceA), adminB.csrf, { nameEn: 'Hijacked' }) });
        assert.equal(posted.statusCode, 403);
        assert.equal((await apiService(serviceA)).nameEn, 'Literacy level inquiry');
        // Their own list shows only their agency, whatever the address asks for.
        const list = await t.app.inject({ url: '/staff?agency=AGENCY-A', headers: { cookie: adminB.cookie } });
        assert.ok(list.body.includes(serviceB));
        assert.ok(!list.body.includes(serviceA));
      });

      test('a forged post (no token, a wrong token, another site, a bearer token) gets 403 and changes nothing', async () => {
        const admin = await signIn('agency_admin', 'AGENCY-A');
        const before = await apiService(serviceA);
        const url = `/staff/services/${serviceA}/edit`;
        const attempts = [
          { headers: { ...formHeaders, cookie: admin.cookie }, payload: editForm(before, '', { nameEn: 'Forged' }).replace('_csrf=&', '') },
          { headers: { ...formHeaders, cookie: admin.cookie }, payload: editForm(before, 'not-the-token', { nameEn: 'Forged' }) },
          { headers: { ...formHeaders, cookie: admin.cookie, 'sec-fetch-site': 'cross-site' }, payload: editForm(before, admin.csrf, { nameEn: 'Forged' }) },
          { headers: { ...formHeaders, cookie: admin.cookie, origin: 'https://evil.example' }, payload: editForm(before, admin.csrf, { nameEn: 'Forged' }) },
          { headers: { ...formHeaders, ...admin.bearer }, payload: editForm(before, admin.csrf, { nameEn: 'Forged' }) },
        ];
        for (const [i, a] of attempts.entries()) {
          const res = await t.app.inject({ method: 'POST', url: `${url}?lang=en`, ...a });
          assert.equal(res.statusCode, 403, `attempt ${i}`);
          assert.match(res.body, /This form could not be accepted/);
        }
        const logout = await t.app.inject({ method: 'POST', url: '/staff/logout', headers: { ...formHeaders, cookie: admin.cookie }, payload: form({}) });
        assert.equal(logout.statusCode, 403);
        assert.equal((await t.app.inject({ url: '/staff', headers: { cookie: admin.cookie } })).statusCode, 200, 'still signed in');
        assert.equal((await apiService(serviceA)).version, before.version);
        assert.equal((await apiService(serviceA)).nameEn, 'Literacy level inquiry');
      });

      test('the JSON API never accepts the session cookie', async () => {
        const operator = await signIn('operator');
        const create = await t.app.inject({ method: 'POST', url: '/api/v1/services', headers: { cookie: operator.cookie }, payload: servicePayload('AGENCY-A') });
        assert.equal(create.statusCode, 401);
        const patch = await t.app.inject({ method: 'PATCH', url: `/api/v1/services/${serviceA}`, headers: { cookie: operator.cookie }, payload: { nameEn: 'Via cookie' } });
        assert.equal(patch.statusCode, 401);
        const encoded = await t.app.inject({ method: 'POST', url: '/%61pi/v1/services', headers: { cookie: operator.cookie }, payload: servicePayload('AGENCY-A') });
        assert.equal(encoded.statusCode, 401, 'a percent-encoded /api path still refuses the cookie');
        assert.equal((await t.app.inject({ url: '/api/v1/services?agency=AGENCY-A' })).json().total, 1);
      });
    });

    describe('signing in and out', () => {
      test('the sign-in page explains the token, in Persian by default and in English', async () => {
        const fa = await t.app.inject({ url: '/staff/login' });
        assert.equal(fa.statusCode, 200);
        assert.match(fa.body, /<html lang="fa" dir="rtl">/);
        assert.match(fa.body, /onewindow staff token/);
        const en = await t.app.inject({ url: '/staff/login?lang=en&next=/staff/agencies/AGENCY-A/edit' });
        assert.match(en.body, /<html lang="en" dir="ltr">/);
        assert.match(en.body, /<label for="token">API token<\/label>/);
        assert.match(en.body, /aria-describedby="token-hint"/);
        assert.match(en.body, /name="next" value="\/staff\/agencies\/AGENCY-A\/edit"/);
        assert.equal(en.headers['cache-control'], 'no-store');
        for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
          const res = await t.app.inject({ url: `/staff/login?next=${encodeURIComponent(next)}` });
          assert.doesNotMatch(res.body, /name="next"/, next);
        }
      });

      test('a bad or missing token shows the form again with an error summary, and no session', async () => {
        const count = async () => (await t.db.run((q) => rows<{ n: number }>(q, sql`select count(*)::int as n from staff_sessions`)))[0]!.n;
        const sessionsBefore = await count();
        const secret = 'ow_' + 'x'.repeat(43);
        const bad = await t.app.inject({ method: 'POST', url: '/staff/login?lang=en', headers: formHeaders, payload: form({ token: secret }) });
        assert.equal(bad.statusCode, 401);
        assert.match(bad.body, /There is a problem/);
        assert.match(bad.body, /<a href="#token">The API token is not valid/);
        assert.match(bad.body, /aria-invalid="true"/);
        assert.ok(!bad.body.includes(secret), 'the token is never echoed');
        assert.equal(setCookieOf(bad.headers).filter((c) => c.startsWith('ow_staff=')).length, 0);
        const empty = await t.app.inject({ method: 'POST', url: '/staff/login', headers: formHeaders, payload: form({ token: '' }) });
        assert.equal(empty.statusCode, 422);
        const huge = await t.app.inject({ method: 'POST', url: '/staff/login', headers: formHeaders, payload: form({ token: 'x'.repeat(5000) }) });
        assert.equal(huge.statusCode, 401);
        assert.equal(await count(), sessionsBefore, 'a failed sign-in creates no session');
      });

      test('behind a TLS-terminating proxy (TRUST_PROXY) the cookie is Secure; a forged header without it is ignored', async () => {
        const staff = await createStaff(t.db, { name: 'Proxy Tester', role: 'auditor' });
        const { token } = await issueToken(t.db, staff.id);
        const forwarded = { ...formHeaders, 'x-forwarded-proto': 'https' };
        const direct = await t.app.inject({ method: 'POST', url: '/staff/login', headers: forwarded, payload: form({ token }) });
        assert.doesNotMatch(setCookieOf(direct.headers).find((c) => c.startsWith('ow_staff='))!, /Secure/, 'not trusted by default');
        const behindProxy = await buildApp({ config: loadConfig({ NODE_ENV: 'test', TRUST_PROXY: 'true' }), db: t.db, now: () => fixedNow, logger: false });
        try {
          const res = await behindProxy.inject({ method: 'POST', url: '/staff/login', headers: forwarded, payload: form({ token }) });
          assert.equal(res.statusCode, 303, res.body);
          assert.match(setCookieOf(res.headers).find((c) => c.startsWith('ow_staff='))!, /Secure/);
        } finally {
          await behindProxy.close();
        }
      });

      test('a good token sets an HttpOnly SameSite=Strict cookie holding no token, and goes to next', async () => {
        const staff = await createStaff(t.db, { name: 'Login Tester', role: 'agency_admin', agencyCode: 'AGENCY-A' });
        const { token } = await issueToken(t.db, staff.id);
        const next = `/staff/services/${serviceA}/edit`;
        const res = await t.app.inject({ method: 'POST', url: '/staff/login', headers: formHeaders, payload: form({ token, next }) });
        assert.equal(res.statusCode, 303);
        assert.equal(res.headers.location, next);
        const cookie = setCookieOf(res.headers).find((c) => c.startsWith('ow_staff='))!;
        assert.match(cookie, /HttpOnly/);
        assert.match(cookie, /SameSite=Strict/);
        assert.match(cookie, /Path=\//);
        assert.doesNotMatch(cookie, /Secure/, 'plain http in tests');
        assert.ok(!cookie.includes(token));
        const stored = await t.db.run((q) => rows<{ id: string }>(q, sql`select id from staff_sessions where staff_id = ${staff.id}`));
        assert.equal(stored.length, 1);
        assert.ok(!cookie.includes(stored[0]!.id), 'only the hash of the cookie secret is stored');
        const offsite = await t.app.inject({ method: 'POST', url: '/staff/login', headers: formHeaders, payload: form({ token, next: '//evil.example' }) });
        assert.equal(offsite.headers.location, '/staff');
        const crossSite = await t.app.inject({ method: 'POST', url: '/staff/login', headers: { ...formHeaders, origin: 'https://evil.example' }, payload: form({ token }) });
        assert.equal(crossSite.statusCode, 403);
      });

      test('signing out revokes the session and clears the cookie', async () => {
        const s = await signIn('operator');
        const res = await t.app.inject({ method: 'POST', url: '/staff/logout', headers: { ...formHeaders, cookie: s.cookie }, payload: form({ _csrf: s.csrf }) });
        assert.equal(res.statusCode, 303);
        assert.equal(res.headers.location, '/staff/login?signedOut=1');
        assert.match(setCookieOf(res.headers).find((c) => c.startsWith('ow_staff='))!, /Expires=Thu, 01 Jan 1970/);
        const again = await t.app.inject({ url: '/staff', headers: { cookie: s.cookie } });
        assert.equal(again.statusCode, 303, 'the old cookie no longer works');
      });

      test('address, URL, e-mail and phone inputs are left to right inside the Persian forms', async () => {
        const s = await signIn('operator');
        for (const [url, names] of [
          [`/staff/services/${serviceA}/edit`, ['accessUrl']],
          ['/staff/agencies/AGENCY-A/edit', ['contactEmail', 'contactPhone', 'website']],
        ] as const) {
          const res = await t.app.inject({ url, headers: { cookie: s.cookie } });
          assert.match(res.body, /<html lang="fa" dir="rtl">/);
          for (const name of names) assert.match(res.body, new RegExp(`<input [^>]*name="${name}"[^>]*dir="ltr"`), `${url}: ${name}`);
          for (const input of res.body.match(/<input type="(url|email|tel)"[^>]*>/g) ?? []) assert.match(input, /dir="ltr"/, input);
        }
      });

      test('signed in, the navigation says "staff area" and sign-out sits in the header of staff pages, not under "save"', async () => {
        const s = await signIn('operator');
        const header = (html: string) => /<header class="site-header">([\s\S]*?)<\/header>/.exec(html)?.[1] ?? '';
        for (const url of ['/staff', `/staff/services/${serviceA}/edit`, '/staff/agencies/AGENCY-A/edit', '/staff/exchange']) {
          const res = await t.app.inject({ url, headers: { cookie: s.cookie } });
          assert.equal(res.statusCode, 200, url);
          assert.match(header(res.body), /<a href="\/staff" aria-current="page">بخش کارکنان<\/a>/, url);
          assert.match(header(res.body), new RegExp(`<form method="post" action="/staff/logout" class="staff-signout"><input type="hidden" name="_csrf" value="${s.csrf}"/>`), url);
          assert.equal(res.body.match(/action="\/staff\/logout"/g)?.length, 1, `${url}: one sign-out`);
        }
        const en = await t.app.inject({ url: '/services?lang=en', headers: { cookie: s.cookie } });
        assert.match(header(en.body), />Staff area</);
        assert.doesNotMatch(en.body, /staff\/logout/, 'a public page carries no session token');
        const anonymous = await t.app.inject({ url: '/services' });
        assert.match(header(anonymous.body), />ورود کارکنان</, 'signed out, the link says sign in');
        assert.doesNotMatch(anonymous.body, /staff\/logout/);
      });

      test('an expired session, a revoked token, or a malformed cookie leads back to sign-in', async () => {
        const expired = await signIn('operator', undefined, 'Expiring');
        await t.db.run((q) => q.execute(sql`update staff_sessions set created_at = created_at - interval '9 hours', expires_at = created_at - interval '1 hour' where staff_id in (select id from staff where name = 'Expiring')`));
        assert.equal((await t.app.inject({ url: '/staff', headers: { cookie: expired.cookie } })).statusCode, 303);
        const staff = await createStaff(t.db, { name: 'Revoked', role: 'operator' });
        const { token } = await issueToken(t.db, staff.id);
        const login = await t.app.inject({ method: 'POST', url: '/staff/login', headers: formHeaders, payload: form({ token }) });
        const cookie = setCookieOf(login.headers).find((c) => c.startsWith('ow_staff='))!.split(';')[0]!;
        assert.equal((await t.app.inject({ url: '/staff', headers: { cookie } })).statusCode, 200);
        await t.db.run((q) => revokeTokensOf(q, staff.id));
        assert.equal((await t.app.inject({ url: '/staff', headers: { cookie } })).statusCode, 303, 'revoking the token ends its sessions');
        for (const bad of ['ow_staff=garbage', `ow_staff=${'A'.repeat(43)}`, 'ow_staff=%00%ff']) {
          assert.equal((await t.app.inject({ url: '/staff', headers: { cookie: bad } })).statusCode, 303, bad);
          assert.equal((await t.app.inject({ url: '/', headers: { cookie: bad } })).statusCode < 500, true);
        }
      });
    });

    describe('the staff home', () => {
      test("an agency admin sees their agency's services with edit links; the name is escaped", async () => {
        const s = await signIn('agency_admin', 'AGENCY-A', '<b>Admin</b>');
        const res = await t.app.inject({ url: '/staff?lang=en', headers: { cookie: s.cookie } });
        assert.match(res.body, /<h1>Staff area<\/h1>/);
        assert.ok(res.body.includes(`href="/staff/services/${serviceA}/edit"`));
        assert.ok(!res.body.includes(serviceB));
        assert.ok(res.body.includes('&lt;b>Admin&lt;/b>') || res.body.includes('&lt;b&gt;Admin&lt;/b&gt;'));
        assert.ok(!res.body.includes('<b>Admin</b>'));
        assert.match(res.body, /action="\/staff\/logout"/);
      });

      test('the operator finds agencies and edits them; the auditor reads without edit links', async () => {
        const op = await signIn('operator');
        const list = await t.app.inject({ url: '/staff?lang=en&q=agency-b', headers: { cookie: op.cookie } });
        assert.ok(list.body.includes('href="/staff/agencies/AGENCY-B/edit"'));
        assert.ok(!list.body.includes('AGENCY-A/edit'));
        const services = await t.app.inject({ url: '/staff?agency=AGENCY-A&page=999999999', headers: { cookie: op.cookie } });
        assert.equal(services.statusCode, 200);
        assert.ok(services.body.includes(`/staff/services/${serviceA}/edit`));
        const auditor = await signIn('auditor');
        const read = await t.app.inject({ url: '/staff?agency=AGENCY-A', headers: { cookie: auditor.cookie } });
        assert.ok(read.body.includes(`/services/${serviceA}`));
        assert.ok(!read.body.includes('/edit'));
        const unknown = await t.app.inject({ url: '/staff?agency=%3Cscript%3E', headers: { cookie: op.cookie } });
        assert.equal(unknown.statusCode, 404);
      });
    });

    describe('editing a service', () => {
      test('a validation error gives 422 with an error summary, keeps what was typed, and changes nothing', async () => {
        const s = await signIn('agency_admin', 'AGENCY-A');
        const page = await t.app.inject({ url: `/staff/services/${serviceA}/edit?lang=en`, headers: { cookie: s.cookie } });
        assert.equal(page.statusCode, 200);
        const csrf = inputValue(page.body, '_csrf')!;
        assert.equal(csrf, s.csrf);
        const before = await apiService(serviceA);
        assert.equal(inputValue(page.body, 'version'), String(before.version));
        const res = await t.app.inject({
          method: 'POST',
          url: `/staff/services/${serviceA}/edit?lang=en`,
          headers: { ...formHeaders, cookie: s.cookie },
          payload: editForm(before, csrf, { maturity: '1', deliveryStatus: 'delivered', nameEn: 'Typed <name>' }),
        });
        assert.equal(res.statusCode, 422);
        assert.match(res.body, /<title>Error: /);
        assert.match(res.body, /There is a problem/);
        assert.match(res.body, /<a href="#field-maturity">A service delivered through the window must be at least level 2/);
        assert.match(res.body, /id="field-maturity" name="maturity" aria-describedby="field-maturity-hint field-maturity-error" aria-invalid="true"/);
        assert.ok(res.body.includes('value="Typed &lt;name>"') || res.body.includes('value="Typed &lt;name&gt;"'));
        const after = await apiService(serviceA);
        assert.equal(after.version, before.version);
        assert.equal(after.nameEn, before.nameEn);
        const numbers = await t.app.inject({ method: 'POST', url: `/staff/services/${serviceA}/edit?lang=en`, headers: { ...formHeaders, cookie: s.cookie }, payload: editForm(before, csrf, { slaDays: 'ten', nameFa: ' ', accessUrl: 'javascript:alert(1)' }) });
        assert.equal(numbers.statusCode, 422);
        assert.match(numbers.body, /<a href="#field-nameFa">Name in Persian is required<\/a>/);
        assert.match(numbers.body, /<a href="#field-slaDays">Service level in working days must be a whole number/);
        assert.match(numbers.body, /<a href="#field-accessUrl">/);
      });

      test('a valid edit is saved (Persian digits accepted) and the form says so', async () => {
        const s = await signIn('agency_admin', 'AGENCY-A');
        const before = await apiService(serviceA);
        const res = await t.app.inject({
          method: 'POST',
          url: `/staff/services/${serviceA}/edit`,
          headers: { ...formHeaders, cookie: s.cookie, origin: 'http://localhost:80', 'sec-fetch-site': 'same-origin' },
          payload: editForm(before, s.csrf, { nameEn: 'Literacy inquiry <b>', slaDays: '۱۰', feeAmount: '1,000', maturity: '2', channels: ['web'], audiences: ['citizens', 'businesses'], accessUrl: 'https://agency.example/start' }),
        });
        assert.equal(res.statusCode, 303, res.body);
        assert.equal(res.headers.location, `/staff/services/${serviceA}/edit?saved=1`);
        const after = await apiService(serviceA);
        assert.equal(after.nameEn, 'Literacy inquiry <b>');
        assert.equal(after.slaDays, 10);
        assert.equal(after.feeAmount, 1000);
        assert.equal(after.maturity, 2);
        assert.deepEqual(after.channels, ['web']);
        assert.deepEqual(after.audiences, ['citizens', 'businesses']);
        assert.equal(after.version, before.version + 1);
        const saved = await t.app.inject({ url: `/staff/services/${serviceA}/edit?saved=1&lang=en`, headers: { cookie: s.cookie } });
        assert.match(saved.body, /Your changes were saved/);
        assert.ok(saved.body.includes('Literacy inquiry &lt;b>') || saved.body.includes('Literacy inquiry &lt;b&gt;'));
        const stale = await t.app.inject({ method: 'POST', url: `/staff/services/${serviceA}/edit?lang=en`, headers: { ...formHeaders, cookie: s.cookie }, payload: editForm(before, s.csrf, { nameEn: 'Stale' }) });
        assert.equal(stale.statusCode, 409);
        assert.match(stale.body, /Someone else changed this record/);
        assert.equal((await apiService(serviceA)).nameEn, 'Literacy inquiry <b>');
      });

      test('an invalid or unknown identifier gives a 4xx page', async () => {
        const s = await signIn('operator');
        assert.equal((await t.app.inject({ url: '/staff/services/not-an-id/edit', headers: { cookie: s.cookie } })).statusCode, 400);
        const unknown = serviceA.replace(/^IR-0100000\d/, 'IR-01999999');
        assert.ok([400, 404].includes((await t.app.inject({ url: `/staff/services/${unknown}/edit`, headers: { cookie: s.cookie } })).statusCode));
      });
    });

    describe('editing an agency', () => {
      test('the operator edits an agency, with field errors for bad values', async () => {
        const s = await signIn('operator');
        const page = await t.app.inject({ url: '/staff/agencies/AGENCY-B/edit?lang=en', headers: { cookie: s.cookie } });
        assert.equal(page.statusCode, 200);
        assert.match(page.body, /name="nameEn" value="Agency AGENCY-B"/);
        const before = await apiAgency('AGENCY-B');
        const fields = { _csrf: s.csrf, version: String(before.version), nameFa: before.nameFa, nameEn: 'Agency B', kind: 'independent_institution', parentCode: '', eligible: 'true', connectedOn: '2022-01-10', contactEmail: '', contactPhone: '', website: '' };
        const bad = await t.app.inject({ method: 'POST', url: '/staff/agencies/AGENCY-B/edit?lang=en', headers: { ...formHeaders, cookie: s.cookie }, payload: form({ ...fields, contactEmail: 'not-an-email', parentCode: 'agency-b', connectedOn: '2022-02-30' }) });
        assert.equal(bad.statusCode, 422);
        assert.match(bad.body, /href="#field-contactEmail"/);
        assert.match(bad.body, /href="#field-connectedOn"/);
        const cycle = await t.app.inject({ method: 'POST', url: '/staff/agencies/AGENCY-B/edit?lang=en', headers: { ...formHeaders, cookie: s.cookie }, payload: form({ ...fields, parentCode: 'agency-b' }) });
        assert.equal(cycle.statusCode, 422);
        assert.match(cycle.body, /<a href="#field-parentCode">The parent agency cannot be this agency/);
        const future = await t.app.inject({ method: 'POST', url: '/staff/agencies/AGENCY-B/edit?lang=en', headers: { ...formHeaders, cookie: s.cookie }, payload: form({ ...fields, connectedOn: '2099-01-01' }) });
        assert.equal(future.statusCode, 422);
        assert.match(future.body, /Date connected to the window cannot be in the future/);
        assert.equal((await apiAgency('AGENCY-B')).version, before.version);
        const ok = await t.app.inject({ method: 'POST', url: '/staff/agencies/AGENCY-B/edit', headers: { ...formHeaders, cookie: s.cookie }, payload: form({ ...fields, parentCode: 'agency-a', eligible: [] as unknown as string }) });
        assert.equal(ok.statusCode, 303, ok.body);
        const after = await apiAgency('AGENCY-B');
        assert.equal(after.nameEn, 'Agency B');
        assert.equal(after.kind, 'independent_institution');
        assert.equal(after.parentCode, 'AGENCY-A');
        assert.equal(after.eligible, false);
      });
    });
  });
}

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { openTestApp, type TestApp } from '../../../test/support/app.ts';
import { testEngines } from '../../../test/support/database.ts';
import { seedAgencies } from '../../../test/support/fixtures.ts';
import { createStaff, issueToken } from '../../identity/index.ts';
import { loadConfig } from '../../config/load.ts';
import type { Principal } from '../../core/access.ts';
import { emptySnapshot } from '../snapshot.ts';
import { exchangeAdminDeps, type ExchangeAdminDeps } from '../admin/deps.ts';
import { createMember } from '../admin/members.ts';
import { createSubsystem, getSubsystemOrFail, listSubsystems } from '../admin/subsystems.ts';
import { listCredentials } from '../admin/credentials.ts';
import { createExchangeService, getExchangeServiceOrFail, listExchangeServices } from '../admin/exchange-services.ts';
import { getAccessRequestOrFail, listAccessRequests } from '../admin/access-requests.ts';
import { testCertificatePem } from '../admin/test-certificate.ts';

type Session = { cookie: string; csrf: string };
const system: Principal = { kind: 'system', name: 'test' };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };
const inputValue = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];

const openapi = {
  openapi: '3.0.3',
  info: { title: 'Literacy', version: '1' },
  paths: { '/literacy/{nationalCode}': { get: { responses: { '200': { description: 'ok' } } } }, '/centres': { get: { responses: { '200': { description: 'ok' } } } } },
};

for (const engine of testEngines()) {
  describe(`exchange console pages (${engine})`, () => {
    let t: TestApp;
    let admin: ExchangeAdminDeps;
    let providerId: number;
    let consumerId: number;
    let serviceId: number;
    let adminA: Session;
    let adminB: Session;
    let auditor: Session;
    let operator: Session;

    async function signIn(role: 'operator' | 'agency_admin' | 'auditor', agency?: string): Promise<Session> {
      const staff = await createStaff(t.db, { name: `console ${role}`, role, agencyCode: agency ?? null });
      const { token } = await issueToken(t.db, staff.id);
      const res = await t.app.inject({ method: 'POST', url: '/staff/login', headers: formHeaders, payload: form({ token }) });
      const set = res.headers['set-cookie'];
      const cookie = (Array.isArray(set) ? set : [String(set)]).find((c) => c.startsWith('ow_staff='))!.split(';')[0]!;
      const home = await t.app.inject({ url: '/staff', headers: { cookie } });
      return { cookie, csrf: inputValue(home.body, '_csrf')! };
    }
    const get = (s: Session | undefined, url: string) => t.app.inject({ url, headers: s ? { cookie: s.cookie } : {} });
    const post = (s: Session | undefined, url: string, fields: Record<string, string>, extra: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url, headers: { ...formHeaders, ...(s ? { cookie: s.cookie } : {}), ...extra }, payload: form(fields) });

    before(async () => {
      // The interoperability board approves after the provider: the operator's queue has work.
      const env = { EXCHANGE_BOARD_APPROVAL: 'true' };
      t = await openTestApp(engine, env);
      admin = exchangeAdminDeps({ db: t.db, now: () => new Date('2026-11-28T09:00:00Z') }, loadConfig({ NODE_ENV: 'test', ...env }), { current: () => emptySnapshot, refreshNow: async () => {} });
      await seedAgencies(t, await t.as('operator'), ['AGENCY-A', 'AGENCY-B']);
      await createMember(admin, system, { agencyCode: 'AGENCY-A', memberClass: 'GOV', memberCode: 'A1' });
      await createMember(admin, system, { agencyCode: 'AGENCY-B', memberClass: 'GOV', memberCode: 'B1' });
      providerId = (await createSubsystem(admin, system, 'AGENCY-A', { code: 'PROV', nameFa: 'سامانه الف', nameEn: 'System A' })).id;
      consumerId = (await createSubsystem(admin, system, 'AGENCY-B', { code: 'CONS', nameFa: 'سامانه ب', nameEn: 'System B' })).id;
      [adminA, adminB, auditor, operator] = [await signIn('agency_admin', 'AGENCY-A'), await signIn('agency_admin', 'AGENCY-B'), await signIn('auditor'), await signIn('operator')];
    });
    after(() => t.close());

    test('without a session, pages send the reader to sign in and posts are refused', async () => {
      for (const url of ['/staff/exchange', '/staff/exchange/agencies/AGENCY-A', `/staff/exchange/subsystems/${providerId}`, '/staff/exchange/agencies/AGENCY-A/requests', '/staff/exchange/board']) {
        const res = await get(undefined, url);
        assert.equal(res.statusCode, 303, url);
        assert.equal(res.headers.location, `/staff/login?next=${encodeURIComponent(url)}`);
      }
      const res = await post(undefined, '/staff/exchange/agencies/AGENCY-A/subsystems', { _csrf: 'x', code: 'ANON', nameFa: 'x', nameEn: 'x' });
      assert.equal(res.statusCode, 401);
      assert.equal((await listSubsystems(admin, 'AGENCY-A')).length, 1);
    });

    test("another agency's admin gets a 403 page and changes nothing; their own console is where /staff/exchange leads", async () => {
      const lead = await get(adminB, '/staff/exchange');
      assert.equal(lead.statusCode, 303);
      assert.equal(lead.headers.location, '/staff/exchange/agencies/AGENCY-B');
      for (const url of ['/staff/exchange/agencies/AGENCY-A?lang=en', `/staff/exchange/subsystems/${providerId}?lang=en`, '/staff/exchange/agencies/AGENCY-A/requests?lang=en', `/staff/exchange/subsystems/${providerId}/services/new?lang=en`]) {
        const page = await get(adminB, url);
        assert.equal(page.statusCode, 403, url);
        assert.match(page.body, /<h1>This belongs to another agency<\/h1>/, url);
      }
      assert.equal((await post(adminB, '/staff/exchange/agencies/AGENCY-A/subsystems', { _csrf: adminB.csrf, code: 'HIJACK', nameFa: 'x', nameEn: 'x' })).statusCode, 403);
      assert.equal((await post(adminB, `/staff/exchange/subsystems/${providerId}/status`, { _csrf: adminB.csrf, status: 'disabled', version: '1' })).statusCode, 403);
      assert.equal((await post(adminB, `/staff/exchange/subsystems/${providerId}/credentials`, { _csrf: adminB.csrf, kind: 'certificate', material: testCertificatePem })).statusCode, 403);
      assert.equal((await listSubsystems(admin, 'AGENCY-A')).length, 1);
      assert.equal((await getSubsystemOrFail(admin, providerId)).status, 'active');
      assert.equal((await listCredentials(admin, system, providerId)).length, 0);
    });

    test('an auditor reads every agency but has no forms, and a post is refused', async () => {
      const page = await get(auditor, '/staff/exchange/agencies/AGENCY-A?lang=en');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /System A/);
      assert.doesNotMatch(page.body, /name="code"/, 'no subsystem form');
      assert.match((await get(auditor, '/staff/exchange?lang=en')).body, /AGENCY-A/);
      assert.equal((await get(auditor, `/staff/exchange/subsystems/${providerId}/services/new`)).statusCode, 403);
      const posted = await post(auditor, '/staff/exchange/agencies/AGENCY-A/subsystems', { _csrf: auditor.csrf, code: 'AUDIT', nameFa: 'x', nameEn: 'x' });
      assert.equal(posted.statusCode, 403);
      assert.equal((await listSubsystems(admin, 'AGENCY-A')).length, 1);
    });

    test('a forged post (no token, a wrong token, another site) is refused and changes nothing', async () => {
      const fields = { code: 'FORGED', nameFa: 'x', nameEn: 'x' };
      const attempts = [
        post(adminA, '/staff/exchange/agencies/AGENCY-A/subsystems?lang=en', fields),
        post(adminA, '/staff/exchange/agencies/AGENCY-A/subsystems?lang=en', { ...fields, _csrf: 'not-the-token' }),
        post(adminA, '/staff/exchange/agencies/AGENCY-A/subsystems?lang=en', { ...fields, _csrf: adminA.csrf }, { 'sec-fetch-site': 'cross-site' }),
        post(adminA, '/staff/exchange/agencies/AGENCY-A/subsystems?lang=en', { ...fields, _csrf: adminA.csrf }, { origin: 'https://evil.example' }),
      ];
      for (const [i, res] of (await Promise.all(attempts)).entries()) {
        assert.equal(res.statusCode, 403, `attempt ${i}`);
        assert.match(res.body, /This form could not be accepted/);
      }
      assert.equal((await post(adminA, `/staff/exchange/subsystems/${providerId}/status`, { status: 'disabled', version: '1' })).statusCode, 403);
      assert.deepEqual((await listSubsystems(admin, 'AGENCY-A')).map((s) => s.code), ['PROV']);
      assert.equal((await getSubsystemOrFail(admin, providerId)).status, 'active');
    });

    test('bad addresses and unknown records are 4xx pages, never 500', async () => {
      assert.equal((await get(adminA, '/staff/exchange/subsystems/abc')).statusCode, 400);
      assert.equal((await get(adminA, '/staff/exchange/subsystems/999999')).statusCode, 404);
      assert.equal((await get(adminA, '/staff/exchange/services/999999')).statusCode, 404);
      assert.equal((await get(adminA, '/staff/exchange/requests/999999')).statusCode, 404);
      assert.equal((await get(operator, '/staff/exchange/agencies/nope!')).statusCode, 400);
      assert.equal((await get(operator, '/staff/exchange/agencies/NOT-A-MEMBER')).statusCode, 404);
      const badAction = await post(adminA, '/staff/exchange/requests/1/destroy', { _csrf: adminA.csrf });
      assert.equal(badAction.statusCode, 400);
      const badStatus = await post(adminA, `/staff/exchange/subsystems/${providerId}/status`, { _csrf: adminA.csrf, status: 'gone', version: '1' });
      assert.equal(badStatus.statusCode, 400);
      assert.match(String(badStatus.headers['content-type']), /text\/html/);
    });

    test('an admin registers a subsystem (after a mistake), disables and re-enables it', async () => {
      const bad = await post(adminA, '/staff/exchange/agencies/AGENCY-A/subsystems?lang=en', { _csrf: adminA.csrf, code: '', nameFa: 'سامانه تازه', nameEn: 'New system' });
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /<a href="#subsystem-code">/);
      assert.match(bad.body, /value="New system"/, 'what was typed is kept');
      const taken = await post(adminA, '/staff/exchange/agencies/AGENCY-A/subsystems?lang=en', { _csrf: adminA.csrf, code: 'PROV', nameFa: 'x', nameEn: 'x' });
      assert.equal(taken.statusCode, 409);
      assert.match(taken.body, /already has an information system with this code/);
      const res = await post(adminA, '/staff/exchange/agencies/AGENCY-A/subsystems', { _csrf: adminA.csrf, code: 'NEW-SYS', nameFa: 'سامانه تازه', nameEn: 'New system' });
      assert.equal(res.statusCode, 303, res.body);
      const created = (await listSubsystems(admin, 'AGENCY-A')).find((s) => s.code === 'NEW-SYS')!;
      assert.equal(res.headers.location, `/staff/exchange/subsystems/${created.id}?saved=1`);
      const off = await post(adminA, `/staff/exchange/subsystems/${created.id}/status`, { _csrf: adminA.csrf, status: 'disabled', version: String(created.version) });
      assert.equal(off.statusCode, 303);
      assert.equal((await getSubsystemOrFail(admin, created.id)).status, 'disabled');
      const stale = await post(adminA, `/staff/exchange/subsystems/${created.id}/status?lang=en`, { _csrf: adminA.csrf, status: 'active', version: String(created.version) });
      assert.equal(stale.headers.location, '/staff/exchange/agencies/AGENCY-A?conflict=1', 'an old form does not overwrite');
      assert.equal((await getSubsystemOrFail(admin, created.id)).status, 'disabled');
      const again = await getSubsystemOrFail(admin, created.id);
      await post(adminA, `/staff/exchange/subsystems/${created.id}/status`, { _csrf: adminA.csrf, status: 'active', version: String(again.version) });
      assert.equal((await getSubsystemOrFail(admin, created.id)).status, 'active');
    });

    test('credentials: a private key is refused, a certificate registered and shown without secrets, then revoked', async () => {
      const url = `/staff/exchange/subsystems/${consumerId}/credentials?lang=en`;
      const priv = await post(adminB, url, { _csrf: adminB.csrf, kind: 'certificate', material: '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----' });
      assert.equal(priv.statusCode, 422);
      assert.match(priv.body, /contains a private key/);
      const badJwk = await post(adminB, url, { _csrf: adminB.csrf, kind: 'jwk', material: 'not json' });
      assert.equal(badJwk.statusCode, 422);
      assert.match(badJwk.body, /<a href="#credential-material">/);
      const ok = await post(adminB, url, { _csrf: adminB.csrf, kind: 'certificate', material: testCertificatePem, label: 'server 1' });
      assert.equal(ok.statusCode, 303, ok.body);
      const [credential] = await listCredentials(admin, system, consumerId);
      assert.equal(credential!.label, 'server 1');
      const page = await get(adminB, `/staff/exchange/subsystems/${consumerId}?lang=en`);
      assert.match(page.body, new RegExp(credential!.fingerprint));
      assert.doesNotMatch(page.body, /MIIBtTCCAVugAwIBAgIU/, 'the page lists fingerprints, not the certificate');
      // Shared secrets are off here: the choice is not offered and a forged choice is refused.
      assert.doesNotMatch(page.body, /value="secret"/);
      assert.equal((await post(adminB, url, { _csrf: adminB.csrf, kind: 'secret' })).statusCode, 422);
      assert.equal((await post(adminA, `/staff/exchange/credentials/${credential!.id}/revoke`, { _csrf: adminA.csrf })).statusCode, 403, 'not by another agency');
      const revoked = await post(adminB, `/staff/exchange/credentials/${credential!.id}/revoke`, { _csrf: adminB.csrf });
      assert.equal(revoked.statusCode, 303);
      assert.ok((await listCredentials(admin, system, consumerId))[0]!.revokedAt);
      assert.equal((await post(adminB, `/staff/exchange/credentials/${credential!.id}/revoke`, { _csrf: adminB.csrf })).statusCode, 409, 'twice is a conflict page');
    });

    test('a service is published from a pasted OpenAPI document; its endpoints and use are shown', async () => {
      const url = `/staff/exchange/subsystems/${providerId}/services/new?lang=en`;
      assert.equal((await get(adminA, url)).statusCode, 200);
      const fields = { _csrf: adminA.csrf, code: 'literacy', serviceVersion: 'v1', nameFa: 'استعلام سواد', nameEn: 'Literacy inquiry', upstreamUrl: 'https://literacy.example/api', timeoutMs: '۵۰۰۰', maxBodyBytes: '1048576', dataSubjectIn: 'path', dataSubjectName: 'nationalCode', status: 'active' };
      const bad = await post(adminA, url, { ...fields, upstreamUrl: 'ftp://x', openapi: '{ not json' });
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /<a href="#service-openapi">/);
      assert.match(bad.body, /<a href="#service-upstreamUrl">/);
      const wrongSubject = await post(adminA, url, { ...fields, dataSubjectName: 'code', openapi: JSON.stringify(openapi) });
      assert.equal(wrongSubject.statusCode, 422);
      assert.match(wrongSubject.body, /<a href="#service-dataSubjectName">No endpoint has a path parameter/);
      const res = await post(adminA, url, { ...fields, openapi: JSON.stringify(openapi) });
      assert.equal(res.statusCode, 303, res.body);
      const [service] = (await listExchangeServices(admin, system, { subsystemId: providerId }, { offset: 0, limit: 10 })).items;
      serviceId = service!.id;
      assert.equal(service!.timeoutMs, 5000, 'Persian digits read');
      assert.deepEqual(service!.endpoints.map((e) => `${e.method} ${e.path}`).sort(), ['GET /centres', 'GET /literacy/{nationalCode}']);
      // Usage: 200 calls (10 errors) in the last 30 days, under both key forms; older calls and another service's do not count.
      await t.db.run((q) =>
        q.execute(sql`insert into exchange_usage (granularity, bucket_start, service, consumer, calls, errors, latency_ms_sum, latency_ms_max) values
          ('minute', '2026-11-27T10:00:00Z', 'IR/GOV/A1/PROV/literacy', 'IR/GOV/B1/CONS', 150, 10, 1500, 40),
          ('day', '2026-11-10T00:00:00Z', 'IR/GOV/A1/PROV/literacy/v1', 'IR/GOV/B1/CONS', 50, 0, 500, 20),
          ('day', '2026-09-01T00:00:00Z', 'IR/GOV/A1/PROV/literacy', 'IR/GOV/B1/CONS', 9000, 0, 500, 20),
          ('minute', '2026-11-27T10:00:00Z', 'IR/GOV/A1/PROV/literacy-other', 'IR/GOV/B1/CONS', 7777, 0, 500, 20)`),
      );
      const page = await get(adminA, `/staff/exchange/services/${serviceId}?lang=en`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<span class="card-value">200<\/span><span class="card-label">Calls<\/span>/);
      assert.match(page.body, /<span class="card-value">5\.0%<\/span>/);
      const overview = await get(adminA, '/staff/exchange/agencies/AGENCY-A?lang=en');
      assert.match(overview.body, /<td class="num">200<\/td><td class="num">5\.0%<\/td>/);
      assert.match(page.body, /\/literacy\/\{nationalCode\}/);
      assert.match(page.body, /IR\/GOV\/A1\/PROV\/literacy\/v1/);
      assert.match(page.body, /Calls/);

      // Editing: both endpoint boxes empty keep the endpoints; the name changes.
      const edit = await get(adminA, `/staff/exchange/services/${serviceId}/edit`);
      const version = inputValue(edit.body, 'version')!;
      const saved = await post(adminA, `/staff/exchange/services/${serviceId}/edit`, { ...fields, nameEn: 'Literacy level inquiry', version });
      assert.equal(saved.statusCode, 303, saved.body);
      const after = await getExchangeServiceOrFail(admin, system, serviceId);
      assert.equal(after.nameEn, 'Literacy level inquiry');
      assert.equal(after.endpoints.length, 2);
      const stale = await post(adminA, `/staff/exchange/services/${serviceId}/edit?lang=en`, { ...fields, nameEn: 'Stale', version });
      assert.equal(stale.statusCode, 409);
      assert.equal((await getExchangeServiceOrFail(admin, system, serviceId)).nameEn, 'Literacy level inquiry');
    });

    test('access rights: filed by the consumer, approved by the provider and the board, then revoked, with history', async () => {
      const newUrl = '/staff/exchange/agencies/AGENCY-B/requests/new?lang=en';
      const page = await get(adminB, newUrl);
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /value="grant"/, 'only the operator grants directly');
      const base = { _csrf: adminB.csrf, consumerSubsystemId: String(consumerId), serviceId: String(serviceId), purpose: 'Checking literacy for adult education', legalBasis: 'Act 12, article 3', mode: 'file' };
      const outside = await post(adminB, newUrl, { ...base, endpoints: 'DELETE /literacy/{nationalCode}' });
      assert.equal(outside.statusCode, 422);
      assert.match(outside.body, /<a href="#request-endpoints">/);
      const notMine = await post(adminB, newUrl, { ...base, consumerSubsystemId: String(providerId) });
      assert.equal(notMine.statusCode, 422, "another agency's system cannot be the consumer");
      const granted = await post(adminB, newUrl, { ...base, mode: 'grant' });
      assert.equal(granted.statusCode, 403, 'an admin cannot grant directly');
      const filed = await post(adminB, newUrl, { ...base, endpoints: 'GET /literacy/{nationalCode}' });
      assert.equal(filed.statusCode, 303, filed.body);
      const id = Number(/requests\/(\d+)/.exec(String(filed.headers.location))![1]);
      assert.equal((await getAccessRequestOrFail(admin, system, id)).status, 'pending');

      // The provider sees it among incoming requests; a refusal needs a message.
      const incoming = await get(adminA, '/staff/exchange/agencies/AGENCY-A/requests?lang=en');
      assert.match(incoming.body, new RegExp(`/staff/exchange/requests/${id}"`));
      const detail = await get(adminA, `/staff/exchange/requests/${id}?lang=en`);
      assert.match(detail.body, /action="\/staff\/exchange\/requests\/\d+\/approve"/);
      assert.doesNotMatch(detail.body, /\/withdraw"/, 'the provider cannot withdraw');
      const refuse = await post(adminA, `/staff/exchange/requests/${id}/refuse?lang=en`, { _csrf: adminA.csrf, message: ' ' });
      assert.equal(refuse.statusCode, 422);
      assert.match(refuse.body, /<a href="#message-refuse">Write a message/);
      assert.equal((await post(adminB, `/staff/exchange/requests/${id}/approve`, { _csrf: adminB.csrf })).statusCode, 403, 'the consumer cannot approve');
      assert.equal((await post(auditor, `/staff/exchange/requests/${id}/approve`, { _csrf: auditor.csrf })).statusCode, 403);
      const approve = await post(adminA, `/staff/exchange/requests/${id}/approve`, { _csrf: adminA.csrf, message: 'Fine by us' });
      assert.equal(approve.statusCode, 303);
      assert.equal((await getAccessRequestOrFail(admin, system, id)).status, 'provider_approved');

      // The operator's board queue, then the board's approval.
      const board = await get(operator, '/staff/exchange/board?lang=en');
      assert.match(board.body, new RegExp(`/staff/exchange/requests/${id}"`));
      assert.equal((await get(adminA, '/staff/exchange/board')).statusCode, 403);
      assert.equal((await post(operator, `/staff/exchange/requests/${id}/approve`, { _csrf: operator.csrf })).statusCode, 303);
      assert.equal((await getAccessRequestOrFail(admin, system, id)).status, 'approved');
      const who = await get(adminA, `/staff/exchange/services/${serviceId}?lang=en`);
      assert.match(who.body, /AGENCY-B\/CONS/, 'who may call the service');

      // Revoking needs a message, then takes effect; the history shows every step.
      assert.equal((await post(adminA, `/staff/exchange/requests/${id}/revoke`, { _csrf: adminA.csrf })).statusCode, 422);
      assert.equal((await post(adminA, `/staff/exchange/requests/${id}/revoke`, { _csrf: adminA.csrf, message: 'Contract ended' })).statusCode, 303);
      const done = await getAccessRequestOrFail(admin, system, id);
      assert.equal(done.status, 'revoked');
      assert.deepEqual(done.events.map((e) => e.status), ['pending', 'provider_approved', 'approved', 'revoked']);
      const history = await get(adminB, `/staff/exchange/requests/${id}?lang=en`);
      assert.match(history.body, /Contract ended/);
      assert.match(history.body, /Fine by us/);
      assert.equal((await post(adminA, `/staff/exchange/requests/${id}/revoke`, { _csrf: adminA.csrf, message: 'again' })).statusCode, 409);
    });

    test('the consumer withdraws a pending request; the operator grants directly', async () => {
      const filed = await post(adminB, '/staff/exchange/agencies/AGENCY-B/requests/new', {
        _csrf: adminB.csrf, consumerSubsystemId: String(consumerId), serviceId: String(serviceId), purpose: 'Second try', legalBasis: 'Act 12', mode: 'file',
      });
      assert.equal(filed.statusCode, 303, filed.body);
      const id = Number(/requests\/(\d+)/.exec(String(filed.headers.location))![1]);
      assert.equal((await post(adminB, `/staff/exchange/requests/${id}/withdraw`, { _csrf: adminB.csrf })).statusCode, 303);
      assert.equal((await getAccessRequestOrFail(admin, system, id)).status, 'withdrawn');

      const other = await createExchangeService(admin, system, providerId, { code: 'centres', nameFa: 'مراکز', nameEn: 'Centres', upstreamUrl: 'https://literacy.example/api', endpoints: [{ method: 'GET', path: '/centres' }] });
      const grantPage = await get(operator, '/staff/exchange/agencies/AGENCY-B/requests/new?lang=en');
      assert.match(grantPage.body, /value="grant"/);
      const granted = await post(operator, '/staff/exchange/agencies/AGENCY-B/requests/new', {
        _csrf: operator.csrf, consumerSubsystemId: String(consumerId), serviceId: String(other.id), purpose: 'Directory of centres', legalBasis: 'Board decision 7', mode: 'grant',
      });
      assert.equal(granted.statusCode, 303, granted.body);
      const { items } = await listAccessRequests(admin, system, { serviceId: other.id }, { offset: 0, limit: 10 });
      assert.deepEqual(items.map((r) => r.status), ['approved']);
    });

    test('every console page renders in Persian (rtl) and English with one h1', async () => {
      const { items } = await listAccessRequests(admin, system, {}, { offset: 0, limit: 1 });
      for (const url of ['/staff/exchange', '/staff/exchange/agencies/AGENCY-A', `/staff/exchange/subsystems/${providerId}`, `/staff/exchange/services/${serviceId}`, `/staff/exchange/services/${serviceId}/edit`, `/staff/exchange/subsystems/${providerId}/services/new`, '/staff/exchange/agencies/AGENCY-B/requests', '/staff/exchange/agencies/AGENCY-B/requests/new', `/staff/exchange/requests/${items[0]!.id}`, '/staff/exchange/board']) {
        for (const lang of ['fa', 'en']) {
          const res = await get(operator, `${url}?lang=${lang}`);
          assert.equal(res.statusCode, 200, `${url} ${lang}`);
          assert.match(res.body, lang === 'fa' ? /<html lang="fa" dir="rtl">/ : /<html lang="en" dir="ltr">/);
          assert.equal(res.body.match(/<h1[ >]/g)?.length, 1, `${url}: one h1`);
          assert.equal(res.headers['cache-control'], 'no-store');
          assert.doesNotMatch(res.body, /exchange\.[a-z]+\.[a-zA-Z]+/, `${url}: no untranslated key`);
        }
      }
    });
  });
}

describe('exchange console with shared secrets (demo deployments)', () => {
  test('a generated secret is shown once, in the answer to the post, and never on the page again', async () => {
    const t = await openTestApp('embedded', { GATEWAY_SHARED_SECRETS: 'true' });
    try {
      const admin = exchangeAdminDeps({ db: t.db, now: () => new Date() }, loadConfig({ NODE_ENV: 'test', GATEWAY_SHARED_SECRETS: 'true' }), { current: () => emptySnapshot, refreshNow: async () => {} });
      await seedAgencies(t, await t.as('operator'), ['AGENCY-S']);
      await createMember(admin, system, { agencyCode: 'AGENCY-S', memberClass: 'GOV', memberCode: 'S1' });
      const sub = await createSubsystem(admin, system, 'AGENCY-S', { code: 'DEMO', nameFa: 'نمایشی', nameEn: 'Demo' });
      const staff = await createStaff(t.db, { name: 'secret admin', role: 'agency_admin', agencyCode: 'AGENCY-S' });
      const { token } = await issueToken(t.db, staff.id);
      const login = await t.app.inject({ method: 'POST', url: '/staff/login', headers: formHeaders, payload: form({ token }) });
      const set = login.headers['set-cookie'];
      const cookie = (Array.isArray(set) ? set : [String(set)]).find((c) => c.startsWith('ow_staff='))!.split(';')[0]!;
      const page = await t.app.inject({ url: `/staff/exchange/subsystems/${sub.id}?lang=en`, headers: { cookie } });
      assert.match(page.body, /<option value="secret">/);
      const csrf = inputValue(page.body, '_csrf')!;
      const res = await t.app.inject({ method: 'POST', url: `/staff/exchange/subsystems/${sub.id}/credentials?lang=en`, headers: { ...formHeaders, cookie }, payload: form({ _csrf: csrf, kind: 'secret', material: '' }) });
      assert.equal(res.statusCode, 201);
      const secret = /<code dir="ltr">([A-Za-z0-9_-]{43})<\/code>/.exec(res.body)?.[1];
      assert.ok(secret, 'the secret is in the answer');
      assert.match(res.body, /shown only this once/);
      const [credential] = await listCredentials(admin, system, sub.id);
      assert.equal(credential!.kind, 'secret');
      const again = await t.app.inject({ url: `/staff/exchange/subsystems/${sub.id}?lang=en`, headers: { cookie } });
      assert.ok(!again.body.includes(secret), 'never shown again');
      assert.ok(again.body.includes(credential!.fingerprint));
    } finally {
      await t.close();
    }
  });
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { openTestApp, type TestApp } from '../../../test/support/app.ts';
import { testEngines } from '../../../test/support/database.ts';
import { seedAgencies, servicePayload } from '../../../test/support/fixtures.ts';
import { createStaff, issueToken } from '../../identity/index.ts';
import { loadConfig } from '../../config/load.ts';
import type { Principal } from '../../core/access.ts';
import { emptySnapshot } from '../snapshot.ts';
import { exchangeAdminDeps, type ExchangeAdminDeps } from '../admin/deps.ts';
import { createMember, getMemberOrFail, listMembers } from '../admin/members.ts';
import { createSubsystem, getSubsystemOrFail, listSubsystems } from '../admin/subsystems.ts';
import { listCredentials } from '../admin/credentials.ts';
import { createExchangeService, getExchangeServiceOrFail, listExchangeServices } from '../admin/exchange-services.ts';
import { fileAccessRequest, getAccessRequestOrFail, listAccessRequests } from '../admin/access-requests.ts';
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
      const staff = await createStaff(t.db, { name: agency ? `console ${role} ${agency}` : `console ${role}`, role, agencyCode: agency ?? null });
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
      await seedAgencies(t, await t.as('operator'), ['AGENCY-A', 'AGENCY-B', 'AGENCY-C']);
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

    test('the operator registers a member (after mistakes); agency admins and auditors are refused and see no form', async () => {
      const page = await get(operator, '/staff/exchange?lang=en');
      assert.match(page.body, /<form method="post" action="\/staff\/exchange\/members"/);
      assert.match(page.body, /<option value="AGENCY-C">/, 'an agency that is not a member is offered');
      assert.doesNotMatch(page.body, /<option value="AGENCY-A">/, 'a member is not offered again');
      assert.doesNotMatch((await get(auditor, '/staff/exchange?lang=en')).body, /action="\/staff\/exchange\/members"/, 'no form for an auditor');
      assert.doesNotMatch((await get(adminA, '/staff/exchange/agencies/AGENCY-A?lang=en')).body, /action="\/staff\/exchange\/members"/, 'no form for an agency admin');

      const fields = { agencyCode: 'AGENCY-C', memberClass: 'GOV', memberCode: 'C1' };
      for (const [who, s] of [['agency admin', adminA], ['other agency admin', adminB], ['auditor', auditor]] as const) {
        const res = await post(s, '/staff/exchange/members?lang=en', { ...fields, _csrf: s.csrf });
        assert.equal(res.statusCode, 403, who);
      }
      assert.equal((await post(undefined, '/staff/exchange/members', { ...fields, _csrf: 'x' })).statusCode, 401);
      assert.equal((await post(operator, '/staff/exchange/members?lang=en', fields)).statusCode, 403, 'no CSRF token');
      const countMembers = async () => (await listMembers(admin, { offset: 0, limit: 100 })).total;
      assert.equal(await countMembers(), 2, 'nothing written by a refused post');

      const bad = await post(operator, '/staff/exchange/members?lang=en', { _csrf: operator.csrf, agencyCode: '', memberClass: 'GOV', memberCode: 'bad code!' });
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /<div class="error-summary"/);
      assert.match(bad.body, /<a href="#member-agencyCode">/);
      assert.match(bad.body, /<a href="#member-memberCode">Member code may hold only/);
      assert.match(bad.body, /value="bad code!"/, 'what was typed is kept');
      assert.match(bad.body, /<title>Error: /);
      const taken = await post(operator, '/staff/exchange/members?lang=en', { _csrf: operator.csrf, agencyCode: 'AGENCY-C', memberClass: 'GOV', memberCode: 'A1' });
      assert.equal(taken.statusCode, 409);
      assert.match(taken.body, /<a href="#member-memberCode">Another member already has this class and code/);
      assert.match(taken.body, /<option value="AGENCY-C" selected>/, 'the choice is kept');
      const unknown = await post(operator, '/staff/exchange/members?lang=en', { _csrf: operator.csrf, agencyCode: 'NO-SUCH', memberClass: 'GOV', memberCode: 'X1' });
      assert.equal(unknown.statusCode, 422);
      assert.match(unknown.body, /<a href="#member-agencyCode">/);
      const already = await post(operator, '/staff/exchange/members?lang=en', { _csrf: operator.csrf, agencyCode: 'AGENCY-A', memberClass: 'GOV', memberCode: 'A2' });
      assert.equal(already.statusCode, 409);
      assert.match(already.body, /already a member of the data exchange/);
      assert.equal(await countMembers(), 2, 'nothing written by a form with mistakes');

      const res = await post(operator, '/staff/exchange/members', { _csrf: operator.csrf, ...fields, memberCode: ' C1 ' });
      assert.equal(res.statusCode, 303, res.body);
      assert.equal(res.headers.location, '/staff/exchange/agencies/AGENCY-C?saved=1');
      const member = await getMemberOrFail(admin, 'AGENCY-C');
      assert.deepEqual([member.memberClass, member.memberCode], ['GOV', 'C1']);
      const after = await get(operator, '/staff/exchange?lang=en');
      assert.match(after.body, /IR\/GOV\/C1/);
      assert.match(after.body, /Every agency in the registry is already a member/);
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

    test("a service's own rate limits and its catalog service are set, shown, checked and cleared", async () => {
      const created = await t.app.inject({ method: 'POST', url: '/api/v1/services', payload: servicePayload('AGENCY-A'), headers: await t.as('operator') });
      assert.equal(created.statusCode, 201, created.body);
      const catalogId = (created.json() as { id: string }).id;
      const url = `/staff/exchange/subsystems/${providerId}/services/new?lang=en`;
      const form = await get(adminA, url);
      assert.match(form.body, new RegExp(`<option value="${catalogId}">Literacy level inquiry \\(${catalogId}\\)</option>`), "the agency's catalog services are offered");
      assert.match(form.body, /id="service-rateLimitPerSecond"/);
      const fields = { _csrf: adminA.csrf, code: 'limited', nameFa: 'محدود', nameEn: 'Limited', upstreamUrl: 'https://limited.example/api', timeoutMs: '5000', maxBodyBytes: '1024', status: 'active', endpoints: 'GET /limited' };
      const count = async () => (await listExchangeServices(admin, system, { subsystemId: providerId }, { offset: 0, limit: 100 })).items.filter((s) => s.code === 'limited').length;

      const burstOnly = await post(adminA, url, { ...fields, rateLimitBurst: '40', nameEn: '' });
      assert.equal(burstOnly.statusCode, 422);
      assert.match(burstOnly.body, /<a href="#service-rateLimitBurst">Calls at once \(burst\) needs calls per second as well/);
      assert.match(burstOnly.body, /<a href="#service-nameEn">/, 'reported with the other mistakes');
      assert.match(burstOnly.body, /id="service-rateLimitBurst"[^>]*value="40"|value="40"[^>]*id="service-rateLimitBurst"/, 'the value is kept');
      const notNumbers = await post(adminA, url, { ...fields, rateLimitPerSecond: 'fast', rateLimitBurst: '0' });
      assert.equal(notNumbers.statusCode, 422);
      assert.match(notNumbers.body, /<a href="#service-rateLimitPerSecond">Calls per second must be a whole number/);
      assert.match(notNumbers.body, /<a href="#service-rateLimitBurst">Calls at once \(burst\) must be between 1 and 1,000,000/);
      const forged = await post(adminA, url, { ...fields, registryServiceId: 'IR-09999999-00' });
      assert.equal(forged.statusCode, 422, 'the service layer refuses a catalog service that does not exist');
      assert.match(forged.body, /<a href="#service-registryServiceId">Catalog service: there is no such service in the catalog/);
      assert.match(forged.body, /<option value="IR-09999999-00" selected>/, 'the choice is kept');
      assert.equal(await count(), 0, 'nothing written');

      const res = await post(adminA, url, { ...fields, rateLimitPerSecond: '۲۰', rateLimitBurst: '40', registryServiceId: catalogId });
      assert.equal(res.statusCode, 303, res.body);
      const id = Number(/services\/(\d+)/.exec(String(res.headers.location))![1]);
      const saved = await getExchangeServiceOrFail(admin, system, id);
      assert.deepEqual([saved.rateLimitPerSecond, saved.rateLimitBurst, saved.registryServiceId], [20, 40, catalogId]);
      const page = await get(adminA, `/staff/exchange/services/${id}?lang=en`);
      assert.match(page.body, new RegExp(`<a href="/services/${catalogId}" dir="ltr">${catalogId}</a>`));
      assert.match(page.body, /<dt>Calls per second<\/dt><dd>20<\/dd><dt>Calls at once \(burst\)<\/dt><dd>40<\/dd>/);

      // Editing: the form shows what is set; a burst alone is refused; empty boxes clear both and the link.
      const edit = await get(adminA, `/staff/exchange/services/${id}/edit?lang=en`);
      assert.match(edit.body, new RegExp(`<option value="${catalogId}" selected>`));
      const version = inputValue(edit.body, 'version')!;
      const { endpoints: _e, ...kept } = fields;
      const stillBurst = await post(adminA, `/staff/exchange/services/${id}/edit?lang=en`, { ...kept, version, rateLimitBurst: '5' });
      assert.equal(stillBurst.statusCode, 422);
      assert.equal((await getExchangeServiceOrFail(admin, system, id)).rateLimitPerSecond, 20, 'nothing written');
      const cleared = await post(adminA, `/staff/exchange/services/${id}/edit`, { ...kept, version, rateLimitPerSecond: '', rateLimitBurst: '', registryServiceId: '' });
      assert.equal(cleared.statusCode, 303, cleared.body);
      const after = await getExchangeServiceOrFail(admin, system, id);
      assert.deepEqual([after.rateLimitPerSecond, after.rateLimitBurst, after.registryServiceId], [null, null, null]);
      const shown = await get(adminA, `/staff/exchange/services/${id}?lang=en`);
      assert.match(shown.body, /<dt>Calls per second<\/dt><dd>The deployment's default<\/dd>/);
      assert.match(shown.body, /Not linked to a catalog service/);
      assert.equal((await post(adminB, `/staff/exchange/services/${id}/edit`, { ...kept, version: String(after.version), rateLimitPerSecond: '1' })).statusCode, 403, "not by another agency's admin");
      assert.equal((await getExchangeServiceOrFail(admin, system, id)).rateLimitPerSecond, null);
    });

    test('access rights: filed by the consumer, approved by the provider and the board, then revoked, with history', async () => {
      const newUrl = '/staff/exchange/agencies/AGENCY-B/requests/new?lang=en';
      const page = await get(adminB, `${newUrl}&service=${serviceId}`);
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
      // Who acted, by name: the consumer's admin filed, the provider's approved and revoked, the board approved.
      for (const name of ['console agency_admin AGENCY-B', 'console agency_admin AGENCY-A', 'console operator']) assert.match(history.body, new RegExp(`<td><bdi>${name}</bdi></td>`), name);
      assert.doesNotMatch(history.body, /staff:/, 'no account ids in place of names');
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
      const grantPage = await get(operator, `/staff/exchange/agencies/AGENCY-B/requests/new?lang=en&service=${other.id}`);
      assert.match(grantPage.body, /value="grant"/);
      const granted = await post(operator, '/staff/exchange/agencies/AGENCY-B/requests/new', {
        _csrf: operator.csrf, consumerSubsystemId: String(consumerId), serviceId: String(other.id), purpose: 'Directory of centres', legalBasis: 'Board decision 7', mode: 'grant',
      });
      assert.equal(granted.statusCode, 303, granted.body);
      const { items } = await listAccessRequests(admin, system, { serviceId: other.id }, { offset: 0, limit: 10 });
      assert.deepEqual(items.map((r) => r.status), ['approved']);
    });

    test('the history names OneWindow itself, and keeps the stored label when the account is gone', async () => {
      const other = await createSubsystem(admin, system, 'AGENCY-B', { code: 'HIST', nameFa: 'تاریخچه', nameEn: 'History' });
      const filed = await fileAccessRequest(admin, system, { consumerSubsystemId: other.id, serviceId, purpose: 'History', legalBasis: 'Act 1' });
      await t.db.run((q) => q.execute(sql`insert into exchange_access_request_events (request_id, at, status, actor, message) values (${filed.id}, now(), 'pending', 'staff:gone-account', 'left')`));
      const page = await get(adminA, `/staff/exchange/requests/${filed.id}?lang=en`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<td>OneWindow itself \(test\)<\/td>/);
      assert.match(page.body, /<td><span dir="ltr">staff:gone-account<\/span><\/td>/);
      const fa = await get(adminA, `/staff/exchange/requests/${filed.id}?lang=fa`);
      assert.match(fa.body, /<td>خود پنجره واحد \(test\)<\/td>/);
    });

    test('every console page renders in Persian (rtl) and English with one h1', async () => {
      const { items } = await listAccessRequests(admin, system, {}, { offset: 0, limit: 1 });
      for (const url of ['/staff/exchange', '/staff/exchange/agencies/AGENCY-A', `/staff/exchange/subsystems/${providerId}`, `/staff/exchange/services/${serviceId}`, `/staff/exchange/services/${serviceId}/edit`, `/staff/exchange/subsystems/${providerId}/services/new`, '/staff/exchange/agencies/AGENCY-B/requests', '/staff/exchange/agencies/AGENCY-B/requests/new', `/staff/exchange/agencies/AGENCY-B/requests/new?service=${serviceId}`, `/staff/exchange/requests/${items[0]!.id}`, '/staff/exchange/board']) {
        for (const lang of ['fa', 'en']) {
          const res = await get(operator, `${url}${url.includes('?') ? '&' : '?'}lang=${lang}`);
          assert.equal(res.statusCode, 200, `${url} ${lang}`);
          assert.match(res.body, lang === 'fa' ? /<html lang="fa" dir="rtl">/ : /<html lang="en" dir="ltr">/);
          assert.equal(res.body.match(/<h1[ >]/g)?.length, 1, `${url}: one h1`);
          assert.equal(res.headers['cache-control'], 'no-store');
          assert.doesNotMatch(res.body, /exchange\.[a-z]+\.[a-zA-Z]+/, `${url}: no untranslated key`);
        }
      }
    });

    test('long lists come in pages of 50 with numbered links kept in the address', async () => {
      // 51 more services of one system, and 51 requests waiting for the board plus 51 rights to one service.
      const many = await createSubsystem(admin, system, 'AGENCY-A', { code: 'MANY', nameFa: 'بسیار', nameEn: 'Many' });
      for (let i = 1; i <= 51; i++) {
        await createExchangeService(admin, system, many.id, { code: `svc-${String(i).padStart(2, '0')}`, nameFa: `خدمت ${i}`, nameEn: `Service ${i}`, upstreamUrl: 'https://many.example', endpoints: [{ method: 'GET', path: '/x' }] });
      }
      await t.db.run((q) =>
        q.execute(sql`insert into exchange_access_requests (consumer_subsystem_id, service_id, purpose, legal_basis, status, board_required)
          select ${consumerId}, ${serviceId}, 'Bulk', 'Act', case when g <= 51 then 'provider_approved' else 'approved' end, true from generate_series(1, 102) g`),
      );
      const pageLinks = (html: string) => [...html.matchAll(/<a href="([^"]+)" aria-label="Page \d+"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));

      // The agency's services: the second page holds what sorts last; a page past the end shows the last one.
      const first = await get(adminA, '/staff/exchange/agencies/AGENCY-A?lang=en&saved=1');
      assert.deepEqual(pageLinks(first.body), ['/staff/exchange/agencies/AGENCY-A?lang=en', '/staff/exchange/agencies/AGENCY-A?lang=en&page=2'], 'the notice is not carried along');
      assert.match(first.body, /MANY\/svc-01/);
      assert.doesNotMatch(first.body, /PROV\/literacy</);
      const second = await get(adminA, '/staff/exchange/agencies/AGENCY-A?lang=en&page=2');
      assert.match(second.body, /PROV\/literacy</);
      assert.doesNotMatch(second.body, /MANY\/svc-01</);
      assert.match(second.body, /aria-current="page"[^>]*>2</);
      assert.match((await get(adminA, '/staff/exchange/agencies/AGENCY-A?lang=en&page=999')).body, /PROV\/literacy</);
      assert.match((await get(adminA, '/staff/exchange/agencies/AGENCY-A?lang=en&page=abc')).body, /MANY\/svc-01</);

      // Two lists on one page: each has its own parameter and a named set of links that keeps the other's page.
      const sub = await get(adminA, `/staff/exchange/subsystems/${many.id}?lang=en&services=2`);
      assert.match(sub.body, />svc-51</);
      assert.doesNotMatch(sub.body, />svc-01</);
      assert.match(sub.body, /<nav aria-label="Pages: Services this system provides">/);
      const consumer = await get(adminB, `/staff/exchange/subsystems/${consumerId}?lang=en&services=4`);
      assert.match(consumer.body, /<nav aria-label="Pages: What this system may call">/);
      assert.ok(pageLinks(consumer.body).includes(`/staff/exchange/subsystems/${consumerId}?lang=en&services=4&rights=2`), 'the other list keeps its page');

      const { items: all } = await listAccessRequests(admin, system, { providerAgencyCode: 'AGENCY-A' }, { offset: 0, limit: 1000 });
      const oldest = all.at(-1)!.id;
      const requestLink = new RegExp(`/staff/exchange/requests/${oldest}"`);
      const incoming = await get(adminA, '/staff/exchange/agencies/AGENCY-A/requests?lang=en&outgoing=2');
      assert.doesNotMatch(incoming.body, requestLink);
      assert.ok(pageLinks(incoming.body).includes('/staff/exchange/agencies/AGENCY-A/requests?lang=en&outgoing=2&incoming=3'), 'the other list keeps its page');
      const last = await get(adminA, `/staff/exchange/agencies/AGENCY-A/requests?lang=en&incoming=${Math.ceil(all.length / 50)}`);
      assert.match(last.body, requestLink, 'the oldest request is on the last page');
      assert.match(last.body, /<nav aria-label="Pages: Requests to use this agency's services">/);
      const outgoing = await get(adminB, '/staff/exchange/agencies/AGENCY-B/requests?lang=en&outgoing=3');
      assert.match(outgoing.body, requestLink);

      const board = await get(operator, '/staff/exchange/board?lang=en');
      assert.ok(pageLinks(board.body).includes('/staff/exchange/board?lang=en&page=2'));
      const boardTwo = await get(operator, '/staff/exchange/board?lang=en&page=2');
      assert.equal(boardTwo.statusCode, 200);
      assert.equal([...boardTwo.body.matchAll(/<th scope="row"><a href="\/staff\/exchange\/requests\//g)].length, 1, 'one of 51 on the second page');
      const who = await get(adminA, `/staff/exchange/services/${serviceId}?lang=en&page=2`);
      assert.equal([...who.body.matchAll(/<th scope="row"><a href="\/staff\/exchange\/requests\//g)].length, 1, 'the 51st right on the second page');
      assert.ok(pageLinks(who.body).includes(`/staff/exchange/services/${serviceId}?lang=en`));
      const fa = await get(operator, '/staff/exchange/board?lang=fa');
      assert.match(fa.body, /<nav aria-label="صفحه‌های نتایج">/);
    });

    test('the service to ask for is found by a search with pages, beyond the first 500, in either language, by code or provider', async () => {
      // 600 active services sort before the one looked for (agency, system, then code), plus services with wildcards in their names.
      const bulk = await createSubsystem(admin, system, 'AGENCY-A', { code: 'BULK', nameFa: 'انبوه', nameEn: 'Bulk' });
      await t.db.run((q) =>
        q.execute(sql`insert into exchange_services (subsystem_id, code, name_fa, name_en, upstream_url, endpoints)
          select ${bulk.id}, 'bulk-' || lpad(g::text, 3, '0'), 'خدمت پرکننده ' || g, 'Filler service ' || g, 'https://bulk.example', '[{"method":"GET","path":"/x"}]'::jsonb from generate_series(1, 600) g`),
      );
      const make = (code: string, nameFa: string, nameEn: string, status: 'active' | 'disabled' = 'active') =>
        createExchangeService(admin, system, consumerId, { code, nameFa, nameEn, upstreamUrl: 'https://b.example/api', endpoints: [{ method: 'GET', path: '/x' }], status });
      const target = await make('marriage-check', 'گواهی ثبت ازدواج', 'Marriage certificate inquiry');
      const old = await make('marriage-old', 'گواهی ثبت ازدواج (کهنه)', 'Marriage certificate inquiry (old)', 'disabled');
      const percent = await make('uptime', 'گزارش دسترس‌پذیری', 'Uptime 100% report');
      const snake = await make('snake', 'جست‌وجوی مار', 'snake_case lookup');
      const newUrl = '/staff/exchange/agencies/AGENCY-B/requests/new';
      const chosen = (html: string) => [...html.matchAll(/href="\/staff\/exchange\/agencies\/AGENCY-B\/requests\/new\?service=(\d+)/g)].map((m) => Number(m[1]));
      const search = async (q: string, lang = 'en', extra = '') => {
        const res = await get(adminB, `${newUrl}?lang=${lang}&q=${encodeURIComponent(q)}${extra}`);
        assert.equal(res.statusCode, 200, `${q}: ${res.body.slice(0, 200)}`);
        return res;
      };

      // Without a query: every active service, in pages; the one looked for is far past the first 500.
      const all = await get(adminB, `${newUrl}?lang=en`);
      assert.match(all.body, /<form method="get" action="\/staff\/exchange\/agencies\/AGENCY-B\/requests\/new" role="search"/);
      assert.match(all.body, /<label for="request-service">Find the service<\/label>/, 'the search field is labelled');
      assert.match(all.body, /<p role="status">There are 6\d\d active services\. Search to narrow the list\.<\/p>/);
      assert.equal(chosen(all.body).length, 50);
      assert.ok(!chosen(all.body).includes(target.id));

      // By name in English (any case) and in Persian, whichever keyboard typed the yeh; by code; by the provider's member code and name.
      const english = await search('marriage CERTIFICATE');
      assert.deepEqual(chosen(english.body), [target.id], 'the disabled one is not offered');
      assert.match(english.body, /<p role="status">1 active service matches “\u2068marriage CERTIFICATE\u2069”\.<\/p>/);
      assert.match(english.body, /<title>[^<]*1 active service matches/, 'the count is in the title too');
      assert.match(english.body, new RegExp(`href="${newUrl}\\?service=${target.id}&amp;q=marriage\\+CERTIFICATE">Marriage certificate inquiry</a>`));
      assert.match(english.body, /<span dir="ltr">AGENCY-B\/CONS\/marriage-check<\/span>/);
      const persian = await search('ثبت ازدواج', 'fa');
      assert.deepEqual(chosen(persian.body), [target.id]);
      assert.match(persian.body, /<p role="status">۱ خدمت فعال با «\u2068ثبت ازدواج\u2069» جور است\.<\/p>/);
      assert.deepEqual(chosen((await search('گواهي', 'fa')).body), [target.id], 'an Arabic yeh finds a Persian one');
      assert.deepEqual(chosen((await search('MARRIAGE-check')).body), [target.id]);
      assert.deepEqual(chosen((await search('B1')).body).sort(), [percent.id, snake.id, target.id].sort(), "AGENCY-B's member code");
      assert.deepEqual(chosen((await search(' دستگاه   AGENCY-B ', 'fa')).body).sort(), [percent.id, snake.id, target.id].sort(), "the provider agency's name");

      // The wildcards of SQL LIKE are plain characters here.
      assert.deepEqual(chosen((await search('%')).body), [percent.id]);
      assert.deepEqual(chosen((await search('100%')).body), [percent.id]);
      assert.deepEqual(chosen((await search('_')).body), [snake.id]);
      assert.deepEqual(chosen((await search('snake%case')).body), []);
      assert.deepEqual(chosen((await search('\\')).body), []);
      assert.match((await search('no such thing')).body, /<p role="status">No active service matches “\u2068no such thing\u2069”/);

      // Pages of results keep the query; odd page numbers are the first or the last page; bad input is a 4xx, never a 500.
      const fillers = await search('Filler', 'en', '&page=2');
      assert.match(fillers.body, /600 active services match/);
      assert.match(fillers.body, /<nav aria-label="Pages: Active services">/);
      assert.match(fillers.body, /href="\/staff\/exchange\/agencies\/AGENCY-B\/requests\/new\?lang=en&amp;q=Filler&amp;page=3"/);
      assert.match(fillers.body, />Filler service 51</);
      assert.match((await search('Filler', 'en', '&page=999')).body, /aria-current="page"[^>]*>12</);
      assert.match((await search('Filler', 'en', '&page=-1')).body, /aria-current="page"[^>]*>1</);
      assert.equal((await get(adminB, `${newUrl}?q=${'x'.repeat(201)}`)).statusCode, 400);
      assert.equal((await get(adminB, `${newUrl}?q=a&q=b`)).statusCode, 400);
      assert.match((await get(adminB, `${newUrl}?lang=en&q=mar%00riage`)).body, /No active service matches/, 'a NUL is no 500');
      assert.equal((await get(adminB, `${newUrl}?service=abc`)).statusCode, 400);
      for (const id of [999_999, old.id]) {
        const gone = await get(adminB, `${newUrl}?lang=en&service=${id}`);
        assert.equal(gone.statusCode, 404, `service ${id}`);
        assert.match(gone.body, /<a href="#request-service">Service: search for the service and choose it from the results/);
      }

      // Choosing a service leads to the request for it; the request is filed.
      const form = await get(adminB, `${newUrl}?lang=en&service=${target.id}&q=marriage`);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, new RegExp(`<input type="hidden" name="serviceId" value="${target.id}"/>`));
      assert.match(form.body, new RegExp(`<a id="request-service" href="${newUrl}\\?q=marriage">Choose another service</a>`));
      const fields = { _csrf: adminB.csrf, consumerSubsystemId: String(consumerId), purpose: 'Checking marriages', legalBasis: 'Act 9', mode: 'file' };
      const forged = await post(adminB, `${newUrl}?lang=en`, { ...fields, serviceId: String(old.id) });
      assert.equal(forged.statusCode, 422, 'a disabled service cannot be chosen by hand either');
      assert.match(forged.body, /<a href="#request-service">/);
      const filed = await post(adminB, newUrl, { ...fields, serviceId: String(target.id) });
      assert.equal(filed.statusCode, 303, filed.body);
      const duplicate = await post(adminB, `${newUrl}?lang=en`, { ...fields, serviceId: String(target.id) });
      assert.equal(duplicate.statusCode, 409);
      assert.match(duplicate.body, /<a href="#request-service">This system already has an open request/);

      // The search is the request form's first step: the same people are refused.
      assert.equal((await get(auditor, `${newUrl}?q=marriage`)).statusCode, 403);
      assert.equal((await get(adminA, `${newUrl}?q=marriage&lang=en`)).statusCode, 403);
      assert.equal((await get(adminA, `${newUrl}?service=${target.id}`)).statusCode, 403);
      assert.equal((await get(undefined, `${newUrl}?q=marriage`)).statusCode, 303);
      assert.equal((await post(auditor, newUrl, { ...fields, _csrf: auditor.csrf, serviceId: String(percent.id) })).statusCode, 403);
      assert.equal((await post(adminA, newUrl, { ...fields, _csrf: adminA.csrf, serviceId: String(percent.id) })).statusCode, 403);
      assert.equal((await listAccessRequests(admin, system, { serviceId: percent.id }, { offset: 0, limit: 10 })).total, 0);
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

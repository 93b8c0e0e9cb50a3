import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestApp } from '../../../test/support/app.ts';
import { seedAgencies } from '../../../test/support/fixtures.ts';
import { loadConfig } from '../../config/load.ts';
import { emptySnapshot } from '../snapshot/index.ts';
import { exchangeAdminDeps } from '../admin/deps.ts';
import { createMember, getMemberOrFail, listMembers } from '../admin/members.ts';
import { createSubsystem, getSubsystemOrFail, listSubsystems } from '../admin/subsystems.ts';
import { listCredentials } from '../admin/credentials.ts';
import { testCertificatePem } from '../admin/certificate.test-support.ts';
import { pageClient, signIn, system, type ConsoleFixture } from './console-fixture.test-support.ts';

/** Who may see and change what in the console; the members page, an agency's page and a system's page with their forms. */
export function overviewSuite(c: ConsoleFixture) {
  describe('who may see and change what', () => {
    test('without a session, pages send the reader to sign in and posts are refused', async () => {
      const { admin, providerId, get, post } = c;
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
      const { admin, providerId, adminB, get, post } = c;
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
      const { admin, providerId, auditor, get, post } = c;
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
      const { admin, providerId, adminA, post } = c;
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
      const { providerId, adminA, operator, get, post } = c;
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
  });

  describe('members, systems and their credentials', () => {
    test('the operator registers a member (after mistakes); agency admins and auditors are refused and see no form', async () => {
      const { admin, adminA, adminB, auditor, operator, get, post } = c;
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
      const { admin, adminA, post } = c;
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
      const { admin, consumerId, adminA, adminB, get, post } = c;
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
  });
}

/** Demo deployments may hand out shared secrets: an app of its own, with the setting on. */
export function sharedSecretsSuite() {
  describe('exchange console with shared secrets (demo deployments)', () => {
    test('a generated secret is shown once, in the answer to the post, and never on the page again', async () => {
      const t = await openTestApp('embedded', { GATEWAY_SHARED_SECRETS: 'true' });
      try {
        const admin = exchangeAdminDeps({ db: t.db, now: () => new Date() }, loadConfig({ NODE_ENV: 'test', GATEWAY_SHARED_SECRETS: 'true' }), { current: () => emptySnapshot, refreshNow: async () => {} });
        await seedAgencies(t, await t.as('operator'), ['AGENCY-S']);
        await createMember(admin, system, { agencyCode: 'AGENCY-S', memberClass: 'GOV', memberCode: 'S1' });
        const sub = await createSubsystem(admin, system, 'AGENCY-S', { code: 'DEMO', nameFa: 'نمایشی', nameEn: 'Demo' });
        const session = await signIn(t, 'agency_admin', 'AGENCY-S');
        const { get, post } = pageClient(t);
        const page = await get(session, `/staff/exchange/subsystems/${sub.id}?lang=en`);
        assert.match(page.body, /<option value="secret">/);
        const res = await post(session, `/staff/exchange/subsystems/${sub.id}/credentials?lang=en`, { _csrf: session.csrf, kind: 'secret', material: '' });
        assert.equal(res.statusCode, 201);
        const secret = /<code dir="ltr">([A-Za-z0-9_-]{43})<\/code>/.exec(res.body)?.[1];
        assert.ok(secret, 'the secret is in the answer');
        assert.match(res.body, /shown only this once/);
        const [credential] = await listCredentials(admin, system, sub.id);
        assert.equal(credential!.kind, 'secret');
        const again = await get(session, `/staff/exchange/subsystems/${sub.id}?lang=en`);
        assert.ok(!again.body.includes(secret), 'never shown again');
        assert.ok(again.body.includes(credential!.fingerprint));
      } finally {
        await t.close();
      }
    });
  });
}

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { testEngines } from '../../../test/support/database.ts';
import { openTestApp, type TestApp } from '../../../test/support/app.ts';
import { signIn } from '../../exchange/pages/console-fixture.test-support.ts';

const body = (clientId: string, agencyCode: string, extra: Record<string, unknown> = {}) => ({
  clientId,
  agencyCode,
  nameFa: 'درگاه',
  nameEn: 'Portal',
  redirectUris: ['https://a.example/cb'],
  scopes: ['openid', 'profile'],
  authMethod: 'client_secret_basic',
  ...extra,
});

for (const engine of testEngines()) {
  describe(`/api/v1/identity/clients (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(engine);
      await t.db.run((q) => q.execute(sql`insert into agencies (code, name_fa, name_en, kind) values ('AAA', 'الف', 'A', 'other'), ('BBB', 'ب', 'B', 'other')`));
    });
    after(() => t.close());

    it('refuses callers without a staff role: anonymous, and a made-up token', async () => {
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/identity/clients' })).statusCode, 401);
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/identity/clients', payload: body('x-1', 'AAA') })).statusCode, 401);
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/identity/clients', headers: { authorization: 'Bearer ow_nope' } })).statusCode, 401);
    });

    it('an agency admin sees and changes only their own agency’s clients; auditors only read', async () => {
      const adminA = await t.as('agency_admin', 'AAA');
      const adminB = await t.as('agency_admin', 'BBB');
      const auditor = await t.as('auditor');
      const created = await t.app.inject({ method: 'POST', url: '/api/v1/identity/clients', headers: adminB, payload: body('b-portal', 'BBB') });
      assert.equal(created.statusCode, 201, created.body);
      assert.match(created.json().clientSecret, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(created.json().client.secretHash, undefined);
      const stored = await t.db.run((q) => q.execute(sql`select secret_hash from oidc_clients where client_id = 'b-portal'`));
      assert.notEqual((stored as unknown as { rows: { secret_hash: string }[] }).rows[0]!.secret_hash, created.json().clientSecret);

      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/identity/clients', headers: adminA, payload: body('a-into-b', 'BBB') })).json().code, 'FORBIDDEN_OTHER_AGENCY');
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/identity/clients/b-portal', headers: adminA })).statusCode, 404);
      assert.equal((await t.app.inject({ method: 'PATCH', url: '/api/v1/identity/clients/b-portal', headers: adminA, payload: { disabled: true } })).statusCode, 404);
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/identity/clients', headers: adminA })).json().items.length, 0);
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/identity/clients?agency=BBB', headers: adminA })).json().code, 'FORBIDDEN_OTHER_AGENCY');
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/identity/clients', headers: adminB })).json().items.length, 1);

      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/identity/clients/b-portal', headers: auditor })).statusCode, 200);
      assert.equal((await t.app.inject({ method: 'PATCH', url: '/api/v1/identity/clients/b-portal', headers: auditor, payload: { disabled: true } })).statusCode, 403);
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/identity/clients', headers: auditor, payload: body('aud-1', 'AAA') })).statusCode, 403);

      const changed = await t.app.inject({ method: 'PATCH', url: '/api/v1/identity/clients/b-portal', headers: adminB, payload: { disabled: true, newSecret: true } });
      assert.equal(changed.statusCode, 200);
      assert.equal(changed.json().client.disabled, true);
      assert.notEqual(changed.json().clientSecret, created.json().clientSecret);
    });

    it('only the operator marks a client first-party; bad registrations get clear 4xx codes', async () => {
      const adminA = await t.as('agency_admin', 'AAA');
      const operator = await t.as('operator');
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/identity/clients', headers: adminA, payload: body('a-1p', 'AAA', { firstParty: true }) })).json().code, 'OIDC_CLIENT_FIRST_PARTY_OPERATOR_ONLY');
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/identity/clients', headers: operator, payload: body('a-1p', 'AAA', { firstParty: true }) })).statusCode, 201);
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/identity/clients', headers: operator, payload: body('a-1p', 'AAA') })).json().code, 'OIDC_CLIENT_ID_TAKEN');
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/identity/clients', headers: adminA, payload: body('a-http', 'AAA', { redirectUris: ['http://a.example/cb'] }) })).json().code, 'OIDC_CLIENT_INVALID');
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/identity/clients', headers: adminA, payload: body('a-frag', 'AAA', { redirectUris: ['https://a.example/cb#x'] }) })).json().code, 'OIDC_CLIENT_INVALID');
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/identity/clients', headers: adminA, payload: body('a-hosts', 'AAA', { redirectUris: ['https://a.example/cb', 'https://b.example/cb'] }) })).json().code, 'OIDC_CLIENT_INVALID');
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/identity/clients', headers: adminA, payload: body('a-noid', 'AAA', { scopes: ['profile'] }) })).json().code, 'OIDC_CLIENT_INVALID');
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/identity/clients', headers: adminA, payload: body('a-jwt', 'AAA', { authMethod: 'private_key_jwt' }) })).json().code, 'OIDC_CLIENT_INVALID');
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/identity/clients', headers: operator, payload: body('nowhere', 'ZZZ') })).json().code, 'AGENCY_NOT_FOUND');
    });

    it('the console page lists only what the reader may see, and refuses people without a staff role', async () => {
      const anonymous = await t.app.inject({ url: '/staff/identity/clients', headers: { accept: 'text/html' } });
      assert.equal(anonymous.statusCode, 303);
      const adminA = await signIn(t, 'agency_admin', 'AAA');
      const pageA = await t.app.inject({ url: '/staff/identity/clients?lang=en', headers: { cookie: adminA.cookie } });
      assert.equal(pageA.statusCode, 200);
      assert.doesNotMatch(pageA.body, /b-portal/);
      const auditor = await signIn(t, 'auditor');
      const all = await t.app.inject({ url: '/staff/identity/clients?lang=en', headers: { cookie: auditor.cookie } });
      assert.match(all.body, /b-portal/);
      assert.match(all.body, /a-1p/);
    });
  });
}

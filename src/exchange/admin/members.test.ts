import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestApp, type TestApp } from '../../../test/support/app.ts';
import { testEngines } from '../../../test/support/database.ts';
import { seedAgencies } from '../../../test/support/fixtures.ts';
import { call, type Headers } from './api.test-support.ts';
import { testCertificateFingerprint, testCertificatePem } from './certificate.test-support.ts';
import { exportJWK, generateKeyPair, calculateJwkThumbprint } from 'jose';
import { createHash } from 'node:crypto';

for (const engine of testEngines()) {
  describe(`exchange members, subsystems and credentials (${engine})`, () => {
    let t: TestApp;
    let operator: Headers;
    let adminA: Headers;
    let adminB: Headers;
    let auditor: Headers;
    let subsystemId: number;
    before(async () => {
      t = await openTestApp(engine, { GATEWAY_SHARED_SECRETS: 'true' });
      operator = await t.as('operator');
      await seedAgencies(t, operator, ['AGENCY-A', 'AGENCY-B', 'AGENCY-C']);
      adminA = await t.as('agency_admin', 'AGENCY-A');
      adminB = await t.as('agency_admin', 'AGENCY-B');
      auditor = await t.as('auditor');
    });
    after(() => t.close());

    test('only the operator makes an agency a member', async () => {
      const payload = { agencyCode: 'AGENCY-A', memberClass: 'GOV', memberCode: '1001' };
      const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/exchange/members', payload });
      assert.equal(anonymous.statusCode, 401);
      for (const who of [adminA, auditor]) {
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/exchange/members', payload, headers: who });
        assert.equal(res.statusCode, 403);
      }
      assert.equal((await call(t, 'GET', '/exchange/members', undefined)).total, 0, 'nothing was written');
      const member = await call(t, 'POST', '/exchange/members', operator, payload);
      assert.deepEqual(member, { agencyCode: 'AGENCY-A', instance: 'IR', memberClass: 'GOV', memberCode: '1001', nameFa: 'دستگاه AGENCY-A', nameEn: 'Agency AGENCY-A' });
      await call(t, 'POST', '/exchange/members', operator, { agencyCode: 'AGENCY-B', memberClass: 'COM', memberCode: "b(2)+,-.=?'" });
      const list = await call(t, 'GET', '/exchange/members?limit=1', undefined);
      assert.equal(list.total, 2);
      assert.deepEqual(list.items.map((m: { agencyCode: string }) => m.agencyCode), ['AGENCY-A']);
      assert.equal(t.app.exchangeConfig.current().members.length, 2, "this node's snapshot already has them");
    });

    test('member identifiers follow the protocol; duplicates and unknown agencies are refused', async () => {
      for (const memberCode of ['a/b', 'a b', 'a%2F', '..', 'x'.repeat(256), 'کد']) {
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/exchange/members', payload: { agencyCode: 'AGENCY-C', memberClass: 'GOV', memberCode }, headers: operator });
        assert.equal(res.statusCode, 400, memberCode);
        if (memberCode.length <= 255) assert.equal(res.json().code, 'EXCHANGE_IDENTIFIER_INVALID', memberCode);
      }
      const again = await t.app.inject({ method: 'POST', url: '/api/v1/exchange/members', payload: { agencyCode: 'AGENCY-A', memberClass: 'GOV', memberCode: '9' }, headers: operator });
      assert.equal(again.json().code, 'EXCHANGE_MEMBER_EXISTS');
      const taken = await t.app.inject({ method: 'POST', url: '/api/v1/exchange/members', payload: { agencyCode: 'AGENCY-C', memberClass: 'GOV', memberCode: '1001' }, headers: operator });
      assert.equal(taken.json().code, 'EXCHANGE_MEMBER_ID_TAKEN');
      const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/exchange/members', payload: { agencyCode: 'NOPE', memberClass: 'GOV', memberCode: '5' }, headers: operator });
      assert.equal(unknown.json().code, 'AGENCY_NOT_FOUND');
      assert.equal((await t.app.inject({ url: '/api/v1/exchange/members/AGENCY-C' })).json().code, 'EXCHANGE_MEMBER_NOT_FOUND');
    });

    test("subsystems: an agency admin registers and changes their own member's only", async () => {
      const payload = { code: 'insurance', nameFa: 'بیمه', nameEn: 'Insurance' };
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/exchange/members/AGENCY-A/subsystems', payload })).statusCode, 401);
      const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/exchange/members/AGENCY-A/subsystems', payload, headers: adminB });
      assert.equal(wrong.statusCode, 403);
      assert.equal(wrong.json().code, 'FORBIDDEN_OTHER_AGENCY');
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/exchange/members/AGENCY-A/subsystems', payload, headers: auditor })).statusCode, 403);
      const notMember = await t.app.inject({ method: 'POST', url: '/api/v1/exchange/members/AGENCY-C/subsystems', payload, headers: operator });
      assert.equal(notMember.json().code, 'EXCHANGE_MEMBER_NOT_FOUND');
      const created = await call(t, 'POST', '/exchange/members/AGENCY-A/subsystems', adminA, payload);
      subsystemId = created.id;
      assert.equal(created.status, 'active');
      const dup = await t.app.inject({ method: 'POST', url: '/api/v1/exchange/members/AGENCY-A/subsystems', payload, headers: adminA });
      assert.equal(dup.json().code, 'EXCHANGE_SUBSYSTEM_CODE_TAKEN');
      const badCode = await t.app.inject({ method: 'POST', url: '/api/v1/exchange/members/AGENCY-A/subsystems', payload: { ...payload, code: 'a/b' }, headers: adminA });
      assert.equal(badCode.json().code, 'EXCHANGE_IDENTIFIER_INVALID');
      assert.equal(t.app.exchangeConfig.current().subsystem('IR/GOV/1001/insurance')?.subsystem.id, subsystemId);

      const patchWrong = await t.app.inject({ method: 'PATCH', url: `/api/v1/exchange/subsystems/${subsystemId}`, payload: { status: 'disabled' }, headers: adminB });
      assert.equal(patchWrong.json().code, 'FORBIDDEN_OTHER_AGENCY');
      assert.equal((await t.app.inject({ method: 'PATCH', url: `/api/v1/exchange/subsystems/${subsystemId}`, payload: { status: 'disabled' } })).statusCode, 401);
      const disabled = await call(t, 'PATCH', `/exchange/subsystems/${subsystemId}`, adminA, { status: 'disabled', version: 1 });
      assert.equal(disabled.version, 2);
      const stale = await t.app.inject({ method: 'PATCH', url: `/api/v1/exchange/subsystems/${subsystemId}`, payload: { status: 'active', version: 1 }, headers: adminA });
      assert.equal(stale.json().code, 'VERSION_CONFLICT');
      await call(t, 'PATCH', `/exchange/subsystems/${subsystemId}`, operator, { status: 'active', nameEn: 'Insurance system' });
      const listed = await call(t, 'GET', '/exchange/members/AGENCY-A/subsystems', undefined);
      assert.deepEqual(listed.items.map((s: { code: string; nameEn: string; status: string }) => [s.code, s.nameEn, s.status]), [['insurance', 'Insurance system', 'active']]);
    });

    test('credentials: certificate and JWK fingerprints, secrets shown once, wrong agency and anonymous refused', async () => {
      const url = `/api/v1/exchange/subsystems/${subsystemId}/credentials`;
      const cert = { kind: 'certificate', certificatePem: testCertificatePem, label: 'production' };
      assert.equal((await t.app.inject({ method: 'POST', url, payload: cert })).statusCode, 401);
      assert.equal((await t.app.inject({ method: 'POST', url, payload: cert, headers: adminB })).json().code, 'FORBIDDEN_OTHER_AGENCY');
      assert.equal((await t.app.inject({ url })).statusCode, 401);
      assert.equal((await t.app.inject({ url, headers: adminB })).json().code, 'FORBIDDEN_OTHER_AGENCY');

      const registered = await call(t, 'POST', `/exchange/subsystems/${subsystemId}/credentials`, adminA, cert);
      assert.equal(registered.credential.fingerprint, testCertificateFingerprint);
      assert.equal(registered.secret, undefined);
      assert.equal((await t.app.inject({ method: 'POST', url, payload: cert, headers: adminA })).json().code, 'EXCHANGE_CREDENTIAL_TAKEN');
      assert.equal(t.app.exchangeConfig.current().credential('certificate', testCertificateFingerprint)?.subsystem.subsystem.id, subsystemId);

      const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
      const jwk = await call(t, 'POST', `/exchange/subsystems/${subsystemId}/credentials`, operator, { kind: 'jwk', publicJwk: await exportJWK(publicKey) });
      assert.equal(jwk.credential.fingerprint, await calculateJwkThumbprint(await exportJWK(publicKey), 'sha256'));
      const privateUpload = await t.app.inject({ method: 'POST', url, payload: { kind: 'jwk', publicJwk: await exportJWK(privateKey) }, headers: adminA });
      assert.equal(privateUpload.statusCode, 400);
      assert.equal(privateUpload.json().code, 'EXCHANGE_CREDENTIAL_INVALID');
      assert.equal(privateUpload.json().reason, 'private_key');
      const garbage = await t.app.inject({ method: 'POST', url, payload: { kind: 'certificate', certificatePem: 'not a certificate' }, headers: adminA });
      assert.equal(garbage.json().code, 'EXCHANGE_CREDENTIAL_INVALID');

      const secret = await call(t, 'POST', `/exchange/subsystems/${subsystemId}/credentials`, adminA, { kind: 'secret', label: 'demo' });
      assert.equal(secret.credential.fingerprint, createHash('sha256').update(secret.secret).digest('hex'));
      const listed = await call(t, 'GET', `/exchange/subsystems/${subsystemId}/credentials`, auditor);
      assert.equal(listed.items.length, 3);
      assert.ok(!JSON.stringify(listed).includes(secret.secret), 'the secret is never listed');

      assert.equal((await t.app.inject({ method: 'POST', url: `/api/v1/exchange/credentials/${secret.credential.id}/revoke`, headers: adminB })).json().code, 'FORBIDDEN_OTHER_AGENCY');
      assert.equal((await t.app.inject({ method: 'POST', url: `/api/v1/exchange/credentials/${secret.credential.id}/revoke` })).statusCode, 401);
      const revoked = await call(t, 'POST', `/exchange/credentials/${secret.credential.id}/revoke`, adminA, undefined, 200);
      assert.ok(revoked.revokedAt);
      assert.equal(t.app.exchangeConfig.current().credential('secret', secret.credential.fingerprint), undefined, 'revoked on this node at once');
      const twice = await t.app.inject({ method: 'POST', url: `/api/v1/exchange/credentials/${secret.credential.id}/revoke`, headers: adminA });
      assert.equal(twice.json().code, 'EXCHANGE_CREDENTIAL_REVOKED');
    });

    test('shared secrets are refused unless the deployment enables them', async () => {
      const plain = await openTestApp(engine);
      try {
        const op = await plain.as('operator');
        await seedAgencies(plain, op, ['AGENCY-A']);
        await call(plain, 'POST', '/exchange/members', op, { agencyCode: 'AGENCY-A', memberClass: 'GOV', memberCode: 'A' });
        const sub = await call(plain, 'POST', '/exchange/members/AGENCY-A/subsystems', op, { code: 's', nameFa: 'س', nameEn: 'S' });
        const res = await plain.app.inject({ method: 'POST', url: `/api/v1/exchange/subsystems/${sub.id}/credentials`, payload: { kind: 'secret' }, headers: op });
        assert.equal(res.statusCode, 403);
        assert.equal(res.json().code, 'EXCHANGE_SHARED_SECRETS_DISABLED');
        assert.deepEqual((await call(plain, 'GET', `/exchange/subsystems/${sub.id}/credentials`, op)).items, []);
      } finally {
        await plain.close();
      }
    });
  });
}

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestApp, type TestApp } from '../../../test/support/app.ts';
import { testEngines } from '../../../test/support/database.ts';
import { readExchangeVersion } from '../state.ts';
import { call, seedExchange } from './api.test-support.ts';

/**
 * Every protected route of the management API, called by someone who may not: nobody signed
 * in (401), and an admin of an agency that is not a party (403). Nothing may change.
 */
for (const engine of testEngines()) {
  describe(`exchange management routes refuse callers without the right (${engine})`, () => {
    let t: TestApp;
    let s: Awaited<ReturnType<typeof seedExchange>>;
    let requestId: number;
    let credentialId: number;
    let registrationId: number;
    before(async () => {
      t = await openTestApp(engine, { GATEWAY_SHARED_SECRETS: 'true' });
      s = await seedExchange(t);
      requestId = (await call(t, 'POST', '/exchange/access-requests', s.healthAdmin, { consumerSubsystemId: s.consumerId, serviceId: s.serviceId, purpose: 'p', legalBasis: 'l' })).id;
      credentialId = (await call(t, 'POST', `/exchange/subsystems/${s.consumerId}/credentials`, s.healthAdmin, { kind: 'secret' })).credential.id;
      registrationId = (await call(t, 'GET', '/exchange/members/LITERACY/upstreams', s.operator)).items[0].id;
    });
    after(() => t.close());

    /** `auditorReads: false`: a GET the auditor may not make either (backend addresses). */
    const routes = (): { method: 'GET' | 'POST' | 'PATCH' | 'PUT'; url: string; payload?: Record<string, unknown>; otherAgency: boolean; auditorReads?: false }[] => [
      { method: 'POST', url: '/exchange/members', payload: { agencyCode: 'OTHER', memberClass: 'GOV', memberCode: 'X' }, otherAgency: true },
      { method: 'GET', url: '/exchange/members/LITERACY/upstreams', otherAgency: true, auditorReads: false },
      { method: 'POST', url: '/exchange/members/LITERACY/upstreams', payload: { url: 'https://x.example/' }, otherAgency: true },
      { method: 'POST', url: `/exchange/members/LITERACY/upstreams/${registrationId}/revoke`, otherAgency: true },
      { method: 'POST', url: '/exchange/members/LITERACY/subsystems', payload: { code: 'x', nameFa: 'x', nameEn: 'x' }, otherAgency: true },
      { method: 'PATCH', url: `/exchange/subsystems/${s.providerId}`, payload: { status: 'disabled' }, otherAgency: true },
      { method: 'PUT', url: `/exchange/subsystems/${s.consumerId}/rate-limit`, payload: { rateLimitPerSecond: 1 }, otherAgency: true },
      { method: 'GET', url: `/exchange/subsystems/${s.consumerId}/credentials`, otherAgency: true },
      { method: 'POST', url: `/exchange/subsystems/${s.consumerId}/credentials`, payload: { kind: 'secret' }, otherAgency: true },
      { method: 'POST', url: `/exchange/credentials/${credentialId}/revoke`, otherAgency: true },
      { method: 'GET', url: `/exchange/subsystems/${s.consumerId}/rights`, otherAgency: true },
      { method: 'GET', url: '/exchange/services', otherAgency: false },
      { method: 'POST', url: `/exchange/subsystems/${s.providerId}/services`, payload: { code: 'x', nameFa: 'x', nameEn: 'x', upstreamUrl: 'http://a/', endpoints: [{ method: 'GET', path: '/' }] }, otherAgency: true },
      { method: 'GET', url: `/exchange/services/${s.serviceId}`, otherAgency: false },
      { method: 'PATCH', url: `/exchange/services/${s.serviceId}`, payload: { status: 'disabled' }, otherAgency: true },
      { method: 'GET', url: `/exchange/services/${s.serviceId}/openapi`, otherAgency: false },
      { method: 'GET', url: `/exchange/services/${s.serviceId}/rights`, otherAgency: true },
      { method: 'GET', url: '/exchange/access-requests', otherAgency: false },
      { method: 'POST', url: '/exchange/access-requests', payload: { consumerSubsystemId: s.consumerId, serviceId: s.serviceId, purpose: 'p', legalBasis: 'l' }, otherAgency: true },
      { method: 'POST', url: '/exchange/access-grants', payload: { consumerSubsystemId: s.consumerId, serviceId: s.serviceId, purpose: 'p', legalBasis: 'l' }, otherAgency: true },
      { method: 'GET', url: `/exchange/access-requests/${requestId}`, otherAgency: true },
      { method: 'PUT', url: `/exchange/access-requests/${requestId}/quota`, payload: { rateLimitPerSecond: 1 }, otherAgency: true },
      { method: 'POST', url: `/exchange/access-requests/${requestId}/approve`, payload: {}, otherAgency: true },
      { method: 'POST', url: `/exchange/access-requests/${requestId}/refuse`, payload: { message: 'no' }, otherAgency: true },
      { method: 'POST', url: `/exchange/access-requests/${requestId}/withdraw`, payload: {}, otherAgency: true },
      { method: 'POST', url: `/exchange/access-requests/${requestId}/revoke`, payload: { message: 'no' }, otherAgency: true },
    ];

    test('anonymous callers get 401, admins of an uninvolved agency 403, and nothing changes', async () => {
      const version = await t.db.run(readExchangeVersion);
      const snapshot = t.app.exchangeConfig.current();
      for (const r of routes()) {
        const base = { method: r.method, url: `/api/v1${r.url}`, ...(r.payload ? { payload: r.payload } : {}) };
        const anonymous = await t.app.inject(base);
        assert.equal(anonymous.statusCode, 401, `${r.method} ${r.url} anonymous`);
        assert.equal(anonymous.json().code, 'UNAUTHENTICATED');
        if (!r.otherAgency) continue;
        const other = await t.app.inject({ ...base, headers: s.otherAdmin });
        assert.equal(other.statusCode, 403, `${r.method} ${r.url} other agency: ${other.body}`);
        assert.ok(['FORBIDDEN', 'FORBIDDEN_OTHER_AGENCY'].includes(other.json().code));
      }
      assert.equal(await t.db.run(readExchangeVersion), version, 'no refused call wrote anything');
      assert.equal(t.app.exchangeConfig.current(), snapshot);
    });

    test('auditors read but never write', async () => {
      for (const r of routes()) {
        const res = await t.app.inject({ method: r.method, url: `/api/v1${r.url}`, headers: s.auditor, ...(r.payload ? { payload: r.payload } : {}) });
        if (r.method === 'GET' && r.auditorReads !== false) assert.ok(res.statusCode === 200 || res.json().code === 'EXCHANGE_OPENAPI_NOT_FOUND', `${r.url}: ${res.body}`);
        else assert.equal(res.statusCode, 403, `${r.method} ${r.url}`);
      }
    });
  });
}

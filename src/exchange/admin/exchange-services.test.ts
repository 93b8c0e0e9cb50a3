import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestApp, type TestApp } from '../../../test/support/app.ts';
import { testEngines } from '../../../test/support/database.ts';
import { servicePayload } from '../../../test/support/fixtures.ts';
import { referenceAgencies } from '../../../demo/agencies/start.ts';
import { call, seedExchange } from './api.test-support.ts';

type Seed = Awaited<ReturnType<typeof seedExchange>>;
const civilRegistry = referenceAgencies({ today: () => '2026-11-28' }).find((a) => a.code === 'civil-registry')!;
const openapi = JSON.parse(JSON.stringify(civilRegistry.openapi)) as Record<string, unknown>;

for (const engine of testEngines()) {
  describe(`exchange services (${engine})`, () => {
    let t: TestApp;
    let s: Seed;
    let serviceId: number;
    const base = { code: 'person', nameFa: 'استعلام فرد', nameEn: 'Person inquiry', upstreamUrl: 'https://civil.example/api/' };
    before(async () => {
      t = await openTestApp(engine);
      s = await seedExchange(t);
      await call(t, 'POST', '/exchange/members/LITERACY/upstreams', s.operator, { url: 'https://civil.example/' });
    });
    after(() => t.close());
    const post = (headers: Record<string, string> | undefined, payload: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: `/api/v1/exchange/subsystems/${s.providerId}/services`, payload, ...(headers ? { headers } : {}) });

    test('publishing a service is refused to anonymous callers, auditors and other agencies', async () => {
      const payload = { ...base, openapi };
      assert.equal((await post(undefined, payload)).statusCode, 401);
      assert.equal((await post(s.auditor, payload)).statusCode, 403);
      const other = await post(s.healthAdmin, payload);
      assert.equal(other.statusCode, 403);
      assert.equal(other.json().code, 'FORBIDDEN_OTHER_AGENCY');
      assert.equal((await call(t, 'GET', `/exchange/services?subsystemId=${s.providerId}`, s.operator)).total, 1, 'only the seeded service');
      assert.equal((await t.app.inject({ url: '/api/v1/exchange/services' })).statusCode, 401);
    });

    test('an uploaded OpenAPI document gives the endpoints; the document is served back', async () => {
      const created = await call(t, 'POST', `/exchange/subsystems/${s.providerId}/services`, s.literacyAdmin, { ...base, serviceVersion: 'v1', openapi, dataSubject: { in: 'path', name: 'nationalCode' }, timeoutMs: 5000 });
      serviceId = created.id;
      assert.equal(created.serviceType, 'OPENAPI');
      assert.equal(created.hasOpenapi, true);
      assert.equal(created.openapi, undefined, 'the document is not repeated in the service');
      assert.deepEqual(created.endpoints, [
        { method: 'GET', path: '/persons/{nationalCode}' },
        { method: 'GET', path: '/persons/{nationalCode}/guardianship' },
        { method: 'GET', path: '/foreign-nationals/{foreignNationalId}' },
      ]);
      assert.equal(created.timeoutMs, 5000);
      assert.equal(created.maxBodyBytes, 10485760);
      assert.deepEqual(await call(t, 'GET', `/exchange/services/${serviceId}/openapi`, s.healthAdmin), openapi);
      const entry = t.app.exchangeConfig.current().service('IR/GOV/LIT/levels/person');
      assert.equal(entry?.service.id, serviceId);
      assert.ok(entry.endpoints.some((e) => e.matches('GET', '/persons/0012345678')));
      const rest = await t.app.inject({ url: `/api/v1/exchange/services/${s.serviceId}/openapi`, headers: s.operator });
      assert.equal(rest.json().code, 'EXCHANGE_OPENAPI_NOT_FOUND');
    });

    test('bad services are refused with stable codes and nothing is written', async () => {
      const cases: [Record<string, unknown>, number, string][] = [
        [{ ...base, code: 'p2', openapi: { swagger: '2.0', paths: {} } }, 400, 'EXCHANGE_OPENAPI_INVALID'],
        [{ ...base, code: 'p2', openapi: { openapi: '3.0.0', paths: {} } }, 400, 'EXCHANGE_OPENAPI_INVALID'],
        [{ ...base, code: 'p2' }, 422, 'EXCHANGE_SERVICE_ENDPOINTS_INVALID'],
        [{ ...base, code: 'p2', openapi, endpoints: [{ method: 'GET', path: '/x' }] }, 422, 'EXCHANGE_SERVICE_ENDPOINTS_INVALID'],
        [{ ...base, code: 'p/2', openapi }, 400, 'EXCHANGE_IDENTIFIER_INVALID'],
        [{ ...base, code: 'p2', serviceVersion: 'v 1', openapi }, 400, 'EXCHANGE_IDENTIFIER_INVALID'],
        [{ ...base, code: 'p2', openapi, upstreamUrl: 'ftp://civil.example/' }, 400, 'EXCHANGE_UPSTREAM_URL_INVALID'],
        [{ ...base, code: 'p2', openapi, upstreamUrl: 'https://user:pw@civil.example/' }, 400, 'EXCHANGE_UPSTREAM_URL_INVALID'],
        [{ ...base, code: 'p2', openapi, upstreamUrl: 'https://civil.example/?key=1' }, 400, 'EXCHANGE_UPSTREAM_URL_INVALID'],
        [{ ...base, code: 'p2', openapi, upstreamUrl: 'not a url' }, 400, 'EXCHANGE_UPSTREAM_URL_INVALID'],
        [{ ...base, code: 'p2', openapi, dataSubject: { in: 'path', name: 'code' } }, 422, 'EXCHANGE_DATA_SUBJECT_INVALID'],
        [{ ...base, code: 'p2', openapi, dataSubject: { in: 'cookie', name: 'x' } }, 400, 'VALIDATION_FAILED'],
        [{ ...base, code: 'p2', openapi, registryServiceId: 'IR-99999999-00' }, 422, 'EXCHANGE_REGISTRY_SERVICE_NOT_FOUND'],
        [{ ...base, code: 'p2', openapi, rateLimitBurst: 10 }, 400, 'VALIDATION_FAILED'],
        [{ ...base, code: 'p2', openapi, timeoutMs: 10 }, 400, 'VALIDATION_FAILED'],
        [{ ...base, code: 'p2', endpoints: [{ method: 'BREW', path: '/x' }] }, 400, 'VALIDATION_FAILED'],
        [{ ...base, code: 'p2', endpoints: [{ method: 'GET', path: 'x' }] }, 400, 'VALIDATION_FAILED'],
        [{ ...base, code: 'person', openapi }, 409, 'EXCHANGE_SERVICE_CODE_TAKEN'],
      ];
      for (const [payload, status, code] of cases) {
        const res = await post(s.literacyAdmin, payload);
        assert.equal(res.statusCode, status, `${JSON.stringify(payload).slice(0, 160)} → ${res.body}`);
        assert.equal(res.json().code, code, JSON.stringify(payload).slice(0, 160));
      }
      assert.equal((await call(t, 'GET', `/exchange/services?subsystemId=${s.providerId}`, s.operator)).total, 2);
    });

    test('a service links to a catalog service; updates replace endpoints and keep the rules', async () => {
      const catalog = await call(t, 'POST', '/services', s.operator, servicePayload('LITERACY'));
      const url = `/exchange/services/${serviceId}`;
      assert.equal((await t.app.inject({ method: 'PATCH', url: `/api/v1${url}`, payload: { status: 'disabled' } })).statusCode, 401);
      assert.equal((await t.app.inject({ method: 'PATCH', url: `/api/v1${url}`, payload: { status: 'disabled' }, headers: s.healthAdmin })).json().code, 'FORBIDDEN_OTHER_AGENCY');
      const linked = await call(t, 'PATCH', url, s.literacyAdmin, { registryServiceId: catalog.id, version: 1 });
      assert.equal(linked.registryServiceId, catalog.id);
      assert.equal(linked.version, 2);
      const stale = await t.app.inject({ method: 'PATCH', url: `/api/v1${url}`, payload: { nameEn: 'x', version: 1 }, headers: s.literacyAdmin });
      assert.equal(stale.json().code, 'VERSION_CONFLICT');
      const breaksSubject = await t.app.inject({ method: 'PATCH', url: `/api/v1${url}`, payload: { endpoints: [{ method: 'GET', path: '/persons' }] }, headers: s.literacyAdmin });
      assert.equal(breaksSubject.json().code, 'EXCHANGE_DATA_SUBJECT_INVALID', 'the data subject must stay a path parameter');
      const rest = await call(t, 'PATCH', url, s.operator, { endpoints: [{ method: 'get', path: '/persons/{nationalCode}' }], dataSubject: { in: 'path', name: 'nationalCode' }, rateLimitPerSecond: 50, rateLimitBurst: 100 });
      assert.equal(rest.serviceType, 'REST');
      assert.equal(rest.hasOpenapi, false);
      assert.deepEqual(rest.endpoints, [{ method: 'GET', path: '/persons/{nationalCode}' }]);
      const got = await call(t, 'GET', url, s.auditor);
      assert.equal(got.version, 3);
      assert.equal(got.rateLimitBurst, 100);
      const list = await call(t, 'GET', '/exchange/services?agency=LITERACY&q=person', s.healthAdmin);
      assert.deepEqual(list.items.map((x: { code: string; agencyCode: string; subsystemCode: string }) => [x.agencyCode, x.subsystemCode, x.code]), [['LITERACY', 'levels', 'person']]);
      assert.equal((await call(t, 'GET', '/exchange/services?q=LIT', s.healthAdmin)).total, 2, 'by the provider agency, whatever the service is called');
      assert.equal((await call(t, 'GET', '/exchange/services?q=%25', s.healthAdmin)).total, 0, 'a % is a plain character');
      assert.equal(t.app.exchangeConfig.current().serviceById(serviceId)?.service.rateLimitPerSecond, 50);
      assert.equal((await t.app.inject({ url: '/api/v1/exchange/services/999999', headers: s.operator })).json().code, 'EXCHANGE_SERVICE_NOT_FOUND');
    });
  });
}

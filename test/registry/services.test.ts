import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestApp, type TestApp } from '../support/app.ts';
import { testEngines } from '../support/database.ts';
import { seedAgencies, servicePayload } from '../support/fixtures.ts';
import { parseServiceId } from '../../src/core/service-id.ts';
import { countryPacks } from '../../src/core/country-packs/index.ts';

type Headers = { authorization: string };

for (const engine of testEngines()) {
  describe(`services API (${engine})`, () => {
    let t: TestApp;
    let operator: Headers;
    let adminA: Headers;
    let adminB: Headers;
    let serviceId: string;
    before(async () => {
      t = await openTestApp(engine);
      operator = await t.as('operator');
      await seedAgencies(t, operator, ['AGENCY-A', 'AGENCY-B']);
      adminA = await t.as('agency_admin', 'AGENCY-A');
      adminB = await t.as('agency_admin', 'AGENCY-B');
    });
    after(() => t.close());

    test('refuses to register a service without a token, as an auditor, or for another agency', async () => {
      const payload = servicePayload('AGENCY-A');
      const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/services', payload });
      assert.equal(anonymous.statusCode, 401);
      const auditor = await t.app.inject({ method: 'POST', url: '/api/v1/services', payload, headers: await t.as('auditor') });
      assert.equal(auditor.statusCode, 403);
      const other = await t.app.inject({ method: 'POST', url: '/api/v1/services', payload, headers: adminB });
      assert.equal(other.statusCode, 403);
      assert.equal(other.json().code, 'FORBIDDEN_OTHER_AGENCY');
      assert.equal((await t.app.inject({ url: '/api/v1/services' })).json().total, 0);
    });

    test("an agency admin registers a service of their own agency and gets a checked identifier", async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/services', payload: servicePayload('AGENCY-A', { externalCode: '12345678901' }), headers: adminA });
      assert.equal(res.statusCode, 201, res.body);
      serviceId = res.json().id;
      assert.ok(parseServiceId(countryPacks.ir, serviceId).ok);
      assert.equal(res.json().feeAmount, null);
      const explicitNull = await t.app.inject({ method: 'POST', url: '/api/v1/services', payload: servicePayload('AGENCY-A', { feeAmount: null, slaDays: null }), headers: adminA });
      assert.equal(explicitNull.json().feeAmount, null, 'null stays "not stated", never becomes free');
      assert.equal(explicitNull.json().slaDays, null);
      const wrongType = await t.app.inject({ method: 'POST', url: '/api/v1/services', payload: servicePayload('AGENCY-A', { maturity: '3' }), headers: adminA });
      assert.equal(wrongType.statusCode, 400, 'a number sent as a string is refused in a JSON body');
      assert.deepEqual(res.json().requiredEvidence, []);
      const got = await t.app.inject({ url: `/api/v1/services/${serviceId}` });
      assert.equal(got.json().nameFa, 'استعلام سطح سواد');
      const lower = await t.app.inject({ url: `/api/v1/services/${serviceId.toLowerCase().replaceAll('-', '')}` });
      assert.equal(lower.statusCode, 200, 'identifier typed without hyphens in lower case is accepted');
      const second = await t.app.inject({ method: 'POST', url: '/api/v1/services', payload: servicePayload('AGENCY-A'), headers: operator });
      assert.notEqual(second.json().id, serviceId);
      assert.notEqual(explicitNull.json().id, serviceId);
    });

    test('an identifier with a wrong check digit is rejected, an unknown one is not found', async () => {
      const broken = serviceId.slice(0, -1) + String((Number(serviceId.at(-1)) + 1) % 10);
      const res = await t.app.inject({ url: `/api/v1/services/${broken}` });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().code, 'SERVICE_ID_INVALID');
      const garbage = await t.app.inject({ url: `/api/v1/services/${encodeURIComponent('<script>')}` });
      assert.equal(garbage.statusCode, 400);
    });

    test('another agency admin may not change or retire the service', async () => {
      const patch = await t.app.inject({ method: 'PATCH', url: `/api/v1/services/${serviceId}`, payload: { nameEn: 'Hijacked' }, headers: adminB });
      assert.equal(patch.statusCode, 403);
      const retire = await t.app.inject({ method: 'POST', url: `/api/v1/services/${serviceId}/retire`, headers: adminB });
      assert.equal(retire.statusCode, 403);
      const history = await t.app.inject({ url: `/api/v1/services/${serviceId}/history`, headers: adminB });
      assert.equal(history.statusCode, 403);
      assert.equal((await t.app.inject({ url: `/api/v1/services/${serviceId}` })).json().nameEn, 'Literacy level inquiry');
    });

    test('changes keep a history and inconsistent maturity is refused', async () => {
      const bad = await t.app.inject({ method: 'PATCH', url: `/api/v1/services/${serviceId}`, payload: { maturity: 1 }, headers: adminA });
      assert.equal(bad.statusCode, 422);
      assert.equal(bad.json().code, 'SERVICE_MATURITY_INCONSISTENT');
      const ok = await t.app.inject({ method: 'PATCH', url: `/api/v1/services/${serviceId}`, payload: { maturity: 4, slaDays: 3 }, headers: adminA });
      assert.equal(ok.statusCode, 200, ok.body);
      const history = (await t.app.inject({ url: `/api/v1/services/${serviceId}/history`, headers: await t.as('auditor') })).json().items;
      assert.deepEqual(history.map((h: { action: string }) => h.action), ['create', 'update']);
      assert.deepEqual(history[1].changes, { maturity: [3, 4], slaDays: [null, 3] });
    });

    test('sub-services: same agency only, no cycles; retiring cascades and the identifier is never reused', async () => {
      const child = await t.app.inject({ method: 'POST', url: '/api/v1/services', payload: servicePayload('AGENCY-A', { parentId: serviceId }), headers: adminA });
      assert.equal(child.statusCode, 201, child.body);
      const childId = child.json().id;
      const foreign = await t.app.inject({ method: 'POST', url: '/api/v1/services', payload: servicePayload('AGENCY-B', { parentId: serviceId }), headers: operator });
      assert.equal(foreign.json().code, 'SERVICE_PARENT_OTHER_AGENCY');
      const cycle = await t.app.inject({ method: 'PATCH', url: `/api/v1/services/${serviceId}`, payload: { parentId: childId }, headers: adminA });
      assert.equal(cycle.statusCode, 422);
      assert.equal(cycle.json().code, 'SERVICE_TREE_CYCLE');
      const retired = await t.app.inject({ method: 'POST', url: `/api/v1/services/${serviceId}/retire`, headers: adminA });
      assert.equal(retired.statusCode, 200);
      assert.equal(retired.json().status, 'retired');
      assert.equal((await t.app.inject({ url: `/api/v1/services/${childId}` })).json().status, 'retired');
      const again = await t.app.inject({ method: 'PATCH', url: `/api/v1/services/${serviceId}`, payload: { nameEn: 'x' }, headers: adminA });
      assert.equal(again.json().code, 'SERVICE_RETIRED');
      const fresh = await t.app.inject({ method: 'POST', url: '/api/v1/services', payload: servicePayload('AGENCY-A'), headers: adminA });
      const active = await t.app.inject({ url: '/api/v1/services?status=retired' });
      assert.ok(!active.json().items.some((s: { id: string }) => s.id === fresh.json().id));
      assert.ok(![serviceId, childId].includes(fresh.json().id));
    });

    test('bad service input gets a 4xx with a stable code', async () => {
      const cases: [object, number, string][] = [
        [servicePayload('AGENCY-A', { maturity: 9 }), 400, 'VALIDATION_FAILED'],
        [servicePayload('AGENCY-A', { colour: 'red' }), 400, 'VALIDATION_FAILED'],
        [servicePayload('AGENCY-A', { audiences: ['aliens'] }), 400, 'VALIDATION_FAILED'],
        [servicePayload('AGENCY-A', { feeAmount: -1 }), 400, 'VALIDATION_FAILED'],
        [servicePayload('AGENCY-A', { accessUrl: 'javascript:alert(1)' }), 400, 'VALIDATION_FAILED'],
        [servicePayload('NOPE'), 404, 'AGENCY_NOT_FOUND'],
        [servicePayload('AGENCY-A', { parentId: 'IR-00000000-00' }), 400, 'SERVICE_ID_INVALID'],
        [servicePayload('AGENCY-A', { inquiries: [{ agencyCode: 'NOPE', fa: 'الف', en: 'a' }] }), 404, 'AGENCY_NOT_FOUND'],
        [servicePayload('AGENCY-A', { maturity: 0 }), 422, 'SERVICE_MATURITY_INCONSISTENT'],
      ];
      for (const [payload, status, code] of cases) {
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/services', payload, headers: operator });
        assert.equal(res.statusCode, status, `${JSON.stringify(payload)} → ${res.body}`);
        assert.equal(res.json().code, code);
        assert.doesNotMatch(res.body, /\n\s+at /, 'no stack trace');
      }
    });
  });
}

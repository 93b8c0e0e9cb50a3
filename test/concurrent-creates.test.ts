import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestApp, type TestApp } from './support/app.ts';
import { testEngines } from './support/database.ts';
import { agencyPayload, servicePayload } from './support/fixtures.ts';
import { seedExchange } from '../src/exchange/admin/api.test-support.ts';
import { testCertificatePem } from '../src/exchange/admin/certificate.test-support.ts';
import { createStaff } from '../src/identity/index.ts';
import { AppError } from '../src/core/errors.ts';

const PARALLEL = 8;

for (const engine of testEngines()) {
  describe(`identical creates fired at once: one 201, the rest the resource's 409, never a 500 (${engine})`, () => {
    let t: TestApp;
    let seeded: Awaited<ReturnType<typeof seedExchange>>;
    before(async () => {
      t = await openTestApp(engine);
      seeded = await seedExchange(t);
    });
    after(() => t.close());

    /** Fires the same request PARALLEL times at once; the statuses and codes, sorted. */
    async function race(url: string, payload: object, headers = seeded.operator) {
      const answers = await Promise.all(Array.from({ length: PARALLEL }, () => t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers, payload })));
      return answers.map((r) => `${r.statusCode} ${r.statusCode === 201 ? '' : (r.json().code as string)}`.trim()).sort();
    }
    const oneCreated = (code: string) => ['201', ...Array.from({ length: PARALLEL - 1 }, () => `409 ${code}`)];

    test('agencies with the same code', async () => {
      assert.deepEqual(await race('/agencies', agencyPayload('RACE')), oneCreated('AGENCY_CODE_TAKEN'));
      assert.equal((await t.app.inject({ url: '/api/v1/agencies?q=RACE' })).json().total, 1);
    });

    test('exchange members: the same agency, and the same member code for different agencies', async () => {
      assert.deepEqual(await race('/exchange/members', { agencyCode: 'RACE', memberClass: 'GOV', memberCode: 'RACE' }), oneCreated('EXCHANGE_MEMBER_EXISTS'));
      for (const code of ['RACE-A', 'RACE-B', 'RACE-C', 'RACE-D']) await t.app.inject({ method: 'POST', url: '/api/v1/agencies', headers: seeded.operator, payload: agencyPayload(code) });
      const answers = await Promise.all(
        ['RACE-A', 'RACE-B', 'RACE-C', 'RACE-D'].map((agencyCode) => t.app.inject({ method: 'POST', url: '/api/v1/exchange/members', headers: seeded.operator, payload: { agencyCode, memberClass: 'GOV', memberCode: 'SHARED' } })),
      );
      assert.deepEqual(answers.map((r) => `${r.statusCode} ${r.statusCode === 201 ? '' : r.json().code}`.trim()).sort(), ['201', '409 EXCHANGE_MEMBER_ID_TAKEN', '409 EXCHANGE_MEMBER_ID_TAKEN', '409 EXCHANGE_MEMBER_ID_TAKEN']);
    });

    test('subsystems with the same code', async () => {
      assert.deepEqual(await race('/exchange/members/HEALTH/subsystems', { code: 'race', nameFa: 'مسابقه', nameEn: 'Race' }), oneCreated('EXCHANGE_SUBSYSTEM_CODE_TAKEN'));
    });

    test('exchange services with the same code', async () => {
      const service = { code: 'race', nameFa: 'مسابقه', nameEn: 'Race', upstreamUrl: 'http://127.0.0.1:9/', endpoints: [{ method: 'GET', path: '/' }] };
      assert.deepEqual(await race(`/exchange/subsystems/${seeded.providerId}/services`, service), oneCreated('EXCHANGE_SERVICE_CODE_TAKEN'));
    });

    test('credentials with the same certificate', async () => {
      assert.deepEqual(await race(`/exchange/subsystems/${seeded.consumerId}/credentials`, { kind: 'certificate', certificatePem: testCertificatePem }), oneCreated('EXCHANGE_CREDENTIAL_TAKEN'));
    });

    test('access requests for the same service from the same subsystem', async () => {
      const request = { consumerSubsystemId: seeded.consumerId, serviceId: seeded.serviceId, purpose: 'Insurance eligibility', legalBasis: 'Act 12' };
      assert.deepEqual(await race('/exchange/access-requests', request, seeded.healthAdmin), oneCreated('EXCHANGE_REQUEST_DUPLICATE'));
      const open = (await t.app.inject({ url: `/api/v1/exchange/access-requests?consumerSubsystemId=${seeded.consumerId}`, headers: seeded.operator })).json();
      assert.equal(open.items.filter((r: { serviceId: number; status: string }) => r.serviceId === seeded.serviceId && r.status === 'pending').length, 1);
    });

    test('services (identifiers from a sequence) created at once all succeed with distinct identifiers', async () => {
      const answers = await Promise.all(Array.from({ length: PARALLEL }, () => t.app.inject({ method: 'POST', url: '/api/v1/services', headers: seeded.operator, payload: servicePayload('HEALTH') })));
      assert.deepEqual(answers.map((r) => r.statusCode), Array.from({ length: PARALLEL }, () => 201));
      assert.equal(new Set(answers.map((r) => r.json().id)).size, PARALLEL);
    });

    test('staff accounts: an unknown agency is AGENCY_NOT_FOUND; accounts created at once are distinct', async () => {
      await assert.rejects(createStaff(t.db, { name: 'x', role: 'agency_admin', agencyCode: 'NO-SUCH' }), (e: unknown) => e instanceof AppError && e.code === 'AGENCY_NOT_FOUND');
      const staff = await Promise.all(Array.from({ length: PARALLEL }, (_, i) => createStaff(t.db, { name: `admin ${i}`, role: 'agency_admin', agencyCode: 'HEALTH' })));
      assert.equal(new Set(staff.map((s) => s.id)).size, PARALLEL);
    });
  });
}

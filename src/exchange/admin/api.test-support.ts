import type { TestApp } from '../../../test/support/app.ts';
import { seedAgencies } from '../../../test/support/fixtures.ts';

export type Headers = { authorization: string };

/** Calls the API and fails the test setup loudly when the answer is not the expected status. */
export async function call(t: TestApp, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, headers: Headers | undefined, payload?: unknown, expect = method === 'POST' ? 201 : 200) {
  const res = await t.app.inject({ method, url: `/api/v1${url}`, ...(headers ? { headers } : {}), ...(payload === undefined ? {} : { payload: payload as object }) });
  if (res.statusCode !== expect) throw new Error(`${method} ${url}: expected ${expect}, got ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Two agencies as exchange members, each with one subsystem: HEALTH consumes, LITERACY provides. */
export async function seedExchange(t: TestApp) {
  const operator = await t.as('operator');
  await seedAgencies(t, operator, ['HEALTH', 'LITERACY', 'OTHER']);
  await call(t, 'POST', '/exchange/members', operator, { agencyCode: 'HEALTH', memberClass: 'GOV', memberCode: 'HEALTH' });
  await call(t, 'POST', '/exchange/members', operator, { agencyCode: 'LITERACY', memberClass: 'GOV', memberCode: 'LIT' });
  await call(t, 'POST', '/exchange/members', operator, { agencyCode: 'OTHER', memberClass: 'GOV', memberCode: 'OTHER' });
  const consumer = await call(t, 'POST', '/exchange/members/HEALTH/subsystems', operator, { code: 'insurance', nameFa: 'بیمه', nameEn: 'Insurance' });
  const provider = await call(t, 'POST', '/exchange/members/LITERACY/subsystems', operator, { code: 'levels', nameFa: 'سطح سواد', nameEn: 'Literacy levels' });
  await call(t, 'POST', '/exchange/members/LITERACY/upstreams', operator, { url: 'http://127.0.0.1:9/', internalAddresses: ['127.0.0.1'], note: 'test backend on loopback' });
  const service = await call(t, 'POST', `/exchange/subsystems/${provider.id}/services`, operator, {
    code: 'literacy',
    nameFa: 'استعلام سطح سواد',
    nameEn: 'Literacy level inquiry',
    upstreamUrl: 'http://127.0.0.1:9/',
    endpoints: [
      { method: 'GET', path: '/levels/{nationalCode}' },
      { method: 'GET', path: '/certificates/{nationalCode}' },
    ],
    dataSubject: { in: 'path', name: 'nationalCode' },
  });
  return {
    operator,
    healthAdmin: await t.as('agency_admin', 'HEALTH'),
    literacyAdmin: await t.as('agency_admin', 'LITERACY'),
    otherAdmin: await t.as('agency_admin', 'OTHER'),
    auditor: await t.as('auditor'),
    consumerId: consumer.id as number,
    providerId: provider.id as number,
    serviceId: service.id as number,
  };
}

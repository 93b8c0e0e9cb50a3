import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anonymous, decideRouteAccess, mayManageServicesOf, type Principal } from './access.ts';

const admin = (agencyCode: string): Principal => ({ kind: 'staff', staffId: 's1', role: 'agency_admin', agencyCode, authenticatedBy: 'api_token' });
const operator: Principal = { kind: 'staff', staffId: 's2', role: 'operator', agencyCode: null, authenticatedBy: 'api_token' };
const auditor: Principal = { kind: 'staff', staffId: 's3', role: 'auditor', agencyCode: null, authenticatedBy: 'api_token' };

test('an anonymous caller is told to authenticate, a wrong role is forbidden', () => {
  assert.equal(decideRouteAccess(['operator'], anonymous), 'unauthenticated');
  assert.equal(decideRouteAccess(['operator'], auditor), 'forbidden');
  assert.equal(decideRouteAccess(['operator', 'agency_admin'], admin('A')), 'allow');
  assert.equal(decideRouteAccess('public', anonymous), 'allow');
});

test('an agency admin manages only the services of their own agency', () => {
  assert.equal(mayManageServicesOf(admin('A'), 'B'), false);
  assert.equal(mayManageServicesOf(admin('A'), 'A'), true);
  assert.equal(mayManageServicesOf(operator, 'B'), true);
  assert.equal(mayManageServicesOf(auditor, 'A'), false);
  assert.equal(mayManageServicesOf(anonymous, 'A'), false);
});

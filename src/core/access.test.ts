import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anonymous, decideRouteAccess, mayManageAgency, mayReadAgency, readsEveryAgency, type Principal } from './access.ts';

const admin = (agencyCode: string): Principal => ({ kind: 'staff', staffId: 's1', role: 'agency_admin', agencyCode, authenticatedBy: 'api_token' });
const operator: Principal = { kind: 'staff', staffId: 's2', role: 'operator', agencyCode: null, authenticatedBy: 'api_token' };
const auditor: Principal = { kind: 'staff', staffId: 's3', role: 'auditor', agencyCode: null, authenticatedBy: 'api_token' };
const system: Principal = { kind: 'system', name: 'demo' };

test('an anonymous caller is told to authenticate, a wrong role is forbidden', () => {
  assert.equal(decideRouteAccess(['operator'], anonymous), 'unauthenticated');
  assert.equal(decideRouteAccess(['operator'], auditor), 'forbidden');
  assert.equal(decideRouteAccess(['operator', 'agency_admin'], admin('A')), 'allow');
  assert.equal(decideRouteAccess('public', anonymous), 'allow');
});

test('an agency admin manages only their own agency; the operator and OneWindow itself every agency', () => {
  assert.equal(mayManageAgency(admin('A'), 'B'), false);
  assert.equal(mayManageAgency(admin('A'), 'A'), true);
  assert.equal(mayManageAgency(operator, 'B'), true);
  assert.equal(mayManageAgency(auditor, 'A'), false);
  assert.equal(mayManageAgency(anonymous, 'A'), false);
  assert.equal(mayManageAgency(system, 'B'), true, 'the demo loader and CLI act for the operator');
});

test('auditors read every agency; an agency admin reads only their own; nobody anonymous', () => {
  assert.equal(mayReadAgency(auditor, 'A'), true);
  assert.equal(mayReadAgency(operator, 'A'), true);
  assert.equal(mayReadAgency(system, 'A'), true);
  assert.equal(mayReadAgency(admin('A'), 'A'), true);
  assert.equal(mayReadAgency(admin('A'), 'B'), false);
  assert.equal(mayReadAgency(anonymous, 'A'), false);
});

test('every agency is visible to the operator, auditors and OneWindow itself — never to an agency admin', () => {
  assert.equal(readsEveryAgency(operator), true);
  assert.equal(readsEveryAgency(auditor), true);
  assert.equal(readsEveryAgency(system), true);
  assert.equal(readsEveryAgency(admin('A')), false);
  assert.equal(readsEveryAgency(anonymous), false);
});

test('a signed-in person may call citizen routes; staff routes ask them to sign in as staff, and citizen routes refuse staff', () => {
  const person: Principal = { kind: 'citizen', accountId: 'a1', acr: 'urn:onewindow:acr:mobile', amr: ['sms', 'otp'] };
  assert.equal(decideRouteAccess('citizen', person), 'allow');
  assert.equal(decideRouteAccess('citizen', anonymous), 'unauthenticated');
  assert.equal(decideRouteAccess('citizen', operator), 'forbidden');
  assert.equal(decideRouteAccess(['operator', 'auditor'], person), 'unauthenticated', 'asked to sign in to the staff area');
  assert.equal(mayManageAgency(person, 'A'), false);
  assert.equal(mayReadAgency(person, 'A'), false);
  assert.equal(readsEveryAgency(person), false);
});

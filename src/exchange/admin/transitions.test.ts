import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessRequestStatuses } from '../model.ts';
import { decideTransition, requestActions, type ActorSides } from './transitions.ts';

const operator: ActorSides = { operator: true, consumer: false, provider: false };
const provider: ActorSides = { operator: false, consumer: false, provider: true };
const consumer: ActorSides = { operator: false, consumer: true, provider: false };
const stranger: ActorSides = { operator: false, consumer: false, provider: false };

test('the provider approves; with a board, the operator approves after it', () => {
  assert.deepEqual(decideTransition('approve', { status: 'pending', boardRequired: false }, provider), { ok: true, status: 'approved' });
  assert.deepEqual(decideTransition('approve', { status: 'pending', boardRequired: true }, provider), { ok: true, status: 'provider_approved' });
  const again = decideTransition('approve', { status: 'provider_approved', boardRequired: true }, provider);
  assert.equal(again.ok || again.code, 'EXCHANGE_REQUEST_AWAITS_BOARD');
  assert.deepEqual(decideTransition('approve', { status: 'provider_approved', boardRequired: true }, operator), { ok: true, status: 'approved' });
  assert.deepEqual(decideTransition('approve', { status: 'pending', boardRequired: true }, operator), { ok: true, status: 'approved' });
});

test('only the right side may act', () => {
  for (const action of requestActions) {
    const d = decideTransition(action, { status: 'pending', boardRequired: false }, stranger);
    assert.equal(d.ok || d.code, 'FORBIDDEN_OTHER_AGENCY', action);
  }
  const consumerApproves = decideTransition('approve', { status: 'pending', boardRequired: false }, consumer);
  assert.equal(consumerApproves.ok || consumerApproves.code, 'FORBIDDEN_OTHER_AGENCY');
  const providerWithdraws = decideTransition('withdraw', { status: 'pending', boardRequired: false }, provider);
  assert.equal(providerWithdraws.ok || providerWithdraws.code, 'FORBIDDEN_OTHER_AGENCY');
  const consumerRevokes = decideTransition('revoke', { status: 'approved', boardRequired: false }, consumer);
  assert.equal(consumerRevokes.ok || consumerRevokes.code, 'FORBIDDEN_OTHER_AGENCY');
});

test('every action from every status: exactly the documented transitions are allowed', () => {
  const allowed = new Set([
    'approve:pending', 'approve:provider_approved',
    'refuse:pending', 'refuse:provider_approved',
    'withdraw:pending', 'withdraw:provider_approved',
    'revoke:approved',
  ]);
  for (const action of requestActions) {
    for (const status of accessRequestStatuses) {
      const d = decideTransition(action, { status, boardRequired: true }, operator);
      assert.equal(d.ok, allowed.has(`${action}:${status}`), `${action} from ${status}`);
      if (!d.ok) assert.equal(d.code, 'EXCHANGE_REQUEST_TRANSITION_INVALID');
    }
  }
});

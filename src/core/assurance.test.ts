import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acrValues, meetsAcr, sessionAcr, withSecondFactor } from './assurance.ts';

test('a session earns the account’s proofing level, and the top level only with a second factor', () => {
  assert.equal(sessionAcr(1, ['pwd']), acrValues.registry);
  assert.equal(sessionAcr(2, ['sms', 'otp']), acrValues.mobile);
  assert.equal(sessionAcr(2, withSecondFactor(['pwd'], 'otp')), acrValues.mfa);
  assert.equal(sessionAcr(1, withSecondFactor(['pwd'], 'otp')), acrValues.registry, 'a second factor does not prove who the person is');
  assert.deepEqual(withSecondFactor(['pwd'], 'otp'), ['pwd', 'otp', 'mfa']);
});

test('a stronger level satisfies a weaker demand, never the reverse; unknown values satisfy nothing', () => {
  assert.ok(meetsAcr(acrValues.mfa, acrValues.mobile));
  assert.ok(meetsAcr(acrValues.mobile, acrValues.mobile));
  assert.ok(!meetsAcr(acrValues.mobile, acrValues.mfa));
  assert.ok(!meetsAcr('urn:other', acrValues.registry));
  assert.ok(!meetsAcr(acrValues.mfa, 'urn:other'));
});

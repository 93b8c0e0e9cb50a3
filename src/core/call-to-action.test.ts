import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callToAction, type CallToAction } from './call-to-action.ts';
import { deliveryStatuses, maturityLevels } from './maturity.ts';

// Every level × status, with and without a start address, written out so a change is a decision.
const expected: Record<string, CallToAction> = {
  'L0 not_in_window': 'in-person',
  'L0 listed': 'in-person',
  'L0 delivered': 'in-person',
  'L1 not_in_window': 'read-online',
  'L1 listed': 'read-online',
  'L1 delivered': 'read-online',
  'L2 not_in_window': 'apply-online',
  'L2 listed': 'apply-online',
  'L2 delivered': 'start',
  'L3 not_in_window': 'apply-online',
  'L3 listed': 'apply-online',
  'L3 delivered': 'start',
  'L4 not_in_window': 'apply-online',
  'L4 listed': 'apply-online',
  'L4 delivered': 'start',
  'L5 not_in_window': 'proactive',
  'L5 listed': 'proactive',
  'L5 delivered': 'proactive',
};

test('every maturity level and delivery status has one call to action (with a start address)', () => {
  for (const level of maturityLevels) {
    for (const status of deliveryStatuses) assert.equal(callToAction(level, status, true), expected[`L${level} ${status}`], `L${level} ${status}`);
  }
  assert.equal(Object.keys(expected).length, maturityLevels.length * deliveryStatuses.length);
});

test('without an address there is no link: apply with the agency (online services) or in person (informational)', () => {
  for (const level of maturityLevels) {
    for (const status of deliveryStatuses) {
      const withAddress = callToAction(level, status, true);
      const without = callToAction(level, status, false);
      const expectedWithout = withAddress === 'start' || withAddress === 'apply-online' ? 'contact-agency' : withAddress === 'read-online' ? 'in-person' : withAddress;
      assert.equal(without, expectedWithout, `L${level} ${status}`);
    }
  }
});

test('a proactive service (L5) never offers "Start now", whatever its status or address', () => {
  for (const status of deliveryStatuses) for (const address of [true, false]) assert.equal(callToAction(5, status, address), 'proactive');
});

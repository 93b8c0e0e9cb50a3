import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeCompletion } from './completion.ts';
import { agency } from './fixtures.test-support.ts';

test('coverage weighs agencies by their services and ignores ineligible agencies', () => {
  const c = computeCompletion(
    [
      agency('B', { identified: 100, delivered: 70, notDelivered: 30 }),
      agency('A', { identified: 4, delivered: 1, notDelivered: 2 }),
      agency('X', { eligible: false, identified: 1000, delivered: 0 }),
    ],
    '2024-01-01',
  );
  assert.deepEqual(c.agencies.map((a) => [a.code, a.rate]), [['A', 0.25], ['B', 0.7]]);
  assert.equal(c.identified, 104);
  assert.equal(c.delivered, 71);
  assert.equal(c.notDelivered, 32);
  assert.equal(c.coverage, 71 / 104);
});

test('an agency with no active services has no rate rather than 0%', () => {
  const c = computeCompletion([agency('E', { identified: 0 })], '2024-01-01');
  assert.equal(c.agencies[0]?.rate, null);
  assert.equal(c.coverage, null);
});

test('a connected flag is reported per agency so pages can show unconnected agencies with services', () => {
  const c = computeCompletion([agency('A', { connectedOn: null, identified: 3 }), agency('B', { connectedOn: '2020-01-01' })], '2024-01-01');
  assert.deepEqual(c.agencies.map((a) => a.connected), [false, true]);
});

test('reproduces the announced 63% of services provided in the window', () => {
  const c = computeCompletion([agency('A', { identified: 3000, delivered: 1890 }), agency('B', { identified: 2200, delivered: 1386 })], '2023-11-15');
  assert.equal(c.identified, 5200);
  assert.equal(c.coverage, 0.63);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareFractions, countForShare, decimalFraction, gapToShare, reachesShare, shareOf } from './ratio.ts';

test('a share of nothing is unknown, not zero', () => {
  assert.equal(shareOf(0, 0), null);
  assert.equal(shareOf(0, 4), 0);
  assert.equal(shareOf(3, 4), 0.75);
});

test('fractions compare exactly, so 1/3 and 2/6 are equal', () => {
  assert.equal(compareFractions(1, 3, 2, 6), 0);
  assert.equal(compareFractions(2, 3, 3, 5), 1);
  assert.equal(compareFractions(3, 5, 2, 3), -1);
});

test('a configured share is read as the decimal that was written', () => {
  assert.deepEqual(decimalFraction(0.2), { num: 2n, den: 10n });
  assert.deepEqual(decimalFraction(1), { num: 1n, den: 1n });
  assert.deepEqual(decimalFraction(1.5e-7), { num: 15n, den: 100000000n });
  assert.throws(() => decimalFraction(Number.NaN));
});

test('the services needed for a share are counted without floating-point drift', () => {
  // 0.07 * 100 is 7.000000000000001 in binary floating point: a naive ceil would say 8.
  assert.equal(countForShare(100, 0.07), 7);
  assert.equal(countForShare(5200, 0.2), 1040);
  assert.equal(countForShare(3, 0.5), 2);
  assert.equal(countForShare(0, 0.4), 0);
  assert.equal(gapToShare(5, 100, 0.07), 2);
  assert.equal(gapToShare(9, 100, 0.07), 0);
});

test('reaching a share is exact at the boundary and never true for an empty whole', () => {
  assert.equal(reachesShare(7, 100, 0.07), true);
  assert.equal(reachesShare(6, 100, 0.07), false);
  assert.equal(reachesShare(1, 3, 0.3333), true);
  assert.equal(reachesShare(0, 0, 0.2), false);
});

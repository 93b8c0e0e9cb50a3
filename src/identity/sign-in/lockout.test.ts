import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lockSecondsAfter } from './lockout.ts';

test('four failures are free, then a minute, doubling to an hour at most', () => {
  assert.deepEqual([1, 2, 3, 4].map(lockSecondsAfter), [0, 0, 0, 0]);
  assert.deepEqual([5, 6, 7, 8, 9, 10, 11, 12, 50, 10_000].map(lockSecondsAfter), [60, 120, 240, 480, 960, 1920, 3600, 3600, 3600, 3600]);
});

test('at most ~30 failed guesses a day, far below NIST’s ceiling of 100 consecutive failures', () => {
  let seconds = 0;
  let failures = 0;
  while (seconds < 86_400) seconds += lockSecondsAfter(++failures) || 1;
  assert.ok(failures < 40, `${failures}`);
});

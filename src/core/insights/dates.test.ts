import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daysBetween, yearOf } from './dates.ts';

test('calendar days are counted in UTC, across leap days and daylight-saving changes', () => {
  assert.equal(daysBetween('2023-12-01', '2024-01-31'), 61);
  assert.equal(daysBetween('2024-02-28', '2024-03-01'), 2);
  assert.equal(daysBetween('2023-03-20', '2023-03-23'), 3);
  assert.equal(daysBetween('2024-03-30', '2024-03-31'), 1);
  assert.equal(daysBetween('2024-02-01', '2024-01-31'), -1);
  assert.equal(daysBetween('2024-01-31', '2024-01-31'), 0);
});

test('the year of a date', () => {
  assert.equal(yearOf('2021-12-31'), 2021);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daysBetween, solarHijriYearOf, yearOf } from './dates.ts';

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

test('the Solar Hijri year turns at Nowruz, so one Gregorian year spans two of them', () => {
  assert.equal(solarHijriYearOf('2022-03-20'), 1400, 'the last day of Esfand 1400');
  assert.equal(solarHijriYearOf('2022-03-21'), 1401, '1 Farvardin 1401');
  assert.equal(solarHijriYearOf('2023-03-20'), 1401);
  assert.equal(solarHijriYearOf('2023-03-21'), 1402);
  assert.equal(solarHijriYearOf('2024-03-20'), 1403, 'Nowruz 1403 fell on 20 March');
  assert.equal(solarHijriYearOf('2026-11-28'), 1405);
});

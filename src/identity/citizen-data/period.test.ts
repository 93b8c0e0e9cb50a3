import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dayStart, formatDay, parseDay } from './period.ts';

test('days are typed in the page calendar, with any digits and separators', () => {
  assert.equal(parseDay('persian', '۱۴۰۵/۰۹/۰۱'), '2026-11-22');
  assert.equal(parseDay('persian', '1405-9-1'), '2026-11-22');
  assert.equal(parseDay('gregorian', '2026-11-22'), '2026-11-22');
  assert.equal(parseDay('gregorian', '2026/02/30'), null);
  assert.equal(parseDay('persian', '1405/12/31'), null, 'not a leap year');
  for (const bad of ['', 'yesterday', '22/11/2026', '1405/09/01/1']) assert.equal(parseDay('persian', bad), null, bad);
  assert.equal(formatDay('persian', '2026-11-22'), '1405/09/01');
  assert.equal(formatDay('gregorian', '2026-11-22'), '2026-11-22');
});

test('a day starts at midnight on the country clock', () => {
  assert.equal(dayStart('2026-11-22', 'Asia/Tehran'), '2026-11-21T20:30:00.000Z');
  assert.equal(dayStart('2026-11-22', 'Asia/Tehran', 1), '2026-11-22T20:30:00.000Z');
  assert.equal(dayStart('2026-11-22', 'UTC'), '2026-11-22T00:00:00.000Z');
  assert.equal(dayStart('2021-03-23', 'Asia/Tehran'), '2021-03-22T19:30:00.000Z', 'daylight saving time, when Iran still had it');
  assert.equal(dayStart('2021-03-22', 'Asia/Tehran'), '2021-03-21T20:30:00.000Z', 'the day the clock jumped from midnight to one');
});

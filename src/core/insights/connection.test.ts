import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeConnection, connectionTimeline } from './connection.ts';
import { solarHijriYearOf } from './dates.ts';
import { agency } from './fixtures.test-support.ts';
import type { AgencyFigures } from './figures.ts';

/** The announced figures: 142 eligible; 10 connected in 2021, 129 by the end of 2022, 137 now. */
function seedAgencies(): AgencyFigures[] {
  const list: AgencyFigures[] = [];
  const code = (i: number) => `A${String(i).padStart(3, '0')}`;
  for (let i = 0; i < 142; i++) {
    const connectedOn = i < 10 ? '2021-09-01' : i < 129 ? '2022-05-10' : i < 137 ? '2023-03-01' : null;
    list.push(agency(code(i), { connectedOn }));
  }
  // Not required to connect, so neither their connection nor their absence counts.
  list.push(agency('X-EARLY', { eligible: false, connectedOn: '2019-01-01' }));
  list.push(agency('X-NEVER', { eligible: false, connectedOn: null }));
  return list;
}

test('reproduces the announced connection figures: 137 of 142 eligible, 5 not connected', () => {
  const c = computeConnection(seedAgencies(), '2023-11-15');
  assert.equal(c.eligible, 142);
  assert.equal(c.connected, 137);
  assert.equal(c.notConnected, 5);
  assert.equal(c.rate, 137 / 142);
  assert.deepEqual(c.notConnectedAgencies.map((a) => a.code), ['A137', 'A138', 'A139', 'A140', 'A141']);
});

test('the timeline starts with the first eligible connection and is cumulative per calendar year', () => {
  const c = computeConnection(seedAgencies(), '2023-11-15');
  assert.deepEqual(c.timeline, [
    { year: 2021, connectedInYear: 10, cumulative: 10 },
    { year: 2022, connectedInYear: 119, cumulative: 129 },
    { year: 2023, connectedInYear: 8, cumulative: 137 },
  ]);
});

test('an eligible agency with a future connection date is not connected yet, and keeps its scheduled date', () => {
  const agencies = [agency('B', { connectedOn: '2024-02-01' }), agency('A', { connectedOn: '2024-01-31' }), agency('C', { connectedOn: null })];
  const c = computeConnection(agencies, '2024-01-31');
  assert.equal(c.connected, 1);
  assert.deepEqual(
    c.notConnectedAgencies.map((a) => [a.code, a.scheduledOn]),
    [['B', '2024-02-01'], ['C', null]],
  );
  assert.deepEqual(c.timeline, [{ year: 2024, connectedInYear: 1, cumulative: 1 }]);
});

test('years without new connections still appear, up to the current year', () => {
  assert.deepEqual(connectionTimeline(['2020-03-01', '2022-07-01'], '2024-05-05'), [
    { year: 2020, connectedInYear: 1, cumulative: 1 },
    { year: 2021, connectedInYear: 0, cumulative: 1 },
    { year: 2022, connectedInYear: 1, cumulative: 2 },
    { year: 2023, connectedInYear: 0, cumulative: 2 },
    { year: 2024, connectedInYear: 0, cumulative: 2 },
  ]);
});

test('with no eligible agency there is no rate and no timeline', () => {
  const c = computeConnection([agency('X', { eligible: false })], '2024-01-01');
  assert.equal(c.eligible, 0);
  assert.equal(c.rate, null);
  assert.deepEqual(c.timeline, []);
});

test('the timeline can count Solar Hijri years: each connection in the year its date falls in', () => {
  // 2022 spans 1400 (to 20 March) and 1401; the Gregorian totals cannot simply be relabelled.
  const days = ['2021-06-01', '2022-03-20', '2022-03-21', '2022-12-30', '2023-04-01'];
  assert.deepEqual(connectionTimeline(days, '2024-01-10', solarHijriYearOf), [
    { year: 1400, connectedInYear: 2, cumulative: 2 },
    { year: 1401, connectedInYear: 2, cumulative: 4 },
    { year: 1402, connectedInYear: 1, cumulative: 5 },
  ]);
  assert.deepEqual(
    connectionTimeline(days, '2024-01-10').map((y) => [y.year, y.connectedInYear]),
    [
      [2021, 1],
      [2022, 3],
      [2023, 1],
      [2024, 0],
    ],
  );
});

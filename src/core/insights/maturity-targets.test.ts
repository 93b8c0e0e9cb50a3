import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MaturityTarget } from '../targets.ts';
import { agency } from './fixtures.test-support.ts';
import { computeMaturity, countMeeting, targetProgress } from './maturity-targets.ts';

const fullyElectronic: MaturityTarget = { id: 'fully-electronic-20', level: 3, comparison: 'atLeast', share: 0.2, by: '2024-01-31' };
const smart: MaturityTarget = { id: 'smart-40', level: 5, comparison: 'exactly', share: 0.4, by: '2024-12-31' };
const openEnded: MaturityTarget = { id: 'online-50', level: 2, comparison: 'atLeast', share: 0.5 };

test('the distribution counts only eligible agencies and shares add up to 1', () => {
  const m = computeMaturity(
    [agency('A', { byMaturity: [1, 1, 4, 2, 1, 1] }), agency('B', { byMaturity: [0, 0, 0, 0, 0, 0] }), agency('X', { eligible: false, byMaturity: [0, 0, 0, 0, 0, 99] })],
    [],
    '2024-01-01',
  );
  assert.equal(m.totalServices, 10);
  assert.deepEqual(m.distribution.map((d) => [d.level, d.services, d.share]), [[0, 1, 0.1], [1, 1, 0.1], [2, 4, 0.4], [3, 2, 0.2], [4, 1, 0.1], [5, 1, 0.1]]);
});

test('"at least" counts the level and above, "exactly" only the level', () => {
  assert.equal(countMeeting([1, 1, 4, 2, 1, 1], fullyElectronic), 4);
  assert.equal(countMeeting([1, 1, 4, 2, 1, 1], smart), 1);
});

test('an open target before its deadline: progress, gap in services and days left', () => {
  const t = targetProgress(fullyElectronic, [50, 20, 15, 10, 5, 0], '2023-12-01');
  assert.equal(t.servicesMeeting, 15);
  assert.equal(t.totalServices, 100);
  assert.equal(t.achievedShare, 0.15);
  assert.equal(t.progress, 0.15 / 0.2);
  assert.equal(t.met, false);
  assert.equal(t.gapServices, 5);
  assert.equal(t.daysLeft, 61);
  assert.equal(t.status, 'open');
});

test('a target missed after its deadline is overdue with negative days left', () => {
  const t = targetProgress(fullyElectronic, [50, 20, 15, 10, 5, 0], '2024-02-02');
  assert.equal(t.daysLeft, -2);
  assert.equal(t.status, 'overdue');
  assert.equal(targetProgress(fullyElectronic, [50, 20, 15, 10, 5, 0], '2024-01-31').status, 'open');
});

test('a target reached exactly at the boundary is met, even after its deadline', () => {
  const t = targetProgress(fullyElectronic, [50, 20, 10, 10, 5, 5], '2024-06-01');
  assert.equal(t.achievedShare, 0.2);
  assert.equal(t.met, true);
  assert.equal(t.progress, 1);
  assert.equal(t.gapServices, 0);
  assert.equal(t.status, 'met');
  assert.equal(t.daysLeft, -122);
});

test('progress is capped at 1 when the target is exceeded; no deadline gives no days left', () => {
  const t = targetProgress(openEnded, [0, 0, 9, 1, 0, 0], '2024-01-01');
  assert.equal(t.achievedShare, 1);
  assert.equal(t.progress, 1);
  assert.equal(t.by, null);
  assert.equal(t.daysLeft, null);
  assert.equal(t.status, 'met');
});

test('the gap rounds up to whole services, without floating-point drift', () => {
  const t = targetProgress({ ...openEnded, share: 0.07 }, [95, 0, 5, 0, 0, 0], '2024-01-01');
  assert.equal(t.gapServices, 2);
  assert.equal(targetProgress(smart, [3, 0, 0, 0, 0, 0], '2024-01-01').gapServices, 2);
});

test('with no services a target cannot be met and has no share', () => {
  const t = targetProgress(smart, [0, 0, 0, 0, 0, 0], '2025-01-01');
  assert.equal(t.achievedShare, null);
  assert.equal(t.progress, null);
  assert.equal(t.met, false);
  assert.equal(t.gapServices, 0);
  assert.equal(t.status, 'overdue');
});

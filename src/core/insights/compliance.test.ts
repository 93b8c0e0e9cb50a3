import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MaturityTarget } from '../targets.ts';
import { targetCompliance } from './compliance.ts';
import { agency } from './fixtures.test-support.ts';

const target: MaturityTarget = { id: 'fully-electronic-20', level: 3, comparison: 'atLeast', share: 0.2, by: '2024-01-31' };

test('lists eligible agencies below the target share, furthest behind first, then by code', () => {
  const c = targetCompliance(
    [
      agency('D', { byMaturity: [9, 0, 0, 1, 0, 0] }), // 10%
      agency('C', { byMaturity: [4, 0, 0, 0, 1, 0] }), // 20%: meets it exactly
      agency('B', { byMaturity: [18, 0, 0, 2, 0, 0] }), // 10%, same share as D
      agency('A', { byMaturity: [7, 0, 1, 0, 0, 0] }), // 0%
      agency('E', { byMaturity: [0, 0, 0, 0, 0, 0] }), // nothing to judge
      agency('X', { eligible: false, byMaturity: [5, 0, 0, 0, 0, 0] }),
    ],
    target,
  );
  assert.deepEqual(
    c.lagging.map((a) => [a.code, a.share, a.gapServices]),
    [['A', 0, 2], ['B', 0.1, 2], ['D', 0.1, 1]],
  );
  assert.deepEqual(c.withoutServices, ['E']);
  assert.equal(c.targetShare, 0.2);
});

test('"exactly" targets judge each agency only on services at that level', () => {
  const c = targetCompliance([agency('A', { byMaturity: [0, 0, 0, 0, 5, 5] }), agency('B', { byMaturity: [0, 0, 0, 0, 6, 4] })], {
    id: 'smart-40',
    level: 5,
    comparison: 'exactly',
    share: 0.4,
  });
  assert.deepEqual(c.lagging, []);
  const stricter = targetCompliance([agency('B', { byMaturity: [0, 0, 0, 0, 7, 3] })], { id: 'smart-40', level: 5, comparison: 'exactly', share: 0.4 });
  assert.deepEqual(stricter.lagging.map((a) => [a.code, a.servicesMeeting, a.gapServices]), [['B', 3, 1]]);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeCompletion } from './completion.ts';
import { agency } from './fixtures.test-support.ts';
import type { AgencyFigures } from './figures.ts';
import { computeRankings, rankingTieBreak } from './ranking.ts';

const rank = (agencies: AgencyFigures[]) => computeRankings(computeCompletion(agencies, '2024-01-01').agencies);

test('equal rates are split by delivered count; full ties share a rank (1224) and are listed by code', () => {
  const r = rank([
    agency('S', { identified: 4, delivered: 3 }),
    agency('R', { identified: 8, delivered: 6 }),
    agency('Q', { identified: 8, delivered: 6 }),
    agency('P', { identified: 10, delivered: 10 }),
  ]);
  assert.deepEqual(
    r.byKind.ministry.map((e) => [e.rank, e.code, e.tied]),
    [[1, 'P', false], [2, 'Q', true], [2, 'R', true], [4, 'S', false]],
  );
});

test('rates are compared exactly: 1/3 and 2/6 are the same rate, so delivered count decides', () => {
  const r = rank([agency('T', { identified: 3, delivered: 1 }), agency('U', { identified: 6, delivered: 2 })]);
  assert.deepEqual(r.byKind.ministry.map((e) => [e.rank, e.code, e.tied]), [[1, 'U', false], [2, 'T', false]]);
});

test('an agency without active services is listed last with no rank and a reason', () => {
  const r = rank([agency('A0', { identified: 0 }), agency('B', { identified: 5, delivered: 0 })]);
  assert.deepEqual(
    r.byKind.ministry.map((e) => [e.rank, e.code, e.rate, e.unrankedReason]),
    [[1, 'B', 0, null], [null, 'A0', null, 'no_identified_services']],
  );
});

test('each kind is ranked on its own and every kind is present', () => {
  const r = rank([agency('M', { identified: 2, delivered: 1 }), agency('I', { kind: 'independent_institution', identified: 2, delivered: 2 })]);
  assert.deepEqual(r.byKind.ministry.map((e) => [e.rank, e.code]), [[1, 'M']]);
  assert.deepEqual(r.byKind.independent_institution.map((e) => [e.rank, e.code]), [[1, 'I']]);
  assert.deepEqual(r.byKind.subordinate_organisation, []);
  assert.deepEqual(r.byKind.other, []);
  assert.equal(r.tieBreak, rankingTieBreak);
  assert.match(r.tieBreak, /completion rate.*delivered services.*same rank/s);
});

test('reproduces the announced best and worst ministries and independent institutions', () => {
  const m = (code: string, identified: number, delivered: number) => agency(code, { identified, delivered });
  const i = (code: string, identified: number, delivered: number) => agency(code, { kind: 'independent_institution', identified, delivered });
  const r = rank([
    m('MFA', 60, 6), m('ENERGY', 120, 114), m('DEFENSE', 40, 2), m('LABOR', 90, 81), m('HERITAGE', 50, 4), m('EDUCATION', 150, 126), m('ROADS', 80, 48),
    i('FARAJA', 200, 200), i('AEOI', 30, 30), i('MARTYRS', 40, 38), i('CBI', 50, 46), i('SCI-VP', 100, 11),
  ]);
  assert.deepEqual(r.byKind.ministry.map((e) => e.code), ['ENERGY', 'LABOR', 'EDUCATION', 'ROADS', 'MFA', 'HERITAGE', 'DEFENSE']);
  // Both deliver 100%: the one delivering more services ranks first, neither is "tied".
  assert.deepEqual(r.byKind.independent_institution.map((e) => [e.rank, e.code, e.rate]), [
    [1, 'FARAJA', 1], [2, 'AEOI', 1], [3, 'MARTYRS', 0.95], [4, 'CBI', 0.92], [5, 'SCI-VP', 0.11],
  ]);
});

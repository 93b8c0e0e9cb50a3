import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agency } from './fixtures.test-support.ts';
import { assertValidInput, type AgencyFigures } from './figures.ts';

const check = (a: AgencyFigures, today = '2024-01-01') => () => assertValidInput({ agencies: [a], today, targets: [] });

test('consistent figures are accepted', () => {
  assert.doesNotThrow(check(agency('A', { byMaturity: [1, 2, 3, 0, 0, 1], delivered: 3, notDelivered: 4 })));
});

test('figures that do not add up are refused instead of producing a plausible percentage', () => {
  assert.throws(check(agency('A', { identified: 5, byMaturity: [1, 0, 0, 0, 0, 0] })), /byMaturity does not add up/);
  assert.throws(check(agency('A', { identified: 2, delivered: 3, notDelivered: 0, byMaturity: [2, 0, 0, 0, 0, 0] })), /exceeds identified/);
  assert.throws(check(agency('A', { byMaturity: [1, 0, 0, 0, 0] })), /6 non-negative integers/);
  assert.throws(check(agency('A', { identified: 1.5 })), /identified must be a non-negative integer/);
  assert.throws(check(agency('A', { connectedOn: '2024-02-30' })), /connectedOn/);
  assert.throws(check(agency('A'), '2024-1-1'), /today/);
});

test('an agency listed twice is refused', () => {
  assert.throws(() => assertValidInput({ agencies: [agency('A'), agency('A')], today: '2024-01-01', targets: [] }), /twice/);
});

test('a target with an impossible deadline is refused', () => {
  assert.throws(
    () => assertValidInput({ agencies: [], today: '2024-01-01', targets: [{ id: 't', level: 3, comparison: 'atLeast', share: 0.2, by: '2024-13-01' }] }),
    /target t/,
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeInsights, insightTables, type InsightsInput } from './index.ts';
import { agency } from './fixtures.test-support.ts';

const input: InsightsInput = {
  today: '2023-12-01',
  targets: [{ id: 'fully-electronic-20', level: 3, comparison: 'atLeast', share: 0.2, by: '2024-01-31' }],
  agencies: [
    agency('ENERGY', { connectedOn: '2021-05-01', byMaturity: [0, 0, 6, 3, 1, 0], delivered: 9 }),
    agency('MFA', { connectedOn: '2022-02-01', byMaturity: [6, 2, 2, 0, 0, 0], delivered: 1 }),
    agency('FARAJA', { kind: 'independent_institution', connectedOn: null, byMaturity: [0, 0, 0, 4, 0, 0], delivered: 4 }),
    agency('NEW', { kind: 'other', connectedOn: null, identified: 0 }),
    agency('X', { eligible: false, connectedOn: '2019-01-01', byMaturity: [0, 0, 0, 0, 0, 50], delivered: 50 }),
  ],
};

test('computes every part from the eligible agencies only', () => {
  const i = computeInsights(input);
  assert.equal(i.today, '2023-12-01');
  assert.deepEqual([i.connection.eligible, i.connection.connected, i.connection.notConnected], [4, 2, 2]);
  assert.deepEqual(i.connection.timeline.map((y) => y.cumulative), [1, 2, 2]);
  assert.deepEqual([i.completion.identified, i.completion.delivered, i.completion.coverage], [24, 14, 14 / 24]);
  assert.deepEqual(i.rankings.byKind.ministry.map((e) => e.code), ['ENERGY', 'MFA']);
  assert.deepEqual(i.rankings.byKind.other.map((e) => [e.rank, e.unrankedReason]), [[null, 'no_identified_services']]);
  assert.equal(i.maturity.totalServices, 24);
  assert.deepEqual(i.maturity.targets.map((t) => [t.servicesMeeting, t.met, t.status, t.daysLeft]), [[8, true, 'met', 61]]);
  assert.deepEqual(i.compliance[0]?.lagging.map((a) => a.code), ['MFA']);
  assert.deepEqual(i.compliance[0]?.withoutServices, ['NEW']);
});

test('refuses inconsistent figures', () => {
  assert.throws(() => computeInsights({ ...input, agencies: [agency('A', { identified: 3, byMaturity: [1, 0, 0, 0, 0, 0] })] }));
});

test('flat tables have a stable set of names and rows as wide as their columns', () => {
  const tables = insightTables(computeInsights(input));
  assert.deepEqual(Object.keys(tables), [
    'connection_timeline',
    'not_connected',
    'agency_completion',
    'ranking_ministry',
    'ranking_independent_institution',
    'ranking_subordinate_organisation',
    'ranking_other',
    'maturity_distribution',
    'targets',
    'compliance',
  ]);
  for (const [name, t] of Object.entries(tables)) {
    for (const row of t.rows) assert.equal(row.length, t.columns.length, name);
  }
  assert.deepEqual(tables['connection_timeline']?.rows, [[2021, 1, 1], [2022, 1, 2], [2023, 0, 2]]);
  assert.deepEqual(tables['ranking_ministry']?.rows[0], [1, 'ENERGY', 'سازمان ENERGY', 'Agency ENERGY', 0.9, 9, 10, 'no', null]);
  assert.deepEqual(tables['ranking_subordinate_organisation']?.rows, []);
  assert.deepEqual(tables['maturity_distribution']?.rows[3], [3, 'L3', 'Fully electronic', 7, 7 / 24]);
  assert.deepEqual(tables['targets']?.rows[0], ['fully-electronic-20', 3, 'atLeast', 0.2, '2024-01-31', 8, 24, 8 / 24, 1, 'yes', 0, 61, 'met']);
  assert.deepEqual(tables['compliance']?.rows, [['fully-electronic-20', 0.2, 'MFA', 'سازمان MFA', 'Agency MFA', 'ministry', 0, 10, 0, 2]]);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RankingEntry } from '../../core/insights/index.ts';
import { readRankingsState, rankingsHref, sortHref, sortRanking } from './rankings-query.ts';
import { leagueExtremes } from './league-extremes.tsx';

const entry = (code: string, rank: number | null, delivered: number, identified: number, nameEn = code, nameFa = code): RankingEntry => ({
  code,
  nameFa,
  nameEn,
  rank,
  tied: false,
  unrankedReason: rank === null ? 'no_identified_services' : null,
  delivered,
  identified,
  rate: identified ? delivered / identified : null,
});

// In ranking order, as the report lists them: B and C tie on rate (C delivered more), E has no services.
const ranking = [entry('A', 1, 9, 10, 'Zeta', 'ی'), entry('C', 2, 4, 8, 'alpha', 'ب'), entry('B', 3, 2, 4, 'Beta', 'آ'), entry('D', 4, 1, 10, 'delta', 'ث'), entry('E', null, 0, 0, 'Epsilon', 'الف')];
const order = (entries: RankingEntry[]) => entries.map((e) => e.code).join('');

test('sorting a ranking: any column, either way, ties in ranking order and unranked agencies always last', () => {
  assert.equal(order(sortRanking(ranking, 'rank', 'asc', 'en')), 'ACBDE');
  assert.equal(order(sortRanking(ranking, 'rank', 'desc', 'en')), 'DBCAE');
  assert.equal(order(sortRanking(ranking, 'rate', 'desc', 'en')), 'ACBDE', 'B and C have the same rate: C stays before B');
  assert.equal(order(sortRanking(ranking, 'rate', 'asc', 'en')), 'DCBAE');
  assert.equal(order(sortRanking(ranking, 'delivered', 'desc', 'en')), 'ACBDE');
  assert.equal(order(sortRanking(ranking, 'identified', 'asc', 'en')), 'BCADE', 'A and D both have 10: in ranking order');
  assert.equal(order(sortRanking(ranking, 'name', 'asc', 'en')), 'CBDAE', 'alpha, Beta, delta, Zeta: case does not decide');
  assert.equal(order(sortRanking(ranking, 'name', 'asc', 'fa')), 'BCDAE', 'Persian names in Persian alphabetical order (آ ب ث ی)');
});

test('addresses: defaults are left out, and a heading link reverses the order of the column it sorts', () => {
  const plain = readRankingsState({});
  assert.deepEqual(plain, { kind: 'all', sort: 'rank', order: 'asc' });
  assert.equal(rankingsHref(plain), '/dashboard/rankings');
  assert.equal(sortHref(plain, 'rank'), '/dashboard/rankings?order=desc');
  assert.equal(sortHref(plain, 'rate'), '/dashboard/rankings?sort=rate', 'rates start with the highest');
  const byName = readRankingsState({ kind: 'ministry', sort: 'name' });
  assert.equal(sortHref(byName, 'name'), '/dashboard/rankings?kind=ministry&sort=name&order=desc');
  assert.equal(rankingsHref({ ...byName, kind: 'all' }), '/dashboard/rankings?sort=name');
});

test("the overview's best and worst: three each, never one agency twice, and ties beyond them counted", () => {
  const many = Array.from({ length: 8 }, (_, i) => entry(`K${i}`, i < 5 ? i + 1 : 6, 8 - i, 10));
  const { best, worst, tiedElsewhere } = leagueExtremes([...many, entry('Z', null, 0, 0)]);
  assert.deepEqual(best.map((e) => e.code), ['K0', 'K1', 'K2']);
  assert.deepEqual(worst.map((e) => e.code), ['K5', 'K6', 'K7'], 'the worst last; the unranked agency is in neither');
  assert.equal(tiedElsewhere, 0);
  const tiedLast = Array.from({ length: 8 }, (_, i) => entry(`T${i}`, i < 3 ? i + 1 : 4, 3 - Math.min(i, 3), 10));
  assert.equal(leagueExtremes(tiedLast).tiedElsewhere, 2, 'five agencies share the last rank, three are shown');
  const five = leagueExtremes(many.slice(0, 5));
  assert.deepEqual([five.best.length, five.worst.length], [3, 2]);
  assert.deepEqual(leagueExtremes([many[0]!]), { best: [many[0]], worst: [], tiedElsewhere: 0 });
});

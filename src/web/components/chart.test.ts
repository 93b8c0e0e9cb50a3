import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chartSvg, labelledPoints, type ChartSeries } from './chart.tsx';
import { createI18n } from '../i18n/translate.ts';

const text = (v: number) => String(v);
const bars = (values: number[]): ChartSeries => ({ name: 'bars', type: 'bar', values });
const labels = (svg: string) => [...svg.matchAll(/<text[^>]*fill="#1b1b1b"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!.replace(/[\u2066-\u2069]/g, ''));

test('a line is labelled at its last point; bars under a line are not labelled, the line would cross them', () => {
  const line: ChartSeries = { name: 'total', type: 'line', values: [10, 129, 137] };
  const under = bars([10, 119, 8]);
  assert.deepEqual([...labelledPoints(line, [under, line], 100, false, text)], [2]);
  assert.deepEqual([...labelledPoints(under, [under, line], 100, false, text)], []);
});

test('bars: every label when they all fit side by side, else the last and the highest when they keep clear', () => {
  assert.deepEqual([...labelledPoints(bars([5, 6, 7]), [], 80, false, text)], [0, 1, 2]);
  const month = bars(Array.from({ length: 29 }, (_, i) => 30_000_000 + i * 1000 - (i === 10 ? 9_000_000 : 0) + (i === 20 ? 9_000_000 : 0)));
  const chosen = [...labelledPoints(month, [month], 10, false, (v) => `${(v / 1e6).toFixed(1)}M`)];
  assert.deepEqual(chosen, [28, 20], 'the last and the highest');
  assert.deepEqual([...labelledPoints(month, [month], 1, false, (v) => `${(v / 1e6).toFixed(1)}M`)], [28], 'too close together: the last only');
  // The highest bar here is the first, next to the value axis's numbers: a label wider than its slot would run into them.
  assert.deepEqual([...labelledPoints(bars([1e9, 2, 3, 4, 5, 6, 7, 8, 9, 1]), [], 10, false, () => 'x'.repeat(7))], [9]);
  // Horizontal bars each have a row of their own.
  assert.equal(labelledPoints(bars([1, 2, 3]), [], 1, true, text).size, 3);
});

test('the picture writes compact numbers in the reader’s digits; the table under it the exact ones', () => {
  const props = { title: 'calls', categoryHeader: 'day', categories: ['1', '2', '3'], series: [bars([47_000_000, 12_345_678, 9_000])] };
  assert.deepEqual(labels(chartSvg({ ...props, i18n: createI18n('en') })), ['47M', '12.3M', '9K']);
  assert.deepEqual(labels(chartSvg({ ...props, i18n: createI18n('fa') })), ['۴۷ میلیون', '۱۲٫۳ میلیون', '۹ هزار'].map((s) => s.replace(' ', '\u00a0')));
  assert.doesNotMatch(chartSvg({ ...props, i18n: createI18n('en') }), /font-size:(\d|1[01])px/, 'no text under 12 px');
});

test('categories left out of the picture are not drawn', () => {
  const svg = chartSvg({ i18n: createI18n('en'), title: 'partial', categoryHeader: 'day', categories: ['Mon', 'Tue', 'Today'], series: [bars([10, 12, 1])], leaveOutLast: 1 });
  assert.doesNotMatch(svg, />Today</);
  assert.match(svg, />Tue</);
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dayFactor, generateDemoUsage, totalCalls, type DemoUsage, type UsageSeries } from './usage.ts';

const series: UsageSeries[] = [
  { service: 'IR/GOV/A/a/top', consumer: 'IR/GOV/X/x', share: 0.5, latencyMs: 40, errorRate: 0.004 },
  { service: 'IR/GOV/A/a/top', consumer: 'IR/GOV/Y/y', share: 0.2, latencyMs: 40, errorRate: 0.004 },
  { service: 'IR/GOV/B/b/second', consumer: 'IR/GOV/X/x', share: 0.3, latencyMs: 90, errorRate: 0.01 },
];
// Six months back from 1 June 2025 include Nowruz 1404 (21 March 2025).
const now = new Date('2025-06-01T10:30:20Z');
const usage = generateDemoUsage(series, { seed: 7, now });

const DAY = 86_400_000;
const buckets = (u: DemoUsage, granularity: 'day' | 'minute') => u.start.flatMap((start, k) => (u.granularity[k] === granularity ? [{ start, k }] : []));
const callsOn = (u: DemoUsage, day: string) => u.start.reduce((sum, start, k) => (u.granularity[k] === 'day' && start === Date.parse(`${day}T00:00:00Z`) ? sum + u.calls[k]! : sum), 0);

describe('synthetic exchange usage', () => {
  test('totals ≈ 7 billion calls over six months, about 450 per second', () => {
    const total = totalCalls(usage);
    assert.ok(Math.abs(total - 7e9) < 0.01 * 7e9, String(total));
    const seconds = (usage.to.getTime() - usage.from.getTime()) / 1000;
    const perSecond = total / seconds;
    assert.ok(perSecond > 420 && perSecond < 480, String(perSecond));
    const days = (usage.to.getTime() - usage.from.getTime()) / DAY;
    assert.ok(days > 181 && days < 182, String(days));
  });

  test('day buckets up to yesterday, minute buckets from yesterday 00:00 UTC to the last whole minute, never overlapping', () => {
    const days = buckets(usage, 'day');
    const minutes = buckets(usage, 'minute');
    assert.equal(days.length, 180 * series.length);
    assert.equal(Math.max(...days.map((d) => d.start)), Date.parse('2025-05-30T00:00:00Z'));
    assert.equal(Math.min(...minutes.map((m) => m.start)), Date.parse('2025-05-31T00:00:00Z'));
    assert.equal(Math.max(...minutes.map((m) => m.start)), Date.parse('2025-06-01T10:29:00Z'));
    assert.equal(minutes.length, (24 * 60 + 10 * 60 + 30) * series.length);
    for (const d of days) assert.equal(d.start % DAY, 0);
  });

  test('deterministic from the seed', () => {
    assert.deepEqual(generateDemoUsage(series, { seed: 7, now }), usage);
    assert.notDeepEqual(generateDemoUsage(series, { seed: 8, now }).calls, usage.calls);
  });

  test('series keep their shares', () => {
    const bySeries = series.map((_, i) => usage.calls.reduce((sum, c, k) => (usage.seriesIndex[k] === i ? sum + c : sum), 0));
    const total = totalCalls(usage);
    series.forEach((s, i) => assert.ok(Math.abs(bySeries[i]! / total - s.share) < 0.005, `${i}: ${bySeries[i]! / total}`));
  });

  test('weekly rhythm: Fridays are the quietest days; Nowruz dips', () => {
    // 2025-05-23 is a Friday, 2025-05-24 a Saturday; 1 Farvardin 1404 = 2025-03-21.
    assert.ok(callsOn(usage, '2025-05-23') < 0.5 * callsOn(usage, '2025-05-24'));
    assert.ok(callsOn(usage, '2025-03-22') < 0.4 * callsOn(usage, '2025-03-15'));
    assert.ok(dayFactor(new Date('2025-03-21T00:00:00Z')) < dayFactor(new Date('2025-04-21T00:00:00Z')) / 2);
    assert.equal(dayFactor(new Date('2025-05-24T00:00:00Z')), 1.12);
  });

  test('daily rhythm by Tehran time: busy mornings, quiet nights, peaks several times the average', () => {
    const perMinute = new Map<number, number>();
    for (const { start, k } of buckets(usage, 'minute')) perMinute.set(start, (perMinute.get(start) ?? 0) + usage.calls[k]!);
    // 31 May 2025 was a Saturday: 11:00 Tehran = 07:30 UTC, 03:00 Tehran = 23:30 UTC the day before.
    const at = (iso: string) => perMinute.get(Date.parse(iso))!;
    assert.ok(at('2025-05-31T07:30:00Z') > 8 * at('2025-05-31T23:30:00Z'));
    const peakPerSecond = Math.max(...perMinute.values()) / 60;
    assert.ok(peakPerSecond > 2 * 450 && peakPerSecond < 6 * 450, String(peakPerSecond));
  });

  test('small error rates with an incident, plausible latencies', () => {
    const errors = usage.errors.reduce((a, b) => a + b, 0);
    const rate = errors / totalCalls(usage);
    assert.ok(rate > 0.003 && rate < 0.02, String(rate));
    usage.errors.forEach((e, k) => assert.ok(e >= 0 && e <= usage.calls[k]!));
    const worstMinute = Math.max(...buckets(usage, 'minute').map(({ k }) => usage.errors[k]! / Math.max(1, usage.calls[k]!)));
    assert.ok(worstMinute > 0.2, 'a half-hour outage shows in the minute buckets');
    usage.latencySum.forEach((sum, k) => {
      const mean = sum / Math.max(1, usage.calls[k]!);
      assert.ok(mean > 20 && mean < 1000, `${mean}`);
      assert.ok(usage.latencyMax[k]! >= mean);
    });
  });
});

/**
 * Six months of synthetic exchange usage, CLEARLY DEMO DATA (`exchange_usage.demo = true`),
 * consistent with the published volumes: about 7 billion calls in six months (≈ 450 per second
 * on average, peaks several times that), the literacy-level inquiry, health insurance validity
 * and smart ID card issuance follow-up on top.
 *
 * Shape: day buckets for the six months before yesterday, per-minute buckets from yesterday
 * 00:00 UTC up to the current minute (the two periods never overlap, as the readers expect).
 * Daily rhythm by Tehran time, fewer calls on Thursday afternoons and Fridays (the Iranian
 * weekend), a dip over the Nowruz holidays (Farvardin 1–13), slow growth, small error rates
 * with a couple of incidents. Deterministic from the seed and "now".
 */
import { sql } from 'drizzle-orm';
import type { Sql } from '../../src/db/database.ts';
import { Rng } from '../dataset/prng.ts';

export interface UsageSeries {
  /** `formatServiceId` of the service and `formatClientId` of the consumer subsystem. */
  service: string;
  consumer: string;
  /** Share of all calls (the shares of all series add up to 1). */
  share: number;
  latencyMs: number;
  errorRate: number;
}

export interface UsageOptions {
  seed: number;
  now: Date;
  /** Calls over the whole period. Default 7e9. */
  totalCalls?: number;
  /** Days of day buckets before the minute period. Default 180 (with the minute period, six months). */
  days?: number;
}

/** Buckets in columns (one entry per bucket), compact enough to insert 50k rows in one go. */
export interface DemoUsage {
  series: UsageSeries[];
  granularity: ('day' | 'minute')[];
  start: number[];
  seriesIndex: number[];
  calls: number[];
  errors: number[];
  latencySum: number[];
  latencyMax: number[];
  /** First instant covered and the end (exclusive). */
  from: Date;
  to: Date;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const TEHRAN_OFFSET_MS = 3.5 * 3_600_000;

/** Relative load per hour of the day, Tehran time (0–23). */
const hourly = [0.35, 0.22, 0.15, 0.12, 0.11, 0.14, 0.3, 0.65, 1.2, 1.65, 1.85, 1.9, 1.8, 1.6, 1.5, 1.45, 1.35, 1.25, 1.15, 1.05, 0.95, 0.85, 0.7, 0.5];
const hourlyMean = hourly.reduce((a, b) => a + b, 0) / 24;

/** By `getUTCDay()` (0 Sunday … 6 Saturday): the week starts on Saturday, Friday is the weekend. */
const weekday = [1.1, 1.1, 1.08, 1.04, 0.8, 0.42, 1.12];

const persianDate = new Intl.DateTimeFormat('en-US-u-ca-persian-nu-latn', { timeZone: 'UTC', month: 'numeric', day: 'numeric' });

function persianMonthDay(day: Date): { month: number; day: number } {
  const parts = persianDate.formatToParts(day);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { month: get('month'), day: get('day') };
}

/** The load of a whole day relative to an ordinary weekday, before growth and noise. */
export function dayFactor(day: Date): number {
  let f = weekday[day.getUTCDay()] ?? 1;
  const p = persianMonthDay(day);
  if (p.month === 1 && p.day <= 4) f *= 0.3;
  else if (p.month === 1 && p.day <= 13) f *= 0.55;
  else if (p.month === 12 && p.day >= 25) f *= 1.08;
  return f;
}

/** Relative load at a minute (mean 1 over a day), interpolated between Tehran hours. */
function hourFactor(t: number): number {
  const h = (((t + TEHRAN_OFFSET_MS) % DAY) / 3_600_000 + 24) % 24;
  const i = Math.floor(h);
  const a = hourly[i] ?? 1;
  const b = hourly[(i + 1) % 24] ?? 1;
  return (a + (b - a) * (h - i)) / hourlyMean;
}

const utcMidnight = (t: number) => Math.floor(t / DAY) * DAY;

/** A noise factor around 1 (roughly ± `spread`), never below 0.2. */
const noise = (rng: Rng, spread: number) => Math.max(0.2, 1 + rng.normal() * spread);

export function generateDemoUsage(series: UsageSeries[], options: UsageOptions): DemoUsage {
  const totalCalls = options.totalCalls ?? 7e9;
  const days = options.days ?? 180;
  const end = Math.floor(options.now.getTime() / MINUTE) * MINUTE;
  const minuteStart = utcMidnight(end) - DAY;
  const from = minuteStart - days * DAY;
  const rng = new Rng(options.seed).fork('exchange-usage');

  // Weights first, so the total comes out at `totalCalls` whatever "now" is.
  const growth = (t: number) => 0.92 + 0.16 * ((t - from) / (end - from));
  const dayFactors = new Map<number, number>();
  const dayWeight = (t: number) => {
    const d = utcMidnight(t);
    let f = dayFactors.get(d);
    if (f === undefined) dayFactors.set(d, (f = dayFactor(new Date(d))));
    return f * growth(t);
  };
  let weight = 0;
  for (let d = from; d < minuteStart; d += DAY) weight += dayWeight(d + DAY / 2);
  for (let t = minuteStart; t < end; t += MINUTE) weight += (dayWeight(t) * hourFactor(t)) / 1440;
  const perDay = totalCalls / weight;

  // Incidents: one bad day for one service, and a half-hour outage in the minute period.
  const badDay = from + rng.int(20, days - 10) * DAY;
  const badDaySeries = rng.int(0, series.length - 1);
  const outageService = series[rng.int(0, series.length - 1)]?.service;
  const outageStart = minuteStart + rng.int(8 * 60, 20 * 60) * MINUTE;
  const outageEnd = outageStart + 28 * MINUTE;

  const out: DemoUsage = { series, granularity: [], start: [], seriesIndex: [], calls: [], errors: [], latencySum: [], latencyMax: [], from: new Date(from), to: new Date(end) };
  const push = (granularity: 'day' | 'minute', start: number, i: number, expected: number, incident: number, maxSpread: [number, number]) => {
    const s = series[i]!;
    const calls = Math.max(0, Math.round(expected));
    const errorRate = Math.min(1, s.errorRate * noise(rng, 0.35) + incident);
    const errors = Math.min(calls, Math.round(calls * errorRate));
    const mean = s.latencyMs * noise(rng, 0.08) * (1 + incident * 6);
    out.granularity.push(granularity);
    out.start.push(start);
    out.seriesIndex.push(i);
    out.calls.push(calls);
    out.errors.push(errors);
    out.latencySum.push(Math.round(calls * mean));
    out.latencyMax.push(calls === 0 ? 0 : Math.round(mean * (maxSpread[0] + rng.next() * maxSpread[1])));
  };
  for (let d = from; d < minuteStart; d += DAY) {
    const base = perDay * dayWeight(d + DAY / 2);
    series.forEach((s, i) => push('day', d, i, base * s.share * noise(rng, 0.04), d === badDay && i === badDaySeries ? 0.04 : 0, [15, 30]));
  }
  for (let t = minuteStart; t < end; t += MINUTE) {
    const base = (perDay * dayWeight(t) * hourFactor(t)) / 1440;
    series.forEach((s, i) => push('minute', t, i, base * s.share * noise(rng, 0.05), s.service === outageService && t >= outageStart && t < outageEnd ? 0.3 : 0, [4, 10]));
  }
  return out;
}

/**
 * Writes the buckets (as demo rows) in one statement per batch. Columns travel as
 * comma-separated text parsed into arrays by the database, which is several times cheaper on
 * the embedded engine than a row per JSON object.
 */
export async function insertDemoUsage(q: Sql, usage: DemoUsage, batchSize = 100_000): Promise<void> {
  const pairs = JSON.stringify(usage.series.map((s, i) => ({ i, service: s.service, consumer: s.consumer })));
  for (let from = 0; from < usage.start.length; from += batchSize) {
    const to = Math.min(usage.start.length, from + batchSize);
    const col = (values: readonly (number | string)[]) => values.slice(from, to).join(',');
    await q.execute(sql`
      insert into exchange_usage (granularity, bucket_start, service, consumer, calls, errors, latency_ms_sum, latency_ms_max, demo)
      select u.g, to_timestamp(u.s), p.service, p.consumer, u.c, u.e, u.l, u.m, true
      from unnest(string_to_array(${col(usage.granularity)}, ','), string_to_array(${col(usage.start.map((t) => t / 1000))}, ',')::double precision[],
                  string_to_array(${col(usage.seriesIndex)}, ',')::int[], string_to_array(${col(usage.calls)}, ',')::bigint[],
                  string_to_array(${col(usage.errors)}, ',')::bigint[], string_to_array(${col(usage.latencySum)}, ',')::double precision[],
                  string_to_array(${col(usage.latencyMax)}, ',')::real[]) as u(g, s, i, c, e, l, m)
      join jsonb_to_recordset(${pairs}::jsonb) as p(i int, service text, consumer text) on p.i = u.i`);
  }
}

export function totalCalls(usage: DemoUsage): number {
  return usage.calls.reduce((a, b) => a + b, 0);
}

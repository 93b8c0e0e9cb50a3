import { sql, type SQL } from 'drizzle-orm';
import { isIntentRecord, type ExchangeRecord } from './record.ts';

/**
 * Per-minute usage buckets, written in the same statement as the records they count. Pure
 * aggregation here; the upsert adds a batch's counts to whatever earlier batches (of any node)
 * wrote for the same minute, service and consumer.
 *
 * A call counts as an error when the gateway refused or failed it (an error type) or the
 * provider answered 5xx; a provider's 4xx (e.g. "no such person") is a successful exchange.
 * Calls refused before the service or consumer was known count under the empty string.
 * Intent records (`INTENT_STATUS`) are not counted: a forwarded call counts once, by its
 * outcome record.
 */
export interface UsageRow {
  /** Start of the UTC minute, ISO 8601. */
  bucketStart: string;
  service: string;
  consumer: string;
  calls: number;
  errors: number;
  latencyMsSum: number;
  latencyMsMax: number;
}

const MINUTE_MS = 60_000;

export const isErrorRecord = (r: Pick<ExchangeRecord, 'status' | 'errorType'>): boolean => r.errorType !== null || r.status >= 500;

/** One row per (minute, service, consumer) of the batch, in a stable order (so concurrent upserts lock rows alike). */
export function aggregateUsage(records: Iterable<ExchangeRecord>): UsageRow[] {
  const byKey = new Map<string, UsageRow>();
  for (const r of records) {
    if (isIntentRecord(r)) continue;
    const minute = Math.floor(r.at.getTime() / MINUTE_MS) * MINUTE_MS;
    const service = r.service ?? '';
    const consumer = r.consumer ?? '';
    const key = `${minute}\u0000${service}\u0000${consumer}`;
    let row = byKey.get(key);
    if (!row) {
      row = { bucketStart: new Date(minute).toISOString(), service, consumer, calls: 0, errors: 0, latencyMsSum: 0, latencyMsMax: 0 };
      byKey.set(key, row);
    }
    row.calls += 1;
    if (isErrorRecord(r)) row.errors += 1;
    row.latencyMsSum += r.latencyMs;
    if (r.latencyMs > row.latencyMsMax) row.latencyMsMax = r.latencyMs;
  }
  return [...byKey.values()].sort((a, b) => (a.bucketStart < b.bucketStart ? -1 : a.bucketStart > b.bucketStart ? 1 : a.service < b.service ? -1 : a.service > b.service ? 1 : a.consumer < b.consumer ? -1 : a.consumer > b.consumer ? 1 : 0));
}

/**
 * The upsert of `rows` (a JSON parameter) into the minute buckets, as a statement or a CTE body.
 * `guard` is an optional relation that must hold a row for anything to be written (the writer
 * passes its chain-head update, so buckets are counted only when the records are).
 */
export function usageUpsert(rows: UsageRow[], guard?: SQL): SQL {
  const from = guard ? sql`${guard} g cross join ` : sql``;
  return sql`insert into exchange_usage (granularity, bucket_start, service, consumer, calls, errors, latency_ms_sum, latency_ms_max)
    select 'minute', u."bucketStart", u.service, u.consumer, u.calls, u.errors, u."latencyMsSum", u."latencyMsMax"
    from ${from}jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as u("bucketStart" timestamptz, service text, consumer text, calls bigint, errors bigint, "latencyMsSum" double precision, "latencyMsMax" real)
    on conflict (granularity, bucket_start, service, consumer) do update set
      calls = exchange_usage.calls + excluded.calls,
      errors = exchange_usage.errors + excluded.errors,
      latency_ms_sum = exchange_usage.latency_ms_sum + excluded.latency_ms_sum,
      latency_ms_max = greatest(exchange_usage.latency_ms_max, excluded.latency_ms_max)`;
}

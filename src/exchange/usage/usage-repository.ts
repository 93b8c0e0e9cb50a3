import { sql, type SQL } from 'drizzle-orm';
import { rows, type Database, type Sql } from '../../db/database.ts';
import { readServiceNames } from '../../registry/index.ts';

/**
 * Reads `exchange_usage` (migration 0005): per-minute buckets written with the log records, and
 * day buckets (UTC days) that older minutes are rolled into. A period is covered by minutes or
 * by a day bucket, never both, so readers simply sum the two.
 *
 * Every bucket is reported on a calendar day: a minute on the day it falls on in the
 * country's time zone, a day bucket on its own (UTC) date. A rolled-up UTC day of Tehran
 * therefore counts from 03:30 to 03:30; no call is counted twice or lost at the seam.
 *
 * Minutes are mostly read through their day sums (`exchange_usage_days`, migration 0007, kept
 * by the roll-up): the sums for minutes before `through`, the minutes themselves after it and
 * on days a later change touched. The result is the same as summing every minute.
 */

/** Days are inclusive YYYY-MM-DD; `timeZone` is the IANA zone minute buckets are dated in. */
export interface UsageRange {
  from: string;
  to: string;
  timeZone: string;
}

export interface UsageFilter {
  /** Service key (`IR/GOV/CODE/SUB/service`), with or without a version part after it. */
  service?: string;
  /** Exact consumer key (`IR/GOV/CODE/SUB`). */
  consumer?: string;
  /**
   * Key prefixes (`IR/GOV/CODE/`) of members whose rows are wanted: a row is kept when its
   * service or its consumer starts with one of them. An empty list selects nothing.
   */
  memberPrefixes?: readonly string[];
}

export interface UsageSums {
  calls: number;
  errors: number;
  latencyMsSum: number;
  latencyMsMax: number;
  /** True when any bucket summed is synthetic demo data. */
  demo: boolean;
}

/** `days_and_pairs`: rows by day and rows by (service, consumer) from one scan (grouping sets). */
export type UsageGrouping = 'day' | 'pair' | 'day_pair' | 'days_and_pairs' | 'total';

export interface UsageGroupRow extends UsageSums {
  day?: string;
  service?: string;
  consumer?: string;
}

/** The service, consumer and member conditions on the rows of `alias` (any table with `service` and `consumer`). */
function keyConditions(alias: string, filter: UsageFilter): SQL[] {
  const service = sql.raw(`${alias}.service`);
  const consumer = sql.raw(`${alias}.consumer`);
  const conditions: SQL[] = [];
  // A service key may carry the service version as a sixth part; the filter covers both forms.
  if (filter.service !== undefined) conditions.push(sql`(${service} = ${filter.service} or starts_with(${service}, ${filter.service + '/'}))`);
  if (filter.consumer !== undefined) conditions.push(sql`${consumer} = ${filter.consumer}`);
  if (filter.memberPrefixes !== undefined) {
    if (filter.memberPrefixes.length === 0) conditions.push(sql`false`);
    else {
      const any = filter.memberPrefixes.map((p) => sql`starts_with(${service}, ${p}) or starts_with(${consumer}, ${p})`);
      conditions.push(sql`(${sql.join(any, sql` or `)})`);
    }
  }
  return conditions;
}

const and = (conditions: SQL[]) => sql.join(conditions, sql` and `);
const columns = (alias: string) => sql.raw(`${alias}.service, ${alias}.consumer, ${alias}.calls, ${alias}.errors, ${alias}.latency_ms_sum, ${alias}.latency_ms_max, ${alias}.demo`);
/** A list of days as one parameter (`{2026-11-27,2026-11-28}`), the same on both engines. */
const dayArray = (days: readonly string[]) => sql`${`{${days.join(',')}}`}::date[]`;

/** Where the day sums of `timeZone` stand for the period: see `bucketsOfPeriod`. */
interface DaySumsState {
  /** Minutes before this instant (ISO 8601) are in the day sums; null when the zone has none. */
  through: string | null;
  /** Days of the period that a noted change touched, whose sums are not to be used. */
  touched: string[];
}

async function selectDaySumsState(q: Sql, range: UsageRange): Promise<DaySumsState> {
  const tz = range.timeZone;
  const [row] = await rows<{ through: string | null; touched: string | null }>(
    q,
    sql`select (select to_char(t.through at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') from exchange_usage_days_through t where t.time_zone = ${tz} and isfinite(t.through)) as through,
               (select string_agg(distinct d::date::text, ',')
                from exchange_usage_changes c,
                     generate_series(greatest((c.first_minute at time zone ${tz})::date, ${range.from}::date)::timestamp, least((c.last_minute at time zone ${tz})::date, ${range.to}::date)::timestamp, interval '1 day') d) as touched`,
  );
  return { through: row?.through ?? null, touched: row?.touched ? row.touched.split(',') : [] };
}

/**
 * The buckets of the period, each with the day it is reported on, as up to four disjoint
 * parts: day buckets; day sums of minutes before `through` on days no later change touched;
 * minutes from `through` on; minutes before `through` on the touched days. Every part is a
 * range on a primary key, so six months of day buckets, a few days of day sums and the last
 * hour or so of minutes are read by index, not scanned. `through` and the touched days come in
 * as values (read first, in the same snapshot), so the planner sizes each part rightly.
 */
function bucketsOfPeriod(range: UsageRange, filter: UsageFilter, state: DaySumsState): SQL {
  const tz = range.timeZone;
  const from = sql`${range.from}::date`;
  const to = sql`${range.to}::date`;
  const localStart = (day: SQL) => sql`(${day})::timestamp at time zone ${tz}`;
  const minuteDay = sql`(u.bucket_start at time zone ${tz})::date`;
  const keys = (alias: string) => {
    const conditions = keyConditions(alias, filter);
    return conditions.length ? sql` and ${and(conditions)}` : sql``;
  };
  const parts: SQL[] = [
    sql`select (u.bucket_start at time zone 'UTC')::date as day, ${columns('u')}
      from exchange_usage u
      where u.granularity = 'day' and u.bucket_start >= (${from})::timestamp at time zone 'UTC' and u.bucket_start < (${to} + 1)::timestamp at time zone 'UTC'${keys('u')}`,
  ];
  if (state.through === null) {
    parts.push(sql`select ${minuteDay}, ${columns('u')}
      from exchange_usage u
      where u.granularity = 'minute' and u.bucket_start >= ${localStart(from)} and u.bucket_start < ${localStart(sql`${to} + 1`)}${keys('u')}`);
  } else {
    const through = sql`${state.through}::timestamptz`;
    const untouched = state.touched.length ? sql` and s.day <> all(${dayArray(state.touched)})` : sql``;
    parts.push(
      sql`select s.day, ${columns('s')}
        from exchange_usage_days s
        where s.time_zone = ${tz} and s.day >= ${from} and s.day <= ${to}${untouched}${keys('s')}`,
      sql`select ${minuteDay}, ${columns('u')}
        from exchange_usage u
        where u.granularity = 'minute' and u.bucket_start >= greatest(${through}, ${localStart(from)}) and u.bucket_start < ${localStart(sql`${to} + 1`)}${keys('u')}`,
    );
    if (state.touched.length) {
      parts.push(sql`select ${minuteDay}, ${columns('u')}
        from unnest(${dayArray(state.touched)}) as c(day)
        join exchange_usage u on u.granularity = 'minute' and u.bucket_start >= ${localStart(sql`c.day`)} and u.bucket_start < ${localStart(sql`c.day + 1`)}
        where u.bucket_start < ${through}${keys('u')}`);
    }
  }
  return sql.join(parts, sql` union all `);
}

/**
 * Sums of the selected buckets, grouped by day, by (service, consumer), by both, or not at all.
 * Reads twice; call it in one snapshot (`inOneSnapshot`) so the second read agrees with the first.
 */
export async function selectUsage(q: Sql, range: UsageRange, filter: UsageFilter, grouping: UsageGrouping): Promise<UsageGroupRow[]> {
  const state = await selectDaySumsState(q, range);
  const keys: SQL[] = [];
  if (grouping !== 'pair' && grouping !== 'total') keys.push(sql`u.day::text as day`);
  // Keys compared byte-wise: sorting on them with a linguistic collation costs more than the sums.
  if (grouping !== 'day' && grouping !== 'total') keys.push(sql`u.service collate "C" as service`, sql`u.consumer collate "C" as consumer`);
  const positions = sql.raw(keys.map((_, i) => String(i + 1)).join(', '));
  const groupBy =
    grouping === 'total' ? sql`` : grouping === 'days_and_pairs' ? sql`group by grouping sets ((1), (2, 3))` : sql`group by ${positions} order by ${positions}`;
  const found = await rows<{ day?: string | null; service?: string | null; consumer?: string | null; calls: number | null; errors: number | null; latency_sum: number | null; latency_max: number | null; demo: boolean | null }>(
    q,
    sql`select ${keys.length ? sql`${sql.join(keys, sql`, `)}, ` : sql``}
          sum(u.calls)::float8 as calls, sum(u.errors)::float8 as errors,
          sum(u.latency_ms_sum)::float8 as latency_sum, max(u.latency_ms_max)::float8 as latency_max, bool_or(u.demo) as demo
        from (${bucketsOfPeriod(range, filter, state)}) u
        ${groupBy}`,
  );
  return found
    .filter((r) => r.calls !== null)
    .map((r) => ({
      ...(r.day != null ? { day: r.day } : {}),
      ...(r.service != null ? { service: r.service } : {}),
      ...(r.consumer != null ? { consumer: r.consumer } : {}),
      calls: Number(r.calls),
      errors: Number(r.errors ?? 0),
      latencyMsSum: Number(r.latency_sum ?? 0),
      latencyMsMax: Number(r.latency_max ?? 0),
      demo: r.demo === true,
    }));
}

/** Runs `fn` in a read-only transaction that sees one snapshot throughout (repeatable read). */
export function inOneSnapshot<T>(db: Database, fn: (q: Sql) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set transaction isolation level repeatable read, read only`);
    return fn(tx);
  });
}

/**
 * Like `selectUsage`, but from every bucket itself and never from the day sums: what the fast
 * path must always agree with (tests and checks).
 */
export async function selectUsageFromBuckets(q: Sql, range: UsageRange, filter: UsageFilter): Promise<UsageGroupRow[]> {
  const tz = range.timeZone;
  const from = sql`${range.from}::date`;
  const next = sql`(${range.to}::date + 1)`;
  const found = await rows<{ day: string; service: string; consumer: string; calls: number; errors: number; latency_sum: number; latency_max: number; demo: boolean }>(
    q,
    sql`select (case when u.granularity = 'day' then (u.bucket_start at time zone 'UTC')::date else (u.bucket_start at time zone ${tz})::date end)::text as day,
               u.service collate "C" as service, u.consumer collate "C" as consumer,
               sum(u.calls)::float8 as calls, sum(u.errors)::float8 as errors,
               sum(u.latency_ms_sum)::float8 as latency_sum, max(u.latency_ms_max)::float8 as latency_max, bool_or(u.demo) as demo
        from exchange_usage u
        where ((u.granularity = 'minute' and u.bucket_start >= (${from})::timestamp at time zone ${tz} and u.bucket_start < (${next})::timestamp at time zone ${tz})
            or (u.granularity = 'day' and u.bucket_start >= (${from})::timestamp at time zone 'UTC' and u.bucket_start < (${next})::timestamp at time zone 'UTC'))
          ${sql.join(keyConditions('u', filter).map((c) => sql` and ${c}`), sql``)}
        group by 1, 2, 3 order by 1, 2, 3`,
  );
  return found.map((r) => ({ day: r.day, service: r.service, consumer: r.consumer, calls: Number(r.calls), errors: Number(r.errors), latencyMsSum: Number(r.latency_sum), latencyMsMax: Number(r.latency_max), demo: r.demo }));
}

/** The day (as `selectUsage` labels it) of the latest bucket; null when there is none. */
export async function selectLatestUsageDay(q: Sql, timeZone: string): Promise<string | null> {
  const [row] = await rows<{ day: string }>(
    q,
    sql`select (case when u.granularity = 'day' then (u.bucket_start at time zone 'UTC')::date else (u.bucket_start at time zone ${timeZone})::date end)::text as day
        from exchange_usage u order by u.bucket_start desc, u.granularity limit 1`,
  );
  return row?.day ?? null;
}

/** Names of catalog (registry) services by id: a usage figure names the catalog service an API serves. */
export function selectCatalogNames(q: Sql, ids: readonly string[]): Promise<Map<string, { nameFa: string; nameEn: string }>> {
  return readServiceNames(q, ids);
}

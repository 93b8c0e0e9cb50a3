import { sql, type SQL } from 'drizzle-orm';
import { rows, type Sql } from '../../db/database.ts';
import type { Member } from '../model.ts';

/**
 * Reads and rolls up `exchange_usage` (migration 0005): per-minute buckets written with the
 * log records, and day buckets (UTC days) that older minutes are rolled into. A period is
 * covered by minutes or by a day bucket, never both, so readers simply sum the two.
 *
 * Every bucket is reported on a calendar day: a minute on the day it falls on in the
 * country's time zone, a day bucket on its own (UTC) date. A rolled-up UTC day of Tehran
 * therefore counts from 03:30 to 03:30; no call is counted twice or lost at the seam.
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

function where(range: UsageRange, filter: UsageFilter): SQL {
  const from = sql`${range.from}::date`;
  const next = sql`(${range.to}::date + 1)`;
  // Both branches are ranges on the primary key (granularity, bucket_start, ...), so six months
  // of day buckets and a few days of minutes are read by index, not scanned.
  const conditions: SQL[] = [
    sql`((u.granularity = 'minute' and u.bucket_start >= (${from})::timestamp at time zone ${range.timeZone} and u.bucket_start < (${next})::timestamp at time zone ${range.timeZone})
      or (u.granularity = 'day' and u.bucket_start >= (${from})::timestamp at time zone 'UTC' and u.bucket_start < (${next})::timestamp at time zone 'UTC'))`,
  ];
  // A service key may carry the service version as a sixth part; the filter covers both forms.
  if (filter.service !== undefined) conditions.push(sql`(u.service = ${filter.service} or starts_with(u.service, ${filter.service + '/'}))`);
  if (filter.consumer !== undefined) conditions.push(sql`u.consumer = ${filter.consumer}`);
  if (filter.memberPrefixes !== undefined) {
    if (filter.memberPrefixes.length === 0) conditions.push(sql`false`);
    else {
      const any = filter.memberPrefixes.map((p) => sql`starts_with(u.service, ${p}) or starts_with(u.consumer, ${p})`);
      conditions.push(sql`(${sql.join(any, sql` or `)})`);
    }
  }
  return sql.join(conditions, sql` and `);
}

const dayLabel = (timeZone: string) =>
  sql`(case when u.granularity = 'day' then (u.bucket_start at time zone 'UTC')::date else (u.bucket_start at time zone ${timeZone})::date end)`;

/** Sums of the selected buckets, grouped by day, by (service, consumer), by both, or not at all. */
export async function selectUsage(q: Sql, range: UsageRange, filter: UsageFilter, grouping: UsageGrouping): Promise<UsageGroupRow[]> {
  const day = dayLabel(range.timeZone);
  const keys: SQL[] = [];
  if (grouping !== 'pair' && grouping !== 'total') keys.push(sql`${day}::text as day`);
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
        from exchange_usage u
        where ${where(range, filter)}
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

/** The day (as `selectUsage` labels it) of the latest bucket matching the filter; null when none. */
export async function selectLatestUsageDay(q: Sql, timeZone: string, filter: Pick<UsageFilter, 'memberPrefixes'> = {}): Promise<string | null> {
  const scope = filter.memberPrefixes === undefined ? sql`true` : where({ from: '1970-01-01', to: '9999-12-30', timeZone }, filter);
  const [row] = await rows<{ day: string }>(
    q,
    sql`select ${dayLabel(timeZone)}::text as day from exchange_usage u where ${scope} order by u.bucket_start desc, u.granularity limit 1`,
  );
  return row?.day ?? null;
}

/**
 * Moves every minute bucket that starts before `before` (a UTC midnight) into the day bucket of
 * its UTC day, adding to a day bucket already there, in one statement: the minutes are deleted
 * and their sums inserted together. Two nodes running it at once cannot count a minute twice —
 * the second waits on the rows the first deletes and then finds them gone — and the caller
 * also holds an advisory lock so the second does no work at all.
 */
export async function rollUpMinutes(q: Sql, before: Date): Promise<{ minutes: number; days: number }> {
  const [row] = await rows<{ minutes: number; days: number }>(
    q,
    sql`with moved as (
          delete from exchange_usage where granularity = 'minute' and bucket_start < ${before.toISOString()}::timestamptz
          returning bucket_start, service, consumer, calls, errors, latency_ms_sum, latency_ms_max, demo
        ), summed as (
          insert into exchange_usage as d (granularity, bucket_start, service, consumer, calls, errors, latency_ms_sum, latency_ms_max, demo)
          select 'day', date_trunc('day', bucket_start at time zone 'UTC') at time zone 'UTC', service, consumer,
                 sum(calls), sum(errors), sum(latency_ms_sum), max(latency_ms_max), bool_or(demo)
          from moved group by 2, 3, 4
          on conflict (granularity, bucket_start, service, consumer) do update set
            calls = d.calls + excluded.calls,
            errors = d.errors + excluded.errors,
            latency_ms_sum = d.latency_ms_sum + excluded.latency_ms_sum,
            latency_ms_max = greatest(d.latency_ms_max, excluded.latency_ms_max),
            demo = d.demo or excluded.demo
          returning 1
        )
        select (select count(*) from moved)::int as minutes, (select count(*) from summed)::int as days`,
  );
  return { minutes: row?.minutes ?? 0, days: row?.days ?? 0 };
}

/** Takes a transaction-scoped advisory lock if free; false when another session holds it. */
export async function tryAdvisoryXactLock(q: Sql, key: number): Promise<boolean> {
  const [row] = await rows<{ locked: boolean }>(q, sql`select pg_try_advisory_xact_lock(${key}) as locked`);
  return row?.locked === true;
}

/** A member with its agency's names: the same shape the exchange model calls `Member`. */
export type DirectoryMemberRow = Member;
export interface DirectorySubsystemRow {
  agencyCode: string;
  code: string;
  nameFa: string;
  nameEn: string;
}
export interface DirectoryServiceRow {
  agencyCode: string;
  subsystemCode: string;
  code: string;
  nameFa: string;
  nameEn: string;
  registryServiceId: string | null;
  catalogNameFa: string | null;
  catalogNameEn: string | null;
}

/** The exchange's members, subsystems and services with their names: small tables, read whole. */
export async function selectDirectory(q: Sql): Promise<{ members: DirectoryMemberRow[]; subsystems: DirectorySubsystemRow[]; services: DirectoryServiceRow[] }> {
  const members = await rows<DirectoryMemberRow>(
    q,
    sql`select m.agency_code as "agencyCode", m.instance, m.member_class as "memberClass", m.member_code as "memberCode", a.name_fa as "nameFa", a.name_en as "nameEn"
        from exchange_members m join agencies a on a.code = m.agency_code`,
  );
  const subsystems = await rows<DirectorySubsystemRow>(q, sql`select agency_code as "agencyCode", code, name_fa as "nameFa", name_en as "nameEn" from exchange_subsystems`);
  const services = await rows<DirectoryServiceRow>(
    q,
    sql`select s.agency_code as "agencyCode", s.code as "subsystemCode", e.code, e.name_fa as "nameFa", e.name_en as "nameEn",
               e.registry_service_id as "registryServiceId", r.name_fa as "catalogNameFa", r.name_en as "catalogNameEn"
        from exchange_services e join exchange_subsystems s on s.id = e.subsystem_id left join services r on r.id = e.registry_service_id`,
  );
  return { members, subsystems, services };
}

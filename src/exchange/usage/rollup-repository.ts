import { sql } from 'drizzle-orm';
import { rows, type Sql } from '../../db/database.ts';

/**
 * The roll-up's statements: minute buckets into UTC day buckets, and the day sums of minutes
 * (`exchange_usage_days`, migration 0007) that readers use instead of the minutes.
 */

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

/** For the rest of the transaction, a statement may run this long (PostgreSQL's `statement_timeout`). */
export async function allowStatementsOf(q: Sql, ms: number): Promise<void> {
  await q.execute(sql.raw(`set local statement_timeout = ${Math.trunc(ms)}`));
}

/**
 * For the rest of the transaction, sums are grouped by hashing, not by sorting their input.
 * Every sum here has few groups (days × service/consumer pairs) over many minutes, but the
 * embedded engine keeps no statistics, so its planner may guess otherwise and sort up to
 * millions of rows on disk (seconds instead of a fraction).
 */
export async function preferHashedSums(q: Sql): Promise<void> {
  await q.execute(sql`set local enable_sort = off`);
}

/** The database's clock, in milliseconds since the epoch. */
export async function selectDatabaseClock(q: Sql): Promise<number> {
  const [row] = await rows<{ ms: number }>(q, sql`select (extract(epoch from clock_timestamp()) * 1000)::float8 as ms`);
  return Number(row!.ms);
}

/**
 * Locks every zone's `through` for the rest of the transaction (adding `timeZone` first, at
 * the beginning of time, when it is new) and returns the zones. While the rows are locked, a
 * change to older minutes waits (see the trigger in migration 0007), so the day sums and the
 * new `through` are written as one step.
 */
export async function lockDaySumZones(q: Sql, timeZone: string): Promise<string[]> {
  await q.execute(sql`insert into exchange_usage_days_through (time_zone, through) values (${timeZone}, '-infinity') on conflict (time_zone) do nothing`);
  const found = await rows<{ time_zone: string }>(q, sql`select time_zone from exchange_usage_days_through order by time_zone for update`);
  return found.map((r) => r.time_zone);
}

/**
 * Brings one zone's day sums up to `through` (or leaves `through` where it is, if that is
 * later): the days a noted change touched are summed again from their minutes, the minutes
 * between the old and the new `through` on other days are added to their day's sums. Call it
 * with the zones locked (`lockDaySumZones`); the caller then clears the noted changes.
 */
export async function advanceDaySums(q: Sql, timeZone: string, through: Date): Promise<void> {
  const tz = timeZone;
  const zone = sql`zone as (
      select t.through as old, greatest(t.through, ${through.toISOString()}::timestamptz) as new from exchange_usage_days_through t where t.time_zone = ${tz}
    ), touched as (
      select distinct d::date as day
      from exchange_usage_changes c, generate_series((c.first_minute at time zone ${tz})::date::timestamp, (c.last_minute at time zone ${tz})::date::timestamp, interval '1 day') d
    )`;
  const sums = sql`sum(u.calls), sum(u.errors), sum(u.latency_ms_sum), max(u.latency_ms_max), bool_or(u.demo)`;
  await q.execute(sql`with ${zone} delete from exchange_usage_days s using touched c where s.time_zone = ${tz} and s.day = c.day`);
  await q.execute(sql`with ${zone}
    insert into exchange_usage_days (time_zone, day, service, consumer, calls, errors, latency_ms_sum, latency_ms_max, demo)
    select ${tz}, c.day, u.service, u.consumer, ${sums}
    from touched c join exchange_usage u on u.granularity = 'minute'
      and u.bucket_start >= c.day::timestamp at time zone ${tz} and u.bucket_start < (c.day + 1)::timestamp at time zone ${tz}
    where u.bucket_start < (select new from zone)
    group by c.day, u.service, u.consumer`);
  await q.execute(sql`with ${zone}
    insert into exchange_usage_days as s (time_zone, day, service, consumer, calls, errors, latency_ms_sum, latency_ms_max, demo)
    select ${tz}, (u.bucket_start at time zone ${tz})::date, u.service, u.consumer, ${sums}
    from exchange_usage u
    where u.granularity = 'minute' and u.bucket_start >= (select old from zone) and u.bucket_start < (select new from zone)
      and not exists (select 1 from touched c where c.day = (u.bucket_start at time zone ${tz})::date)
    group by 2, 3, 4
    on conflict (time_zone, day, service, consumer) do update set
      calls = s.calls + excluded.calls,
      errors = s.errors + excluded.errors,
      latency_ms_sum = s.latency_ms_sum + excluded.latency_ms_sum,
      latency_ms_max = greatest(s.latency_ms_max, excluded.latency_ms_max),
      demo = s.demo or excluded.demo`);
  await q.execute(sql`with ${zone} update exchange_usage_days_through t set through = (select new from zone) where t.time_zone = ${tz}`);
}

/** Forgets the noted changes: every zone's day sums have been brought up to date with them. */
export async function clearNotedChanges(q: Sql): Promise<void> {
  await q.execute(sql`delete from exchange_usage_changes`);
}

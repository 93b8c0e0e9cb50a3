-- Usage figures read minute buckets summed per calendar day instead of the minutes themselves:
-- with a few hundred service/consumer pairs, the minutes kept before the roll-up into day
-- buckets are most of `exchange_usage` (1,440 rows per pair and day). The usage roll-up keeps
-- these day sums; the minute buckets stay as they are, so this is a copy that readers may use
-- only where it is known to be current (see `through` and `exchange_usage_changes`).

-- Minute buckets summed per (service, consumer) and calendar day of `time_zone`: a minute is
-- counted on the day it falls on there, as the readers date minutes.
create table exchange_usage_days (
  time_zone       text not null,
  day             date not null,
  service         text not null,
  consumer        text not null,
  calls           bigint not null,
  errors          bigint not null,
  latency_ms_sum  double precision not null,
  latency_ms_max  real not null,
  demo            boolean not null,
  primary key (time_zone, day, service, consumer)
);

-- Per time zone: the day sums hold every minute bucket that starts before `through`, and none
-- after it. `through` only moves forward, and only in the roll-up, which holds this row locked
-- while it moves it.
create table exchange_usage_days_through (
  time_zone  text primary key,
  through    timestamptz not null
);

-- Spans of minute buckets (by bucket start) changed after the day sums counted them: a call
-- logged long after it was received, a demo reload, a correction by hand, the roll-up moving
-- minutes into day buckets. Readers take the days a span touches from the minutes themselves,
-- until the roll-up has summed those days again and removed the span.
create table exchange_usage_changes (
  id            bigint generated always as identity primary key,
  first_minute  timestamptz not null,
  last_minute   timestamptz not null
);

-- Notes a statement's change to minute buckets the day sums may already hold. The usual write,
-- the gateway adding this minute's calls, returns at the first test (no lock, no write): a
-- minute that recent is never before `through`, which the roll-up keeps at least 10 minutes
-- behind the clock. Anything older waits for a roll-up in progress (the share lock) and is
-- compared with where that roll-up put `through`, so no change can slip between a roll-up's
-- sums and its new `through`.
create function exchange_usage_note_change() returns trigger language plpgsql as $$
declare
  first_minute timestamptz;
  last_minute  timestamptz;
  covered      timestamptz;
begin
  select min(c.bucket_start), max(c.bucket_start) into first_minute, last_minute from changed c where c.granularity = 'minute';
  if first_minute is null or first_minute >= clock_timestamp() - interval '2 minutes' then
    return null;
  end if;
  select max(t.through) into covered from (select through from exchange_usage_days_through for share) t;
  if covered is not null and first_minute < covered then
    insert into exchange_usage_changes (first_minute, last_minute) values (first_minute, last_minute);
  end if;
  return null;
end $$;

-- Statement triggers see the rows as written (`changed`): inserted, updated (the gateway's
-- upsert adds to a minute's counts) or deleted.
create trigger exchange_usage_inserted after insert on exchange_usage
  referencing new table as changed for each statement execute function exchange_usage_note_change();
create trigger exchange_usage_updated after update on exchange_usage
  referencing new table as changed for each statement execute function exchange_usage_note_change();
create trigger exchange_usage_deleted after delete on exchange_usage
  referencing old table as changed for each statement execute function exchange_usage_note_change();

-- A bucket moved to another minute (or granularity) also leaves its old minute changed. Nothing
-- but a correction by hand does that, so a row trigger on those columns is enough, and the
-- gateway's upsert (which sets neither) never fires it.
create function exchange_usage_note_move() returns trigger language plpgsql as $$
declare
  covered timestamptz;
begin
  if OLD.bucket_start < clock_timestamp() - interval '2 minutes' then
    select max(t.through) into covered from (select through from exchange_usage_days_through for share) t;
    if covered is not null and OLD.bucket_start < covered then
      insert into exchange_usage_changes (first_minute, last_minute) values (OLD.bucket_start, OLD.bucket_start);
    end if;
  end if;
  return null;
end $$;

create trigger exchange_usage_moved after update of granularity, bucket_start on exchange_usage
  for each row when (OLD.granularity = 'minute') execute function exchange_usage_note_move();

-- A truncate names no rows: the day sums start again from nothing.
create function exchange_usage_forget_days() returns trigger language plpgsql as $$
begin
  delete from exchange_usage_days;
  delete from exchange_usage_days_through;
  delete from exchange_usage_changes;
  return null;
end $$;

create trigger exchange_usage_truncated after truncate on exchange_usage
  for each statement execute function exchange_usage_forget_days();

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { openTestDatabase, testEngines } from '../../../test/support/database.ts';
import { rows, type Database } from '../../db/database.ts';
import { usageUpsert } from '../log/index.ts';
import { insertBuckets, keys, seedExchange, type Bucket } from './fixtures.test-support.ts';
import { inOneSnapshot, selectUsage, selectUsageFromBuckets, type UsageFilter, type UsageGrouping, type UsageGroupRow, type UsageRange } from './usage-repository.ts';
import { DAY_SUMS_LAG_MS, rollUpUsage } from './rollup.ts';

/**
 * The figures read minutes through their day sums (`exchange_usage_days`) wherever those are
 * current; here they must always equal the sums of the buckets themselves: after roll-ups, for
 * the current partial day, after late writes, a demo-style reload, a truncate, and for a zone
 * the sums are not kept in. The data sits around the real clock, as the day sums follow the
 * database's clock.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;
const TZ = 'Asia/Tehran';
const localDay = (t: number, timeZone = TZ) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(t));
const shiftDay = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

const pairs: [string, string][] = [
  [keys.literacy, keys.bank],
  [keys.insurance, keys.bank],
  [keys.insurance, keys.registry],
  [`${keys.literacy}/v1`, keys.registry],
  [keys.literacy, keys.stranger],
  ['IR/GOV/1001/literacy/retired-service', keys.bank],
];

/** A small deterministic generator, so a failure can be replayed. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32);
}

/** Minutes over the last 3.6 days (the last minutes and Tehran midnights included) and some day buckets before. */
function dataset(now: number): Bucket[] {
  const random = lcg(1402);
  const int = (n: number) => Math.floor(random() * n);
  const seen = new Set<string>();
  const out: Bucket[] = [];
  const add = (granularity: 'minute' | 'day', start: number, pair: [string, string]) => {
    const key = `${granularity}|${start}|${pair.join('|')}`;
    if (seen.has(key)) return;
    seen.add(key);
    const calls = 1 + int(50);
    out.push({ granularity, start: new Date(start).toISOString(), service: pair[0], consumer: pair[1], calls, errors: int(Math.ceil(calls / 5)), latencySum: calls * (5 + int(45)), latencyMax: 1 + int(900), demo: random() < 0.3 });
  };
  for (let i = 0; i < 400; i++) add('minute', now - int(5200) * MINUTE, pairs[int(pairs.length)]!);
  for (let i = 0; i < 15; i++) add('minute', now - i * MINUTE, pairs[i % pairs.length]!);
  // Tehran midnight is 20:30 UTC: a minute either side of the last few.
  for (let d = 0; d < 4; d++) {
    const midnight = Math.floor(now / DAY) * DAY - d * DAY - 3.5 * 3_600_000;
    for (const offset of [-MINUTE, 0, MINUTE]) if (midnight + offset <= now) add('minute', midnight + offset, pairs[(d + offset / MINUTE + 1) % pairs.length]!);
  }
  for (let d = 5; d < 12; d++) for (const pair of pairs.slice(0, 4)) add('day', Math.floor(now / DAY) * DAY - d * DAY, pair);
  return out;
}

type Sums = Omit<UsageGroupRow, 'day' | 'service' | 'consumer'>;
const merge = (a: Sums, b: Sums): Sums => ({ calls: a.calls + b.calls, errors: a.errors + b.errors, latencyMsSum: a.latencyMsSum + b.latencyMsSum, latencyMsMax: Math.max(a.latencyMsMax, b.latencyMsMax), demo: a.demo || b.demo });
const sums = ({ calls, errors, latencyMsSum, latencyMsMax, demo }: UsageGroupRow): Sums => ({ calls, errors, latencyMsSum, latencyMsMax, demo });
const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** What `selectUsage` must answer for `grouping`, from the per-(day, service, consumer) sums of the buckets themselves. */
function expected(raw: UsageGroupRow[], grouping: UsageGrouping): UsageGroupRow[] {
  const group = (keyOf: (r: UsageGroupRow) => Partial<UsageGroupRow>) => {
    const groups = new Map<string, UsageGroupRow>();
    for (const r of raw) {
      const keys = keyOf(r);
      const id = JSON.stringify(keys);
      const g = groups.get(id);
      groups.set(id, g ? { ...g, ...merge(g, sums(r)) } : { ...keys, ...sums(r) });
    }
    return [...groups.values()];
  };
  const pairOrder = (a: UsageGroupRow, b: UsageGroupRow) => byteOrder(a.service!, b.service!) || byteOrder(a.consumer!, b.consumer!);
  if (grouping === 'day_pair') return raw;
  if (grouping === 'pair') return group((r) => ({ service: r.service!, consumer: r.consumer! })).sort(pairOrder);
  if (grouping === 'day') return group((r) => ({ day: r.day! })).sort((a, b) => byteOrder(a.day!, b.day!));
  if (grouping === 'total') return group(() => ({}));
  return [...expected(raw, 'day'), ...expected(raw, 'pair')];
}

/** Grouping sets come back in no particular order. */
const sorted = (found: UsageGroupRow[]) => [...found].sort((a, b) => byteOrder(JSON.stringify([a.day, a.service, a.consumer]), JSON.stringify([b.day, b.service, b.consumer])));

for (const engine of testEngines()) {
  describe(`usage day sums (${engine})`, () => {
    let db: Database;
    const now = Math.floor(Date.now() / MINUTE) * MINUTE;
    const today = localDay(now);
    const ranges: UsageRange[] = [
      { from: shiftDay(today, -14), to: today, timeZone: TZ },
      { from: today, to: today, timeZone: TZ },
      { from: shiftDay(today, -1), to: shiftDay(today, -1), timeZone: TZ },
      { from: shiftDay(today, -6), to: shiftDay(today, -2), timeZone: TZ },
      { from: shiftDay(localDay(now, 'UTC'), -14), to: localDay(now, 'UTC'), timeZone: 'UTC' },
      { from: localDay(now, 'UTC'), to: localDay(now, 'UTC'), timeZone: 'UTC' },
    ];
    const filters: UsageFilter[] = [{}, { service: keys.literacy }, { consumer: keys.bank }, { memberPrefixes: ['IR/GOV/1003/'] }, { memberPrefixes: [] }];
    const count = async (table: string) => (await db.run((q) => rows<{ n: number }>(q, sql`select count(*)::int as n from ${sql.identifier(table)}`)))[0]!.n;

    /** Every range and filter by day and pair, and every grouping for the first filter of each range. */
    async function assertAgrees(step: string): Promise<void> {
      for (const range of ranges) {
        for (const [i, filter] of filters.entries()) {
          const raw = await db.run((q) => selectUsageFromBuckets(q, range, filter));
          for (const grouping of i === 0 ? (['day_pair', 'pair', 'day', 'total', 'days_and_pairs'] as const) : (['day_pair'] as const)) {
            const fast = await inOneSnapshot(db, (q) => selectUsage(q, range, filter, grouping));
            const want = expected(raw, grouping);
            if (grouping === 'days_and_pairs') assert.deepEqual(sorted(fast), sorted(want), `${step}: ${JSON.stringify({ range, filter, grouping })}`);
            else assert.deepEqual(fast, want, `${step}: ${JSON.stringify({ range, filter, grouping })}`);
          }
        }
      }
    }

    before(async () => {
      db = await openTestDatabase(engine);
      await seedExchange(db);
      await insertBuckets(db, dataset(now));
    });
    after(() => db.close());

    test('before any roll-up there are no day sums, and the minutes are read', async () => {
      assert.equal(await count('exchange_usage_days'), 0);
      await assertAgrees('no day sums');
    });

    test('a roll-up sums the minutes up to 10 minutes ago; figures read the sums and agree, the current partial day included', async () => {
      const result = await rollUpUsage(db, { now: new Date(now) });
      assert.ok(result.ran && result.minutes > 0, 'minutes older than three days became day buckets');
      const [state] = await db.run((q) => rows<{ time_zone: string; through: string }>(q, sql`select time_zone, to_char(through at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as through from exchange_usage_days_through`));
      assert.deepEqual(state, { time_zone: TZ, through: new Date(now - DAY_SUMS_LAG_MS).toISOString().slice(0, 16) });
      assert.ok((await count('exchange_usage_days')) > 0);
      assert.equal(await count('exchange_usage_changes'), 0, 'the roll-up has taken in the minutes it moved');
      await assertAgrees('after a roll-up');

      // The sums are what is read: spoil them and today's figures change.
      const todayRange = ranges[1]!;
      const [before] = await inOneSnapshot(db, (q) => selectUsage(q, todayRange, {}, 'total'));
      await db.run((q) => q.execute(sql`update exchange_usage_days set calls = calls + 1000 where day = ${today}::date`));
      const [spoiled] = await inOneSnapshot(db, (q) => selectUsage(q, todayRange, {}, 'total'));
      await db.run((q) => q.execute(sql`update exchange_usage_days set calls = calls - 1000 where day = ${today}::date`));
      assert.ok(spoiled!.calls > before!.calls);
    });

    test('a call logged long after it began is counted at once, and summed by the next roll-up', async () => {
      const late = new Date(Math.floor((Date.now() - 40 * MINUTE) / MINUTE) * MINUTE).toISOString();
      const [service, consumer] = pairs[0]!;
      // The log writer's own statement, for a minute the day sums already hold and one they do not.
      await db.run((q) => q.execute(usageUpsert([{ bucketStart: late, service, consumer, calls: 7, errors: 1, latencyMsSum: 70, latencyMsMax: 3000 }])));
      await db.run((q) => q.execute(usageUpsert([{ bucketStart: new Date(Date.parse(late) - 11 * MINUTE).toISOString(), service: keys.insurance, consumer: keys.stranger, calls: 2, errors: 0, latencyMsSum: 20, latencyMsMax: 10 }])));
      assert.equal(await count('exchange_usage_changes'), 2, 'both changes noted');
      await assertAgrees('after late writes');

      // This minute's calls, the usual write, are not a change to anything summed.
      await db.run((q) => q.execute(usageUpsert([{ bucketStart: new Date(Math.floor(Date.now() / MINUTE) * MINUTE).toISOString(), service, consumer, calls: 3, errors: 0, latencyMsSum: 30, latencyMsMax: 10 }])));
      assert.equal(await count('exchange_usage_changes'), 2);
      await assertAgrees('after a current write');

      await rollUpUsage(db, { now: new Date() });
      assert.equal(await count('exchange_usage_changes'), 0);
      await assertAgrees('after the next roll-up');
    });

    test('a demo reload (delete, then insert older minutes) is counted right', async () => {
      await db.run((q) => q.execute(sql`delete from exchange_usage where demo`));
      await insertBuckets(db, dataset(now - 7 * MINUTE).map((b) => ({ ...b, consumer: `${b.consumer}-demo`, demo: true })).filter((b) => b.granularity === 'minute'));
      assert.equal(await count('exchange_usage_changes'), 2, 'the delete and the insert');
      await assertAgrees('after a demo reload');
      await rollUpUsage(db, { now: new Date() });
      await assertAgrees('after the next roll-up');
    });

    test('a correction by hand that moves minutes leaves their old days changed too', async () => {
      assert.equal(await count('exchange_usage_changes'), 0);
      await db.run((q) => q.execute(sql`update exchange_usage set bucket_start = bucket_start - interval '1 day', service = service || '-moved' where granularity = 'minute' and service = ${keys.insurance} and bucket_start < now() - interval '1 hour'`));
      assert.ok((await count('exchange_usage_changes')) > 1, 'the new minutes (one statement) and each old one');
      await assertAgrees('after moving minutes by hand');
      await rollUpUsage(db, { now: new Date() });
      await assertAgrees('after the next roll-up');
    });

    test('rolling up more days into day buckets re-sums the days it touched', async () => {
      const result = await rollUpUsage(db, { now: new Date(), olderThanDays: 1 });
      assert.ok(result.minutes > 0);
      await assertAgrees('after rolling up all but the last day');
    });

    test('late writes racing roll-ups are never lost', async () => {
      const writes = Array.from({ length: 24 }, (_, i) => async () => {
        const start = new Date(Math.floor((Date.now() - (5 + i * 7) * MINUTE) / MINUTE) * MINUTE).toISOString();
        const [service, consumer] = pairs[i % pairs.length]!;
        await db.run((q) => q.execute(usageUpsert([{ bucketStart: start, service, consumer, calls: i + 1, errors: 0, latencyMsSum: i, latencyMsMax: i }])));
      });
      const rollUps = async () => {
        for (let i = 0; i < 4; i++) await rollUpUsage(db, { now: new Date() });
      };
      await Promise.all([rollUps(), ...writes.map((w) => w())]);
      await assertAgrees('after the race');
      await rollUpUsage(db, { now: new Date() });
      await assertAgrees('after a quiet roll-up');
    });

    test('a truncate forgets the day sums', async () => {
      await db.run((q) => q.execute(sql`truncate exchange_usage`));
      assert.equal(await count('exchange_usage_days'), 0);
      assert.equal(await count('exchange_usage_days_through'), 0);
      await insertBuckets(db, dataset(now).slice(0, 50));
      await assertAgrees('after a truncate');
      await rollUpUsage(db, { now: new Date() });
      await assertAgrees('after the roll-up following a truncate');
    });
  });
}

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { openTestDatabase, testEngines } from '../../../test/support/database.ts';
import { rows, type Database } from '../../db/database.ts';
import { catalogId, insertBuckets, keys, seedExchange, snapshotOf, type Bucket } from './fixtures.test-support.ts';
import { dashboardUsage, usageFigures, usageRows } from './usage.ts';
import { rollUpUsage, startUsageRollup } from './rollup.ts';

/**
 * Buckets around the Tehran day boundary (UTC+3:30): 20:00Z is 23:30 in Tehran, 21:00Z is
 * 00:30 the next day. Day buckets are UTC days and are reported on their own date.
 */
const buckets: Bucket[] = [
  { granularity: 'day', start: '2026-11-19T00:00:00Z', service: keys.literacy, consumer: keys.bank, calls: 999, errors: 9 },
  { granularity: 'day', start: '2026-11-20T00:00:00Z', service: keys.literacy, consumer: keys.bank, calls: 1000, errors: 10, latencySum: 50_000, latencyMax: 900 },
  { granularity: 'minute', start: '2026-11-27T10:00:00Z', service: keys.literacy, consumer: keys.bank, calls: 5, errors: 1, latencySum: 100, latencyMax: 40 },
  { granularity: 'minute', start: '2026-11-27T20:00:00Z', service: keys.insurance, consumer: keys.bank, calls: 3, errors: 3, latencySum: 30, latencyMax: 20 },
  { granularity: 'minute', start: '2026-11-27T21:00:00Z', service: keys.insurance, consumer: keys.registry, calls: 7, errors: 0, latencySum: 70, latencyMax: 20 },
  { granularity: 'minute', start: '2026-11-27T21:01:00Z', service: keys.literacy, consumer: keys.stranger, calls: 2, errors: 2, latencySum: 2, latencyMax: 1 },
  { granularity: 'minute', start: '2026-11-28T21:00:00Z', service: keys.literacy, consumer: keys.bank, calls: 50, errors: 0 },
  // The same service under its versioned key form.
  { granularity: 'minute', start: '2026-11-27T10:01:00Z', service: `${keys.literacy}/v1`, consumer: keys.registry, calls: 1, errors: 0, latencySum: 1, latencyMax: 1 },
];

for (const engine of testEngines()) {
  describe(`exchange usage figures (${engine})`, () => {
    let db: Database;
    /** The configuration as the node holds it, as every caller passes it. */
    let config: Awaited<ReturnType<typeof snapshotOf>>;
    before(async () => {
      db = await openTestDatabase(engine);
      await seedExchange(db);
      config = await snapshotOf(db);
      await insertBuckets(db, buckets);
    });
    after(() => db.close());

    test('sums minute and day buckets, by Tehran day, within the period only', async () => {
      const f = await usageFigures(db, { from: '2026-11-20', to: '2026-11-28' }, config);
      assert.equal(f.totals.calls, 1000 + 5 + 3 + 7 + 2 + 1);
      assert.equal(f.totals.errors, 10 + 1 + 3 + 0 + 2);
      assert.equal(f.totals.errorRate, 16 / 1018);
      assert.equal(f.totals.latencyMeanMs, (50_000 + 100 + 30 + 70 + 2 + 1) / 1018);
      assert.equal(f.totals.latencyMaxMs, 900);
      assert.equal(f.demo, false);
      assert.equal(f.byDay.length, 9, 'every day of the period, empty ones included');
      const byDay = Object.fromEntries(f.byDay.map((d) => [d.day, d.calls]));
      assert.deepEqual(byDay, {
        '2026-11-20': 1000,
        '2026-11-21': 0,
        '2026-11-22': 0,
        '2026-11-23': 0,
        '2026-11-24': 0,
        '2026-11-25': 0,
        '2026-11-26': 0,
        '2026-11-27': 5 + 3 + 1,
        '2026-11-28': 7 + 2,
      });
    });

    test('by provider and consumer agency, with names; unknown members by their key', async () => {
      const f = await usageFigures(db, { from: '2026-11-20', to: '2026-11-28' }, config);
      assert.deepEqual(
        f.byProvider.map((a) => [a.agency?.code, a.calls, a.errors]),
        [
          ['MIN-EDU', 1008, 13],
          ['ORG-HEALTH', 10, 3],
        ],
      );
      assert.equal(f.byProvider[0]!.agency!.nameEn, 'Ministry of Education');
      assert.deepEqual(
        f.byConsumer.map((a) => [a.agency?.code ?? a.member, a.calls]),
        [
          ['BANK-X', 1008],
          ['ORG-NOCR', 8],
          ['IR/GOV/9999', 2],
        ],
      );
    });

    test('top services with their names and catalog service', async () => {
      const f = await usageFigures(db, { from: '2026-11-20', to: '2026-11-28' }, config);
      assert.deepEqual(
        f.topServices.map((s) => [s.key, s.calls]),
        [
          [keys.literacy, 1008],
          [keys.insurance, 10],
        ],
        'the versioned key form counts as the same service',
      );
      const [literacy, insurance] = f.topServices;
      assert.equal(literacy!.nameFa, 'سطح سواد');
      assert.deepEqual(literacy!.catalog, { id: catalogId, nameFa: 'استعلام سطح سواد', nameEn: 'Literacy level inquiry' });
      assert.equal(literacy!.provider?.code, 'MIN-EDU');
      assert.equal(insurance!.catalog, null);
      assert.equal(insurance!.errorRate, 0.3);
    });

    test('an agency sees only rows where it provides or consumes', async () => {
      const nocr = await usageFigures(db, { from: '2026-11-20', to: '2026-11-28', scope: { kind: 'agency', agencyCode: 'ORG-NOCR' } }, config);
      assert.equal(nocr.totals.calls, 8);
      assert.deepEqual(nocr.topServices.map((s) => s.key), [keys.insurance, keys.literacy]);
      const health = await usageFigures(db, { from: '2026-11-20', to: '2026-11-28', scope: { kind: 'agency', agencyCode: 'ORG-HEALTH' } }, config);
      assert.equal(health.totals.calls, 10, 'as provider, whoever consumed');
      const bank = await usageFigures(db, { from: '2026-11-20', to: '2026-11-28', scope: { kind: 'agency', agencyCode: 'BANK-X' } }, config);
      assert.equal(bank.totals.calls, 1008, 'as consumer, of any provider');
      const none = await usageFigures(db, { from: '2026-11-20', to: '2026-11-28', scope: { kind: 'agency', agencyCode: 'MIN-NONE' } }, config);
      assert.equal(none.totals.calls, 0, 'an agency that is not a member sees nothing');
      assert.equal(none.totals.latencyMeanMs, null);
    });

    test('rows per day, service and consumer, and per pair over the period, filtered', async () => {
      const daily = await usageRows(db, { from: '2026-11-27', to: '2026-11-28', granularity: 'day' }, config);
      assert.deepEqual(
        daily.rows.map((r) => [r.day, r.service, r.consumer, r.calls]),
        [
          ['2026-11-27', keys.literacy, keys.bank, 5],
          ['2026-11-27', `${keys.literacy}/v1`, keys.registry, 1],
          ['2026-11-27', keys.insurance, keys.bank, 3],
          ['2026-11-28', keys.literacy, keys.stranger, 2],
          ['2026-11-28', keys.insurance, keys.registry, 7],
        ],
      );
      assert.equal(daily.rows[1]!.serviceNameEn, 'Literacy level', 'a versioned key names its service');
      assert.equal(daily.rows[2]!.providerAgency, 'ORG-HEALTH');
      assert.equal(daily.rows[2]!.consumerAgency, 'BANK-X');
      assert.equal(daily.rows[3]!.consumerAgency, null);
      const literacy = await usageRows(db, { from: '2026-11-27', to: '2026-11-27', granularity: 'total', service: keys.literacy }, config);
      assert.deepEqual(literacy.rows.map((r) => r.calls), [5, 1], 'the service filter covers the versioned form');
      const total = await usageRows(db, { from: '2026-11-19', to: '2026-11-29', granularity: 'total', service: keys.literacy, consumer: keys.bank }, config);
      assert.deepEqual(total.rows.map((r) => [r.day, r.calls]), [[undefined, 999 + 1000 + 5 + 50]]);
    });

    test('names come from the configuration snapshot given; what has left the configuration keeps the names still known', async () => {
      const retired = 'IR/GOV/1001/literacy/retired-service';
      await insertBuckets(db, [
        { granularity: 'day', start: '2026-10-01T00:00:00Z', service: retired, consumer: 'IR/GOV/1003/old-system', calls: 4 },
        { granularity: 'day', start: '2026-10-01T00:00:00Z', service: keys.literacy, consumer: 'IR/GOV/7777/gone', calls: 3 },
      ]);
      const source = await snapshotOf(db);
      const { rows: found } = await usageRows(db, { from: '2026-10-01', to: '2026-10-01', granularity: 'total' }, source);
      assert.deepEqual(
        found.map((r) => [r.service, r.serviceNameEn, r.providerAgency, r.consumer, r.consumerAgency]),
        [
          [keys.literacy, 'Literacy level', 'MIN-EDU', 'IR/GOV/7777/gone', null],
          [retired, null, 'MIN-EDU', 'IR/GOV/1003/old-system', 'ORG-NOCR'],
        ],
        'a removed service still has its provider, a removed system its agency; an unknown member has neither',
      );
      const figures = await usageFigures(db, { from: '2026-10-01', to: '2026-10-01' }, source);
      assert.deepEqual(
        figures.topServices.map((t) => [t.key, t.code, t.nameEn, t.provider?.code, t.catalog?.id ?? null]),
        [
          [retired, 'retired-service', null, 'MIN-EDU', null],
          [keys.literacy, 'literacy-level', 'Literacy level', 'MIN-EDU', catalogId],
        ],
      );
      assert.deepEqual(figures.byConsumer.map((a) => [a.agency?.code ?? null, a.member, a.calls]), [
        ['ORG-NOCR', 'IR/GOV/1003', 4],
        [null, 'IR/GOV/7777', 3],
      ]);

      // A renamed service keeps its name until the next snapshot: figures never read the configuration themselves.
      await db.run((q) => q.execute(sql`update exchange_services set name_en = 'Literacy level, renamed' where code = 'literacy-level'`));
      try {
        const rename = async (s: Awaited<ReturnType<typeof snapshotOf>>) =>
          (await usageFigures(db, { from: '2026-10-01', to: '2026-10-01' }, s)).topServices.find((t) => t.key === keys.literacy)?.nameEn;
        assert.equal(await rename(source), 'Literacy level');
        assert.equal(await rename(await snapshotOf(db)), 'Literacy level, renamed');
      } finally {
        await db.run((q) => q.execute(sql`update exchange_services set name_en = 'Literacy level' where code = 'literacy-level'`));
      }
    });

    test('a bad period is a 400, not a scan', async () => {
      for (const [from, to] of [
        ['2026-11-28', '2026-11-20'],
        ['2026-02-30', '2026-03-01'],
        ['2020-01-01', '2026-01-01'],
      ] as const) {
        await assert.rejects(usageFigures(db, { from, to }, config), (e: { code?: string }) => e.code === 'VALIDATION_FAILED', `${from}..${to}`);
      }
    });

    test('the dashboard takes the 30 days up to the latest day with usage, and labels demo data', async () => {
      const f = await dashboardUsage(db, { now: new Date('2026-11-28T09:00:00Z'), source: config });
      assert.ok(f);
      assert.equal(f.to, '2026-11-28', 'today: a later bucket does not move the window into the future');
      assert.equal(f.from, '2026-10-30');
      assert.equal(f.totals.calls, 999 + 1000 + 5 + 3 + 7 + 2 + 1);
      const later = await dashboardUsage(db, { now: new Date('2027-03-01T09:00:00Z'), source: config });
      assert.equal(later?.to, '2026-11-29', 'the latest day with usage when that is before today');
      const empty = await openTestDatabase(engine);
      try {
        assert.equal(await dashboardUsage(empty, { now: new Date('2026-11-28T09:00:00Z'), source: await snapshotOf(empty) }), null, 'no buckets: no figures');
        await insertBuckets(empty, [{ granularity: 'day', start: '2026-05-01T00:00:00Z', service: keys.literacy, consumer: keys.bank, calls: 4, demo: true }]);
        const demo = await dashboardUsage(empty, { now: new Date('2026-11-28T09:00:00Z'), source: await snapshotOf(empty) });
        assert.equal(demo?.demo, true);
        assert.equal(demo?.totals.calls, 4);
      } finally {
        await empty.close();
      }
    });
  });

  describe(`exchange usage roll-up (${engine})`, () => {
    let db: Database;
    let config: Awaited<ReturnType<typeof snapshotOf>>;
    before(async () => {
      db = await openTestDatabase(engine);
      config = await snapshotOf(db);
    });
    after(() => db.close());

    const now = new Date('2026-11-28T09:00:00Z');
    const sumAll = async () =>
      (await db.run((q) => rows<{ calls: number; errors: number; sum: number }>(q, sql`select sum(calls)::float8 as calls, sum(errors)::float8 as errors, sum(latency_ms_sum)::float8 as sum from exchange_usage`)))[0]!;
    const count = async (granularity: string) => (await db.run((q) => rows<{ n: number }>(q, sql`select count(*)::int as n from exchange_usage where granularity = ${granularity}`)))[0]!.n;

    test('whole UTC days older than N days become day buckets, added to existing ones; the rest stays', async () => {
      await insertBuckets(db, [
        // 2026-11-24 and -23 are rolled (the cut is 2026-11-25T00:00Z: now − 3 days, to midnight).
        { granularity: 'minute', start: '2026-11-23T00:00:00Z', service: keys.literacy, consumer: keys.bank, calls: 4, errors: 1, latencySum: 40, latencyMax: 30 },
        { granularity: 'minute', start: '2026-11-23T23:59:00Z', service: keys.literacy, consumer: keys.bank, calls: 6, errors: 0, latencySum: 60, latencyMax: 70, demo: true },
        { granularity: 'minute', start: '2026-11-24T12:00:00Z', service: keys.literacy, consumer: keys.bank, calls: 10, errors: 2, latencySum: 100, latencyMax: 10 },
        { granularity: 'minute', start: '2026-11-24T12:00:00Z', service: keys.insurance, consumer: keys.bank, calls: 1 },
        { granularity: 'day', start: '2026-11-24T00:00:00Z', service: keys.literacy, consumer: keys.bank, calls: 100, errors: 5, latencySum: 1000, latencyMax: 50 },
        // Kept as minutes: on or after the cut.
        { granularity: 'minute', start: '2026-11-25T00:00:00Z', service: keys.literacy, consumer: keys.bank, calls: 7 },
        { granularity: 'minute', start: '2026-11-28T08:00:00Z', service: keys.literacy, consumer: keys.bank, calls: 8 },
      ]);
      const before = await sumAll();
      const figuresBefore = await usageFigures(db, { from: '2026-11-20', to: '2026-11-28' }, config);

      const result = await rollUpUsage(db, { now });
      assert.deepEqual(result, { before: '2026-11-25T00:00:00.000Z', minutes: 4, days: 3, ran: true });
      assert.deepEqual(await sumAll(), before, 'nothing counted twice or lost');
      assert.equal(await count('minute'), 2);
      const days = await db.run((q) =>
        rows<{ day: string; service: string; calls: number; errors: number; sum: number; max: number; demo: boolean }>(
          q,
          sql`select to_char(bucket_start at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as day, service, calls::int, errors::int, latency_ms_sum as sum, latency_ms_max as max, demo
              from exchange_usage where granularity = 'day' order by 1, 2`,
        ),
      );
      assert.deepEqual(
        days.map((d) => [d.day, d.service, d.calls, d.errors, Number(d.sum), Number(d.max), d.demo]),
        [
          ['2026-11-23 00:00', keys.literacy, 10, 1, 100, 70, true],
          ['2026-11-24 00:00', keys.literacy, 110, 7, 1100, 50, false],
          ['2026-11-24 00:00', keys.insurance, 1, 0, 10, 10, false],
        ],
      );
      const figuresAfter = await usageFigures(db, { from: '2026-11-20', to: '2026-11-28' }, config);
      assert.deepEqual(figuresAfter.totals, figuresBefore.totals);
      assert.deepEqual(figuresAfter.topServices, figuresBefore.topServices);

      const again = await rollUpUsage(db, { now });
      assert.deepEqual(again, { before: '2026-11-25T00:00:00.000Z', minutes: 0, days: 0, ran: true }, 'idempotent');
      assert.deepEqual(await sumAll(), before);
    });

    test('two nodes rolling up at once count every minute once', async () => {
      await insertBuckets(
        db,
        Array.from({ length: 50 }, (_, i): Bucket => ({ granularity: 'minute', start: new Date(Date.UTC(2026, 10, 10, 0, i)).toISOString(), service: keys.insurance, consumer: keys.registry, calls: i + 1 })),
      );
      const before = await sumAll();
      const results = await Promise.all([rollUpUsage(db, { now }), rollUpUsage(db, { now })]);
      assert.equal(results.reduce((n, r) => n + r.minutes, 0), 50, 'the 50 minutes moved once in all');
      assert.deepEqual(await sumAll(), before);
      const [day] = await db.run((q) => rows<{ calls: number }>(q, sql`select calls::int from exchange_usage where granularity = 'day' and bucket_start = '2026-11-10T00:00:00Z' and service = ${keys.insurance}`));
      assert.equal(day?.calls, (50 * 51) / 2);
    });

    test('the periodic roll-up runs on its interval and stops', async () => {
      await insertBuckets(db, [{ granularity: 'minute', start: '2026-11-01T10:00:00Z', service: keys.insurance, consumer: keys.registry, calls: 3 }]);
      const runs: number[] = [];
      const stop = startUsageRollup(db, { intervalMs: 20, now: () => now, onRun: (r) => runs.push(r.minutes), onError: (e) => assert.fail(String(e)) });
      const deadline = Date.now() + 5000;
      while (runs.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await stop();
      assert.deepEqual(runs, [1]);

      // The first run may come sooner than the interval (the server's, soon after start).
      await insertBuckets(db, [{ granularity: 'minute', start: '2026-11-02T10:00:00Z', service: keys.insurance, consumer: keys.registry, calls: 2 }]);
      const soon: number[] = [];
      const stopSoon = startUsageRollup(db, { intervalMs: 3_600_000, firstRunMs: 10, now: () => now, onRun: (r) => soon.push(r.minutes), onError: (e) => assert.fail(String(e)) });
      while (soon.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await stopSoon();
      assert.deepEqual(soon, [1]);
      assert.throws(() => startUsageRollup(db, { intervalMs: 0 }), RangeError);
      await assert.rejects(rollUpUsage(db, { now, olderThanDays: 0 }), RangeError);
    });
  });
}

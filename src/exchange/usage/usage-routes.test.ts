import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestApp, type TestApp } from '../../../test/support/app.ts';
import { testEngines } from '../../../test/support/database.ts';
import { insertBuckets, keys, seedExchange } from './fixtures.test-support.ts';

for (const engine of testEngines()) {
  describe(`usage API (${engine})`, () => {
    let t: TestApp;
    let operator: { authorization: string };
    before(async () => {
      t = await openTestApp(engine);
      await seedExchange(t.db);
      // Names come from the app's configuration snapshot: load the seeded exchange into it now.
      await t.app.exchangeConfig.refreshNow();
      operator = await t.as('operator');
      await insertBuckets(t.db, [
        { granularity: 'day', start: '2026-11-20T00:00:00Z', service: keys.literacy, consumer: keys.bank, calls: 1000, errors: 10, demo: true },
        { granularity: 'minute', start: '2026-11-27T21:00:00Z', service: keys.insurance, consumer: keys.registry, calls: 7, errors: 1 },
        { granularity: 'minute', start: '2026-11-28T05:00:00Z', service: keys.literacy, consumer: keys.registry, calls: 3 },
      ]);
    });
    after(() => t.close());

    test('anonymous callers are refused', async () => {
      for (const path of ['/api/v1/exchange/usage', '/api/v1/exchange/usage/summary', '/api/v1/exchange/usage?format=csv']) {
        const res = await t.app.inject({ url: path });
        assert.equal(res.statusCode, 401, path);
        assert.equal(res.json().code, 'UNAUTHENTICATED');
      }
    });

    test('an agency admin sees only calls where their agency provides or consumes, and no other agency', async () => {
      const nocr = await t.as('agency_admin', 'ORG-NOCR');
      const res = await t.app.inject({ url: '/api/v1/exchange/usage?from=2026-11-01&to=2026-11-28&granularity=total', headers: nocr });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(
        res.json().rows.map((r: { service: string; consumer: string; calls: number }) => [r.service, r.consumer, r.calls]),
        [
          [keys.literacy, keys.registry, 3],
          [keys.insurance, keys.registry, 7],
        ],
      );
      const other = await t.app.inject({ url: '/api/v1/exchange/usage/summary?agency=BANK-X', headers: nocr });
      assert.equal(other.statusCode, 403);
      assert.equal(other.json().code, 'FORBIDDEN_OTHER_AGENCY');
      const edu = await t.app.inject({ url: '/api/v1/exchange/usage/summary?from=2026-11-01&to=2026-11-28', headers: await t.as('agency_admin', 'MIN-EDU') });
      assert.equal(edu.json().totals.calls, 1003, 'as provider');
    });

    test('operators and auditors see everything, and may narrow to one agency', async () => {
      const all = await t.app.inject({ url: '/api/v1/exchange/usage/summary?from=2026-11-01&to=2026-11-28', headers: await t.as('auditor') });
      assert.equal(all.statusCode, 200, all.body);
      const body = all.json();
      assert.equal(body.totals.calls, 1010);
      assert.equal(body.demo, true);
      assert.equal(body.byDay.find((d: { day: string }) => d.day === '2026-11-28').calls, 10);
      const bank = await t.app.inject({ url: '/api/v1/exchange/usage/summary?from=2026-11-01&to=2026-11-28&agency=BANK-X', headers: operator });
      assert.equal(bank.json().totals.calls, 1000);
      const byService = await t.app.inject({ url: `/api/v1/exchange/usage?from=2026-11-01&to=2026-11-28&service=${encodeURIComponent(keys.insurance)}`, headers: operator });
      assert.deepEqual(byService.json().rows.map((r: { day: string; calls: number }) => [r.day, r.calls]), [['2026-11-28', 7]]);
    });

    test('the default period is the 30 days up to today', async () => {
      const res = await t.app.inject({ url: '/api/v1/exchange/usage/summary', headers: operator });
      assert.equal(res.json().to, '2026-11-28');
      assert.equal(res.json().from, '2026-10-30');
      assert.equal(res.json().byDay.length, 30);
    });

    test('CSV export, labelled demo like the insights tables', async () => {
      const res = await t.app.inject({ url: '/api/v1/exchange/usage?from=2026-11-01&to=2026-11-28&format=csv', headers: operator });
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /^text\/csv/);
      assert.equal(res.headers['x-onewindow-demo-data'], 'true');
      assert.match(res.headers['content-disposition'] as string, /onewindow-demo-exchange-usage-2026-11-01-2026-11-28\.csv/);
      const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
      assert.equal(lines[0], 'day,service,service_name_fa,service_name_en,provider_agency,consumer,consumer_agency,calls,errors,error_rate,latency_mean_ms,latency_max_ms');
      assert.equal(lines.length, 4);
      assert.match(lines[1]!, /^2026-11-20,IR\/GOV\/1001\/literacy\/literacy-level,سطح سواد,Literacy level,MIN-EDU,IR\/COM\/2001\/loans,BANK-X,1000,10,0.01,10,10$/);
    });

    test('bad filters are 400s', async () => {
      for (const query of ['?from=2026-13-01', '?from=2026-11-28&to=2026-11-01', '?from=2024-01-01&to=2026-01-01', '?granularity=hour', '?service=a%20b', '?agency=lower', '?x=1']) {
        const res = await t.app.inject({ url: `/api/v1/exchange/usage${query}`, headers: operator });
        assert.equal(res.statusCode, 400, query);
        assert.equal(res.json().code, 'VALIDATION_FAILED', query);
      }
    });
  });
}

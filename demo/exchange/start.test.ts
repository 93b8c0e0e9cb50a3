import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../src/config/load.ts';
import { rows, type Database } from '../../src/db/database.ts';
import { openTestDatabase, testEngines } from '../../test/support/database.ts';
import { demoSecret } from './load.ts';
import { DEMO_NATIONAL_CODE } from './registrations.ts';
import { describeDemoExchange, gatewayUrlFromConfig, startDemoExchange } from './start.ts';
import { loadDemoRegistrySubset } from './test-support.ts';

const now = new Date('2026-11-28T09:00:00Z');
const config = loadConfig({ DEMO_DATA: 'if-empty', DEMO_AGENCIES_PORT: '0', NODE_ENV: 'test' });
const upstreams = async (db: Database) =>
  new Map((await db.run((q) => rows<{ code: string; upstream_url: string }>(q, sql`select code, upstream_url from exchange_services`))).map((r) => [r.code, r.upstream_url]));

for (const engine of testEngines()) {
  describe(`demo exchange at start-up (${engine})`, () => {
    let db: Database;
    before(async () => {
      db = await openTestDatabase(engine);
    });
    after(() => db.close());

    test('does nothing when the registry is not the demo one, or in production', async () => {
      assert.equal(await startDemoExchange(db, config, () => now), undefined);
      await loadDemoRegistrySubset(db, now);
      assert.equal(await startDemoExchange(db, { ...config, NODE_ENV: 'production' }, () => now), undefined);
      const [members] = await db.run((q) => rows<{ n: number }>(q, sql`select count(*)::int as n from exchange_members`));
      assert.equal(members!.n, 0);
    });

    test('starts the agencies, registers them once, and the printed example reaches a real answer', async () => {
      const first = await startDemoExchange(db, config, () => now);
      assert.ok(first);
      try {
        assert.equal(first.report.loaded, true);
        assert.equal(first.agencies.length, 6);
        const registered = await upstreams(db);
        const literacy = first.agencies.find((a) => a.code === 'literacy-movement')!;
        assert.equal(registered.get('literacy-level'), literacy.url);
        // What the gateway will forward the printed example to.
        const answer = await fetch(`${literacy.url}/literacy-level/${DEMO_NATIONAL_CODE}`);
        assert.equal(answer.status, 200);
        assert.equal(((await answer.json()) as { nationalCode: string }).nationalCode, DEMO_NATIONAL_CODE);
        assert.equal(first.example.path, `/r1/IR/GOV/LMO/literacy-movement/literacy-level/literacy-level/${DEMO_NATIONAL_CODE}`);
        assert.equal(first.example.client.clientId, 'IR/GOV/ITO/one-window');
        const printed = describeDemoExchange(first, 'http://127.0.0.1:8081');
        assert.match(printed, new RegExp(`curl -s http://127\\.0\\.0\\.1:8081/r1/IR/GOV/LMO/literacy-movement/literacy-level/literacy-level/${DEMO_NATIONAL_CODE}`));
        assert.ok(printed.includes(`X-OneWindow-Client-Secret: ${demoSecret(config.DEMO_SEED, 'IR/GOV/ITO/one-window')}`));
        assert.ok(printed.includes('X-Road-Client: IR/GOV/ITO/one-window'));
      } finally {
        await first.close();
      }
      await assert.rejects(fetch(`${first.agencies[0]!.url}/openapi.json`), 'close() stops the agencies');

      // The next start finds the exchange registered and points it at the new ports.
      const second = await startDemoExchange(db, config, () => now);
      assert.ok(second);
      try {
        assert.equal(second.report.loaded, false);
        const registered = await upstreams(db);
        for (const a of second.agencies) assert.ok([...registered.values()].includes(a.url), a.code);
      } finally {
        await second.close();
      }
    });
  });
}

test('the gateway address from the settings', () => {
  assert.equal(gatewayUrlFromConfig(loadConfig({})), 'http://127.0.0.1:8081');
  assert.equal(gatewayUrlFromConfig(loadConfig({ HOST: '0.0.0.0', GATEWAY_PORT: '9443' })), 'http://localhost:9443');
  assert.equal(gatewayUrlFromConfig(loadConfig({ GATEWAY_PUBLIC_URL: 'https://gw.example.ir/' })), 'https://gw.example.ir');
});

test('the example in the agencies README uses the default seed’s secret and the demo national code', () => {
  const readme = readFileSync(new URL('../agencies/README.md', import.meta.url), 'utf8');
  assert.ok(readme.includes(`X-OneWindow-Client-Secret: ${demoSecret(1402, 'IR/GOV/ITO/one-window')}`));
  assert.ok(readme.includes(`/r1/IR/GOV/LMO/literacy-movement/literacy-level/literacy-level/${DEMO_NATIONAL_CODE}`));
});

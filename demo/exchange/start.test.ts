import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../src/config/load.ts';
import { rows, type Database } from '../../src/db/database.ts';
import { openTestDatabase, testEngines } from '../../test/support/database.ts';
import { demoSecret } from './load.ts';
import { DEMO_NATIONAL_CODE } from './registrations.ts';
import { describeDemoExchange, gatewayUrlFromConfig, startDemoExchange } from './start.ts';
import { loadDemoRegistrySubset } from './test-support.ts';
import { referenceAgenciesAnswer, referenceAgencyAddresses } from '../agencies/start.ts';
import { freePortRange } from '../agencies/test-support.ts';

const now = new Date('2026-11-28T09:00:00Z');
const config = loadConfig({ DEMO_DATA: 'if-empty', DEMO_AGENCIES_PORT: '0', NODE_ENV: 'test' });
const portTaken = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
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

        // With free ports, another node uses the registered agencies while they answer, and moves nothing.
        const other = await startDemoExchange(db, config, () => now);
        assert.ok(other);
        assert.equal(other.started, false);
        assert.deepEqual(other.agencies.map((a) => a.url), second.agencies.map((a) => a.url));
        assert.match(describeDemoExchange(other, 'http://127.0.0.1:8081'), /run by another process/);
        await other.close();
        assert.equal((await fetch(`${second.agencies[0]!.url}/openapi.json`)).status, 200, 'closing the other node leaves them running');
        assert.deepEqual(await upstreams(db), registered);
      } finally {
        await second.close();
      }
    });

    test('fixed ports: started once, found by the next node, never re-pointed; external never starts them', async () => {
      const port = await freePortRange();
      const fixed = { ...config, DEMO_AGENCIES_PORT: port };
      const fixedUrls = referenceAgencyAddresses('127.0.0.1', port).map((a) => a.url);
      const external = await startDemoExchange(db, { ...fixed, DEMO_AGENCIES: 'external' }, () => now);
      assert.ok(external);
      try {
        assert.equal(external.started, false);
        assert.deepEqual(external.agencies.map((a) => a.url), fixedUrls);
        assert.equal(await referenceAgenciesAnswer(external.agencies), false, 'nothing was started');
        assert.deepEqual([...(await upstreams(db)).values()].sort(), [...fixedUrls].sort(), 'registered at the fixed addresses');
      } finally {
        await external.close();
      }
      const first = await startDemoExchange(db, fixed, () => now);
      assert.ok(first);
      try {
        assert.equal(first.started, true);
        const second = await startDemoExchange(db, fixed, () => now);
        assert.ok(second);
        await second.close();
        assert.equal(second.started, false);
        assert.deepEqual(second.agencies.map((a) => a.url), fixedUrls);
        assert.equal(await referenceAgenciesAnswer(first.agencies), true, "closing the node that found them leaves them running");
      } finally {
        await first.close();
      }
    });

    test('fixed ports taken by something else: the start says which ports', async () => {
      const port = await freePortRange();
      const squatter = createServer((_req, res) => res.end('not an agency'));
      await new Promise<void>((resolve) => squatter.listen(port + 2, '127.0.0.1', resolve));
      try {
        await assert.rejects(startDemoExchange(db, { ...config, DEMO_AGENCIES_PORT: port }, () => now), new RegExp(`ports ${port}–${port + 5}`));
        assert.equal(await portTaken(port), false, 'the agencies started before the taken port were stopped again');
      } finally {
        await new Promise((resolve) => squatter.close(resolve));
      }
    });
  });
}

test('the gateway address from the settings', () => {
  assert.equal(gatewayUrlFromConfig(loadConfig({})), 'http://127.0.0.1:8081');
  assert.equal(gatewayUrlFromConfig(loadConfig({ HOST: '0.0.0.0', GATEWAY_PORT: '9443' })), 'http://localhost:9443');
  assert.equal(gatewayUrlFromConfig(loadConfig({ GATEWAY_PUBLIC_URL: 'https://gw.onewindow.example/' })), 'https://gw.onewindow.example');
});

test('the example in the agencies README uses the default seed’s secret and the demo national code', () => {
  const readme = readFileSync(new URL('../agencies/README.md', import.meta.url), 'utf8');
  assert.ok(readme.includes(`X-OneWindow-Client-Secret: ${demoSecret(1402, 'IR/GOV/ITO/one-window')}`));
  assert.ok(readme.includes(`/r1/IR/GOV/LMO/literacy-movement/literacy-level/literacy-level/${DEMO_NATIONAL_CODE}`));
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/config/load.ts';
import { rows, type Database, type Engine } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import type { ServerPart } from '../src/server.ts';
import { ExchangeConfig } from '../src/exchange/snapshot/index.ts';
import { createGatewayFromConfig, type RunningGateway } from '../src/exchange/gateway/index.ts';
import { startDemo } from '../demo/cli.ts';
import { referenceAgenciesAnswer, referenceAgencyAddresses } from '../demo/agencies/start.ts';
import { freePortRange } from '../demo/agencies/test-support.ts';
import { demoSecret } from '../demo/exchange/load.ts';
import { loadDemoRegistrySubset } from '../demo/exchange/test-support.ts';
import { consumers, providers } from '../demo/exchange/registrations.ts';
import { openProcessDatabase, openTestDatabase, testEngines } from './support/database.ts';

const bin = new URL('../bin/onewindow.js', import.meta.url).pathname;
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

/** The curl call of the README's "Several nodes: the demo": its path, client and secret. */
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('### Several nodes: the demo'));
const example = /curl -s http:\/\/127\.0\.0\.1:\d+(\/r1\/\S+) \\\n\s+-H 'X-Road-Client: ([^']+)' -H 'X-OneWindow-Client-Secret: ([^']+)'/.exec(section);
const [, examplePath = '', exampleClient = '', exampleSecret = ''] = example ?? [];

/** `onewindow demo agencies` until it says it runs. */
async function agenciesProcess(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [bin, 'demo', 'agencies'], { env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: '', DEMO_AGENCIES_PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Stop with Ctrl-C.')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`demo agencies exited ${code}: ${output}`)));
  });
  return child;
}

/** One database, opened by each node as a server would: one handle each on PostgreSQL; the embedded engine has one owner, so its nodes share it. */
async function sharedDatabase(engine: Engine): Promise<{ handles: [Database, Database]; close(): Promise<void> }> {
  if (engine === 'embedded') {
    const db = await openTestDatabase(engine);
    return { handles: [db, db], close: () => db.close() };
  }
  const shared = await openProcessDatabase(engine, 'ow_demo_nodes');
  const first = await shared.open();
  await migrate(first);
  const second = await shared.open();
  return {
    handles: [first, second],
    close: async () => {
      await first.close();
      await second.close();
      await shared.drop();
    },
  };
}

interface DemoNode {
  part: ServerPart;
  gateway: RunningGateway;
  close(): Promise<void>;
}

/** What `serve --demo-if-empty --role all` starts for the exchange: the demo's start-up hook, the configuration snapshot, the gateway. */
async function startNode(db: Database, id: string, port: number): Promise<DemoNode> {
  const config = loadConfig({ DEMO_DATA: 'if-empty', DEMO_AGENCIES_PORT: String(port), GATEWAY_PORT: '0', NODE_ENV: 'test', NODE_ID: id, EXCHANGE_REFRESH_MS: '200' });
  const part = (await startDemo(db, config))!;
  assert.ok(part, 'the demo starts on this node');
  const source = new ExchangeConfig(db, config.EXCHANGE_REFRESH_MS);
  await source.start();
  const gateway = await createGatewayFromConfig({ config, db, source, logger: quiet });
  return {
    part,
    gateway,
    close: async () => {
      await gateway.close();
      source.stop();
      await part.close();
    },
  };
}

const call = (node: DemoNode, secret = exampleSecret) => fetch(`${node.gateway.url}${examplePath}`, { headers: { 'X-Road-Client': exampleClient, 'X-OneWindow-Client-Secret': secret } });

/** Whether the agencies answer at their fixed addresses within `ms` (the gateway is not called meanwhile: failed calls would open its circuit breakers). */
async function agenciesAnswerWithin(port: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await referenceAgenciesAnswer(referenceAgencyAddresses('127.0.0.1', port))) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

for (const engine of testEngines()) {
  describe(`the demo on two nodes of one database, the agencies run once on their own (${engine})`, () => {
    let port: number;
    let agencies: ChildProcess | undefined;
    let database: { handles: [Database, Database]; close(): Promise<void> };
    const nodes: DemoNode[] = [];

    before(async () => {
      port = await freePortRange();
      agencies = await agenciesProcess(port);
      database = await sharedDatabase(engine);
      await loadDemoRegistrySubset(database.handles[0], new Date());
      // Started together, as a load balancer's nodes are.
      nodes.push(...(await Promise.all([startNode(database.handles[0], 'node-1', port), startNode(database.handles[1], 'node-2', port)])));
    });
    after(async () => {
      for (const node of nodes) await node.close();
      agencies?.kill('SIGTERM');
      await database?.close();
    });

    test('refused first: a wrong secret, on both nodes', async () => {
      for (const node of nodes) {
        const res = await call(node, 'demo-not-the-secret');
        assert.equal(res.status, 401);
        assert.equal(res.headers.get('x-road-error'), 'Server.ClientProxy.SslAuthenticationFailed');
      }
    });

    test("both nodes answer the README's curl through their own gateway with the demo secret", async () => {
      assert.equal(examplePath, '/r1/IR/GOV/LMO/literacy-movement/literacy-level/literacy-level/1234567210');
      assert.equal(exampleSecret, demoSecret(1402, exampleClient), 'the README shows the default seed’s secret');
      for (const node of nodes) {
        const res = await call(node);
        assert.equal(res.status, 200, node.gateway.url);
        assert.equal(((await res.json()) as { nationalCode: string }).nationalCode, '1234567210');
      }
    });

    test('the agencies run once, where they were started, and the registrations point at their fixed addresses', async () => {
      for (const node of nodes) assert.match(node.part.describe!({ gatewayUrl: node.gateway.url })!, /run by another process/);
      const second = spawnSync(process.execPath, [bin, 'demo', 'agencies'], { env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: '', DEMO_AGENCIES_PORT: String(port) }, encoding: 'utf8', timeout: 60_000 });
      assert.equal(second.status, 1);
      assert.match(second.stderr, /already run/);
      const [db] = database.handles;
      const registered = (await db.run((q) => rows<{ url: string }>(q, sql`select upstream_url as url from exchange_services order by url`))).map((r) => r.url);
      assert.deepEqual(registered, referenceAgencyAddresses('127.0.0.1', port).map((a) => a.url).sort());
      const [members] = await db.run((q) => rows<{ n: number }>(q, sql`select count(*)::int as n from exchange_members`));
      assert.equal(members!.n, new Set([...providers, ...consumers].map((r) => r.agencyCode)).size, 'registered once');
    });

    test('stopping node 1 leaves node 2 working', async () => {
      await nodes.shift()!.close();
      assert.equal((await call(nodes[0]!)).status, 200);
    });

    test('when the agencies process stops, a node with DEMO_AGENCIES=auto starts them again on the same addresses', async () => {
      const exited = new Promise((resolve) => agencies!.once('exit', resolve));
      agencies!.kill('SIGTERM');
      await exited;
      agencies = undefined;
      assert.equal(await agenciesAnswerWithin(port, 10_000), true);
      assert.equal((await call(nodes[0]!)).status, 200);
    });
  });
}

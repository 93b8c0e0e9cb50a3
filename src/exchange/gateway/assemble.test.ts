import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { request } from 'undici';
import { loadConfig } from '../../config/load.ts';
import { rows } from '../../db/database.ts';
import { openProcessDatabase, openTestDatabase, testEngines } from '../../../test/support/database.ts';
import { migrate } from '../../db/migrate.ts';
import { ReadinessChecks } from '../../http/health.ts';
import { HEALTH_KEY, testSnapshot, TestSource } from '../../../test/support/gateway.ts';
import { createGatewayFromConfig, gatewayNode } from './assemble.ts';
import { DuplicateNodeError, FileCheckpointStore, verifyExchangeLogWithCheckpoints } from '../log/index.ts';

for (const engine of testEngines()) {
  test(`${engine}: the configured gateway commits a record per call before answering (durable)`, async () => {
    const db = await openTestDatabase(engine);
    const config = loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', GATEWAY_PORT: '0', NODE_ID: 'gw-test' });
    const gw = await createGatewayFromConfig({ config, db, source: new TestSource(testSnapshot()), logger: { error: () => {}, warn: () => {} } });
    try {
      const list = await request(gw.url + '/listClients', { headers: { 'X-Road-Id': 'cfg-1' } });
      assert.equal(list.statusCode, 200);
      await list.body.text();
      const denied = await request(gw.url + '/r1/IR/GOV/CIVIL/registry/persons/persons/0012345679', { headers: { 'X-Road-Client': HEALTH_KEY, 'X-Road-Id': 'cfg-2' } });
      assert.equal(denied.statusCode, 401);
      await denied.body.text();
      const logged = await db.run((q) => rows<{ message_id: string; node: string; status: number }>(q, sql`select message_id, node, status from exchange_log order by seq`));
      assert.deepEqual(logged.map((r) => [r.message_id, r.node, Number(r.status)]), [['cfg-1', 'gw-test', 200], ['cfg-2', 'gw-test', 401]]);
    } finally {
      await gw.close();
      await db.close();
    }
  });
}

test('with a checkpoint folder, the gateway signs its chain head at shutdown and audit verify finds it anchored', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ow-gw-cp-'));
  const db = await openTestDatabase('embedded');
  t.after(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const config = loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', GATEWAY_PORT: '0', NODE_ID: 'gw-cp', EXCHANGE_LOG_CHECKPOINT_DIR: dir });
  const warnings: string[] = [];
  const gw = await createGatewayFromConfig({ config, db, source: new TestSource(testSnapshot()), logger: { error: () => {}, warn: (_o, m) => warnings.push(m) } });
  for (const id of ['cp-1', 'cp-2']) await (await request(gw.url + '/listClients', { headers: { 'X-Road-Id': id } })).body.text();
  await gw.close();
  assert.match(warnings.join(), /generated a development signing key/);
  const report = await verifyExchangeLogWithCheckpoints(db, new FileCheckpointStore(dir));
  assert.equal(report.ok, true);
  assert.deepEqual(report.nodes.map((n) => [n.node, n.records, n.anchoring.latest?.seq, n.anchoring.unanchored]), [['gw-cp', 2, 2, 0]]);
});

test('the node name: NODE_ID, else the host name', () => {
  assert.equal(gatewayNode({ NODE_ID: 'n1' }), 'n1');
  assert.match(gatewayNode({}), /^[A-Za-z0-9._-]{1,64}$/);
});

test('PostgreSQL: a second gateway with a running node\'s NODE_ID is refused at start, and the running node is untouched', { skip: !process.env.TEST_DATABASE_URL && 'needs TEST_DATABASE_URL' }, async (t) => {
  const pdb = await openProcessDatabase('postgres', 'ow_dup_node');
  t.after(() => pdb.drop());
  const db = await pdb.open();
  t.after(() => db.close());
  await migrate(db);
  const config = loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', GATEWAY_PORT: '0', NODE_ID: 'gw-dup', ...pdb.env });
  const logger = { error: () => {}, warn: () => {} };
  const readiness = new ReadinessChecks();
  const first = await createGatewayFromConfig({ config, db, source: new TestSource(testSnapshot()), logger, nodeReadiness: readiness });
  t.after(() => first.close());
  const call = async (id: string) => {
    const res = await request(first.url + '/listClients', { headers: { 'X-Road-Id': id } });
    await res.body.text();
    return res.statusCode;
  };
  assert.equal(await call('dup-1'), 200);
  const second = await pdb.open();
  t.after(() => second.close());
  await assert.rejects(createGatewayFromConfig({ config, db: second, source: new TestSource(testSnapshot()), logger }), DuplicateNodeError);
  assert.equal(await call('dup-2'), 200, 'the running node still logs');
  assert.equal(await readiness.failing(), null, 'and is ready');
  const logged = await db.run((q) => rows<{ message_id: string }>(q, sql`select message_id from exchange_log where node = 'gw-dup' order by seq`));
  assert.deepEqual(logged.map((r) => r.message_id), ['dup-1', 'dup-2']);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { sql } from 'drizzle-orm';
import { Agent, request } from 'undici';
import { loadConfig } from '../src/config/load.ts';
import { rows } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { verifyExchangeLog } from '../src/exchange/log/index.ts';
import { startDemoExchange } from '../demo/exchange/start.ts';
import { loadDemoRegistrySubset } from '../demo/exchange/test-support.ts';
import { openProcessDatabase, testEngines, withDb } from './support/database.ts';

const bin = new URL('../bin/onewindow.js', import.meta.url).pathname;

/**
 * The durable log's promise: a caller that received a complete answer can find its call in the
 * log, even when the server dies without warning. The server runs as its own process under
 * load and is killed with SIGKILL; then every acknowledged message id must be in the log and
 * every chain must verify.
 */
for (const engine of testEngines()) {
  test(`${engine}: after SIGKILL under load, every answered call is in the log and the chains verify`, { timeout: 120_000 }, async () => {
    const target = await openProcessDatabase(engine, 'ow_test_kill');
    const config = loadConfig({ NODE_ENV: 'test', DEMO_AGENCIES_PORT: '0' });
    const demo = await withDb(target.open, async (db) => {
      await migrate(db);
      await loadDemoRegistrySubset(db, new Date());
      return (await startDemoExchange(db, config))!;
    });
    const env = { ...process.env, ...target.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', GATEWAY_PORT: '0', DEMO_DATA: 'off', GATEWAY_SHARED_SECRETS: 'true', EXCHANGE_LOG_MODE: 'durable', NODE_ID: 'kill-test' };
    const server = spawn(process.execPath, [bin, 'serve'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    const agent = new Agent({ connections: 16 });
    try {
      let output = '';
      server.stdout.setEncoding('utf8');
      const gatewayUrl = await new Promise<string>((resolve, reject) => {
        server.stdout.on('data', (chunk: string) => {
          output += chunk;
          const m = /Exchange gateway \(X-Road r1\): (http:\/\/\S+?)\/listClients/.exec(output);
          if (m) resolve(m[1]!);
        });
        server.once('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${output}`)));
      });

      const answered: string[] = [];
      let failed = 0;
      let stop = false;
      let next = 0;
      const headers = { 'X-Road-Client': demo.example.client.clientId, 'X-OneWindow-Client-Secret': demo.example.client.secret };
      const worker = async () => {
        while (!stop) {
          const id = `kill-${next++}`;
          try {
            const res = await request(gatewayUrl + demo.example.path, { dispatcher: agent, headers: { ...headers, 'X-Road-Id': id } });
            const body = await res.body.text();
            if (res.statusCode === 200 && res.headers['x-road-id'] === id && body.length > 0) answered.push(id);
          } catch {
            failed++;
          }
        }
      };
      const workers = Array.from({ length: 16 }, worker);
      while (answered.length < 300) await new Promise((r) => setTimeout(r, 20));
      server.kill('SIGKILL');
      await once(server, 'exit');
      stop = true;
      await Promise.all(workers);
      assert.ok(answered.length >= 300, `only ${answered.length} calls answered`);

      await withDb(target.open, async (db) => {
        const logged = new Set((await db.run((q) => rows<{ message_id: string }>(q, sql`select message_id from exchange_log where message_id like 'kill-%'`))).map((r) => r.message_id));
        const missing = answered.filter((id) => !logged.has(id));
        assert.deepEqual(missing, [], `${missing.length} of ${answered.length} answered calls are not in the log`);
        const report = await verifyExchangeLog(db);
        assert.ok(report.ok, JSON.stringify(report, null, 1).slice(0, 2000));
      });
      // Calls cut off by the kill may or may not be in the log; they were never acknowledged.
      assert.ok(failed >= 0);
    } finally {
      if (server.exitCode === null) server.kill('SIGKILL');
      await agent.close();
      await demo.close();
      await target.drop();
    }
  });
}

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { sql } from 'drizzle-orm';
import type { Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { createExchangeLogWriter } from '../src/exchange/log/index.ts';
import { openProcessDatabase, testEngines, withDb } from './support/database.ts';

const bin = new URL('../bin/onewindow.js', import.meta.url).pathname;

for (const engine of testEngines()) {
  describe(`onewindow audit verify (${engine})`, () => {
    let target: Awaited<ReturnType<typeof openProcessDatabase>>;
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [bin, 'audit', ...args], { env: { ...process.env, LOG_LEVEL: 'silent', NODE_ENV: 'test', ...target.env }, encoding: 'utf8', timeout: 60_000 });
    const withTarget = (fn: (db: Database) => Promise<void>) => withDb(target.open, fn);

    before(async () => {
      target = await openProcessDatabase(engine, 'ow_test_audit');
      await withTarget(async (db) => {
        await migrate(db);
        for (const node of ['gw-1', 'gw-2']) {
          const w = createExchangeLogWriter(db, { node, mode: 'durable', batchMax: 4 });
          await Promise.all(
            Array.from({ length: 12 }, (_, i) =>
              w.append({
                messageId: `${node}-${i + 1}`, at: new Date(Date.UTC(2026, 4, 1, 8, 0, i)), consumer: 'IR/GOV/1/a', service: 'IR/GOV/2/b/s/v1', method: 'GET', path: '/x',
                endpoint: null, userId: null, dataSubject: null, purpose: null, status: 200, errorType: null, latencyMs: 1 + i, requestHash: null, responseHash: null,
              }),
            ),
          );
          await w.close();
        }
      });
    });
    after(() => target.drop());

    test('exits 0 and says so when every chain verifies', () => {
      const r = run('verify');
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /gw-1 {2}12 record\(s\) checked, seq 1–12 {2}OK/);
      assert.match(r.stdout, /All 2 chain\(s\) verify\./);
    });

    test('exits 1 and names the first bad record when one was altered; --node checks one chain', async () => {
      await withTarget(async (db) => void (await db.run((q) => q.execute(sql`update exchange_log set path = '/y' where node = 'gw-2' and seq = 7`))));
      const r = run('verify');
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stdout, /gw-2 .* FAILED\n {4}first bad record: altered at seq 7 \(message id gw-2-7\)/);
      assert.match(r.stdout, /1 of 2 chain\(s\) FAILED verification\./);
      const one = run('verify', '--node', 'gw-1');
      assert.equal(one.status, 0, one.stderr);
      assert.doesNotMatch(one.stdout, /gw-2/);
      assert.equal(run('verify', '--node', 'gw-2').status, 1);
    });

    test('an unknown action is refused with usage', () => {
      const r = run('nonsense');
      assert.equal(r.status, 1);
      assert.match(r.stderr, /audit: use verify/);
    });
  });
}

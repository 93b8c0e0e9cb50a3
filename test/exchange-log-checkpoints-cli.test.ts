import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { createExchangeLogWriter, startCheckpointer, FileCheckpointStore, generateSigningKeyPem, signingKeyFromPem } from '../src/exchange/log/index.ts';
import { openProcessDatabase, testEngines, withDb } from './support/database.ts';

const bin = new URL('../bin/onewindow.js', import.meta.url).pathname;

for (const engine of testEngines()) {
  describe(`onewindow audit verify --checkpoints (${engine})`, () => {
    let target: Awaited<ReturnType<typeof openProcessDatabase>>;
    let dir: string;
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [bin, 'audit', 'verify', ...args], { env: { ...process.env, LOG_LEVEL: 'silent', NODE_ENV: 'test', ...target.env }, encoding: 'utf8', timeout: 60_000 });
    const withTarget = (fn: (db: Database) => Promise<void>) => withDb(target.open, fn);

    before(async () => {
      target = await openProcessDatabase(engine, 'ow_test_checkpoints');
      dir = mkdtempSync(join(tmpdir(), 'ow-cp-cli-'));
      const key = await signingKeyFromPem(generateSigningKeyPem(), 'test');
      writeFileSync(join(dir, 'node.pub.pem'), createPublicKey(key.privateKey).export({ format: 'pem', type: 'spki' }));
      writeFileSync(join(dir, 'other.pub.pem'), createPublicKey((await signingKeyFromPem(generateSigningKeyPem(), 'o')).privateKey).export({ format: 'pem', type: 'spki' }));
      const store = new FileCheckpointStore(join(dir, 'store'));
      await withTarget(async (db) => {
        await migrate(db);
        const w = createExchangeLogWriter(db, { node: 'gw-1', mode: 'durable', batchMax: 4 });
        const cp = await startCheckpointer({ chain: 'gw-1', store, key, head: () => w.head(), intervalMs: 3_600_000, now: () => new Date('2026-12-07T10:00:00Z'), onError: () => {} });
        for (let i = 1; i <= 12; i++) {
          await w.append({
            messageId: `m-${i}`, at: new Date(Date.UTC(2026, 4, 1, 8, 0, i)), consumer: 'IR/GOV/1/a', service: 'IR/GOV/2/b/s/v1', method: 'GET', path: '/x',
            endpoint: null, userId: null, dataSubject: null, purpose: null, status: 200, errorType: null, latencyMs: 1, requestHash: null, responseHash: null,
          });
          if (i === 10) await cp.checkpoint();
        }
        await w.close();
      });
    });
    after(async () => {
      await target.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    test('a missing checkpoint folder or an unusable pinned key file is refused, not read as "no checkpoints"', () => {
      const r = run('--checkpoints', join(dir, 'nowhere'));
      assert.equal(r.status, 1);
      assert.match(r.stderr, /the checkpoint folder .*nowhere does not exist/);
      writeFileSync(join(dir, 'garbage.pem'), 'not a key');
      const k = run('--checkpoints', join(dir, 'store'), '--public-key', join(dir, 'garbage.pem'));
      assert.equal(k.status, 1);
      assert.match(k.stderr, /audit: .*garbage\.pem: neither PEM, a JWK/);
    });

    test('reports how much of each chain the checkpoints cover; a pinned key that did not sign them fails', () => {
      const r = run('--checkpoints', join(dir, 'store'), '--public-key', join(dir, 'node.pub.pem'));
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /chain gw-1: 12 records; anchored up to #10 at 2026-12-07T10:00Z \(1 valid checkpoint\(s\)\); 2 records after the last checkpoint/);
      const wrong = run('--checkpoints', join(dir, 'store'), '--public-key', join(dir, 'other.pub.pem'));
      assert.equal(wrong.status, 1);
      assert.match(wrong.stdout, /CHECKPOINT FAILED: forged\n.*not trusted for this chain/);
    });

    test('the end cut off and the head moved back: exit 1, naming the removed records', async () => {
      await withTarget(async (db) => {
        await db.run((q) => q.execute(sql`delete from exchange_log where node = 'gw-1' and seq > 7`));
        await db.run((q) => q.execute(sql`update exchange_log_chains set seq = 7, hash = (select hash from exchange_log where node = 'gw-1' and seq = 7) where node = 'gw-1'`));
      });
      const r = run('--checkpoints', join(dir, 'store'));
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /gw-1 {2}7 record\(s\) checked, seq 1–7 {2}records OK/);
      assert.match(r.stdout, /CHECKPOINT FAILED: truncated at seq 8\n.*records 8–10 were removed and the head moved back/);
      assert.match(r.stdout, /1 of 1 chain\(s\) FAILED verification\./);
    });
  });
}

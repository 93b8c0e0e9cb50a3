import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { loadConfig } from '../../../config/load.ts';
import type { ChainHead } from '../chain.ts';
import { startCheckpointer } from './checkpointer.ts';
import { verifyCheckpoint } from './checkpoint.ts';
import { FileCheckpointStore } from './file-store.ts';
import { generateSigningKeyPem, signingKeyFromPem } from './key.ts';
import { startCheckpointsFromConfig } from './start.ts';

const h = (seq: number): ChainHead => ({ seq, hash: seq.toString(16).padStart(64, '0') });
const tempDir = (t: { after: (fn: () => void) => void }) => {
  const dir = mkdtempSync(join(tmpdir(), 'ow-cp-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};
const quiet = { error: () => {}, warn: () => {} };

test('production refuses checkpoints without a configured key; a wrong key file stops the start', async (t) => {
  const dir = tempDir(t);
  assert.throws(() => loadConfig({ NODE_ENV: 'production', EXCHANGE_LOG_CHECKPOINT_DIR: dir }), /EXCHANGE_LOG_CHECKPOINT_KEY_FILE: checkpoints need a configured signing key in production/);
  const settings = { NODE_ENV: 'production' as const, EXCHANGE_LOG_CHECKPOINT_DIR: dir, EXCHANGE_LOG_CHECKPOINT_INTERVAL_MS: 60_000 };
  await assert.rejects(startCheckpointsFromConfig({ config: settings, node: 'n1', head: () => null, logger: quiet }), /checkpoints need a configured signing key in production/);
  const rsa = join(dir, 'rsa.pem');
  writeFileSync(rsa, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }));
  await assert.rejects(startCheckpointsFromConfig({ config: { ...settings, EXCHANGE_LOG_CHECKPOINT_KEY_FILE: rsa }, node: 'n1', head: () => null, logger: quiet }), /must be Ed25519, not rsa/);
  await assert.rejects(startCheckpointsFromConfig({ config: { ...settings, EXCHANGE_LOG_CHECKPOINT_KEY_FILE: join(dir, 'missing.pem') }, node: 'n1', head: () => null, logger: quiet }), /cannot read/);
  assert.equal(existsSync(join(dir, 'n1.key.pem')), false);
  const warnings: string[] = [];
  assert.equal(await startCheckpointsFromConfig({ config: { NODE_ENV: 'production', EXCHANGE_LOG_CHECKPOINT_INTERVAL_MS: 60_000 }, node: 'n1', head: () => null, logger: { ...quiet, warn: (_o, m) => warnings.push(m) } }), null);
  assert.match(warnings.join(), /checkpoints are off/);
});

test('outside production a key is generated once, said in the log, and reused', async (t) => {
  const dir = tempDir(t);
  const warnings: string[] = [];
  const logger = { error: () => {}, warn: (_o: object, m: string) => warnings.push(m) };
  const config = { NODE_ENV: 'development' as const, EXCHANGE_LOG_CHECKPOINT_DIR: dir, EXCHANGE_LOG_CHECKPOINT_INTERVAL_MS: 60_000 };
  let head: ChainHead | null = h(3);
  const first = (await startCheckpointsFromConfig({ config, node: 'n1', head: () => head, logger }))!;
  await first.stop();
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /generated a development signing key/);
  assert.equal(statSync(join(dir, 'n1.key.pem')).mode & 0o777, 0o600);
  const pem = readFileSync(join(dir, 'n1.key.pem'), 'utf8');
  head = h(4);
  const second = (await startCheckpointsFromConfig({ config, node: 'n1', head: () => head, logger }))!;
  await second.stop();
  assert.equal(warnings.length, 1, 'no second key');
  assert.equal(readFileSync(join(dir, 'n1.key.pem'), 'utf8'), pem);
  const store = new FileCheckpointStore(dir);
  assert.equal((await store.keys('n1')).length, 1);
});

test('a checkpoint is written only when the head moved, once more at stop, and not repeated after a restart', async (t) => {
  const dir = tempDir(t);
  const store = new FileCheckpointStore(dir);
  const key = await signingKeyFromPem(generateSigningKeyPem(), 'k');
  let head: ChainHead | null = null;
  const at = new Date('2026-12-07T10:00:00Z');
  const start = () => startCheckpointer({ chain: 'n1', store, key, head: () => head, intervalMs: 3_600_000, now: () => at, onError: (e) => assert.fail(String(e)) });
  const cp = await start();
  assert.equal(await cp.checkpoint(), false, 'nothing committed yet');
  head = h(5);
  assert.equal(await cp.checkpoint(), true);
  assert.equal(await cp.checkpoint(), false, 'head did not move');
  head = h(9);
  await cp.stop();

  const restarted = await start();
  assert.equal(await restarted.checkpoint(), false, 'the store already has head 9');
  await restarted.stop();

  const keys = new Map([[key.publicJwk.kid, key.publicJwk]]);
  const lines: string[] = [];
  for await (const l of store.entries('n1')) lines.push(l.text);
  const checked = lines.map((l) => verifyCheckpoint(l, 'n1', keys));
  assert.deepEqual(checked.map((c) => c.ok && [c.checkpoint.seq, c.checkpoint.hash, c.checkpoint.at]), [
    [5, h(5).hash, '2026-12-07T10:00:00.000Z'],
    [9, h(9).hash, '2026-12-07T10:00:00.000Z'],
  ]);
});

test('a failing store is reported and tried again at the next tick', async (t) => {
  const dir = tempDir(t);
  const key = await signingKeyFromPem(generateSigningKeyPem(), 'k');
  const inner = new FileCheckpointStore(dir);
  let fail = true;
  const store = Object.assign(Object.create(inner) as FileCheckpointStore, {
    append: (chain: string, line: string) => (fail ? Promise.reject(new Error('ENOSPC: no space left')) : inner.append(chain, line)),
  });
  const errors: unknown[] = [];
  const cp = await startCheckpointer({ chain: 'n1', store, key, head: () => h(2), intervalMs: 1000, onError: (e) => errors.push(e) });
  await new Promise((r) => setTimeout(r, 1100));
  assert.match(String((errors[0] as Error).message), /checkpoint of chain n1 to .* failed: ENOSPC/);
  fail = false;
  await cp.stop();
  assert.ok(await inner.last('n1'));
});

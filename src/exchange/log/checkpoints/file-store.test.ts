import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileCheckpointStore } from './file-store.ts';
import { generateSigningKeyPem, signingKeyFromPem } from './key.ts';

const collect = async <T>(it: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};

test('file store: a chain name that is a path is refused; lines are appended, never rewritten', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ow-cp-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const store = new FileCheckpointStore(join(dir, 'store'));
  await assert.rejects(store.append('../etc', '{}'), /not a chain name: "\.\.\/etc"/);
  await assert.rejects(store.append('a/b', '{}'), /not a chain name/);
  await assert.rejects(store.append('node-1', 'two\nlines'), /cannot hold a line feed/);

  assert.deepEqual(await store.chains(), []);
  assert.equal(await store.last('node-1'), null);
  assert.deepEqual(await collect(store.entries('node-1')), []);
  await Promise.all(['{"n":1}', '{"n":2}', '{"n":3}'].map((l) => store.append('node-1', l)));
  await store.append('node-2', '{"n":1}');
  assert.deepEqual(await store.chains(), ['node-1', 'node-2']);
  const file = join(dir, 'store', 'node-1.checkpoints.jsonl');
  assert.equal(readFileSync(file, 'utf8'), '{"n":1}\n{"n":2}\n{"n":3}\n');
  assert.deepEqual(await store.last('node-1'), { n: 0, text: '{"n":3}' });
  assert.deepEqual((await collect(store.entries('node-1'))).map((l) => [l.n, l.text]), [[1, '{"n":1}'], [2, '{"n":2}'], [3, '{"n":3}']]);

  // A line torn by a crash stays a line of its own, so the verifier sees it.
  appendFileSync(file, '{"n":4,"to');
  await store.append('node-1', '{"n":5}');
  assert.deepEqual((await collect(store.entries('node-1'))).map((l) => l.text).slice(-2), ['{"n":4,"to', '{"n":5}']);
});

test('file store: a public key is published once per chain', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ow-cp-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const store = new FileCheckpointStore(dir);
  const key = await signingKeyFromPem(generateSigningKeyPem(), 'k');
  await store.publishKey('node-1', key.publicJwk);
  await store.publishKey('node-1', key.publicJwk);
  const lines = await store.keys('node-1');
  assert.equal(lines.length, 1);
  assert.deepEqual(JSON.parse(lines[0]!.text), key.publicJwk);
  assert.deepEqual(await store.keys('node-2'), []);
  // Keys do not count as chains.
  writeFileSync(join(dir, 'node-3.key.pem'), 'x');
  assert.deepEqual(await store.chains(), []);
});

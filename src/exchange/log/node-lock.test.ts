import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { DuplicateNodeError, lockNode } from './node-lock.ts';

const url = process.env.TEST_DATABASE_URL;

test('embedded engine: no lock to take (the data directory is one process\'s already)', async () => {
  const a = await lockNode({}, 'gw-embedded');
  const b = await lockNode({}, 'gw-embedded');
  assert.ok(a.held() && b.held());
});

test('PostgreSQL: a second holder of a NODE_ID is refused at once; the first keeps it; released, it can be taken', { skip: url === undefined && 'needs TEST_DATABASE_URL' }, async () => {
  const node = `gw-lock-${randomBytes(4).toString('hex')}`;
  const first = await lockNode({ DATABASE_URL: url! }, node);
  try {
    const started = Date.now();
    await assert.rejects(lockNode({ DATABASE_URL: url! }, node), (e: unknown) => e instanceof DuplicateNodeError && /NODE_ID "gw-lock-/.test(e.message) && /own NODE_ID/.test(e.message));
    assert.ok(Date.now() - started < 2000, 'refused without waiting');
    assert.equal(first.held(), true, 'the running node keeps its lock');
    const other = await lockNode({ DATABASE_URL: url! }, `${node}-b`);
    await other.release();
  } finally {
    await first.release();
  }
  assert.equal(first.held(), false);
  const again = await lockNode({ DATABASE_URL: url! }, node);
  assert.equal(again.held(), true);
  await again.release();
});

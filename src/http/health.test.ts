import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { checkReadiness, ReadinessChecks } from './health.ts';

const answering = { ping: async () => {} } as unknown as Database;

test('readiness: shutting down, an unreachable database, then each added check', async () => {
  assert.deepEqual(await checkReadiness({ db: answering, isShuttingDown: () => true }), { ready: false, message: 'Shutting down' });
  const down = await checkReadiness({ db: { ping: async () => Promise.reject(new Error('ECONNREFUSED')) } as unknown as Database, isShuttingDown: () => false });
  assert.equal(down.ready, false);
  const checks = new ReadinessChecks();
  assert.deepEqual(await checkReadiness({ db: answering, isShuttingDown: () => false, checks }), { ready: true });
  let logOk = false;
  const remove = checks.add('exchange log', async () => logOk);
  checks.add('throws', () => {
    throw new Error('boom');
  });
  assert.deepEqual(await checkReadiness({ db: answering, isShuttingDown: () => false, checks }), { ready: false, message: 'Not ready: exchange log' });
  logOk = true;
  assert.deepEqual(await checkReadiness({ db: answering, isShuttingDown: () => false, checks }), { ready: false, message: 'Not ready: throws' }, 'a check that throws is not met');
  remove();
  assert.equal(await checks.failing(), 'throws');
});

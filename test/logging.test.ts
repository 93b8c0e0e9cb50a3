import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config/load.ts';
import { createStaff, issueToken } from '../src/identity/index.ts';
import { openTestDatabase } from './support/database.ts';

test('request logs carry no tokens, query strings or client addresses', async () => {
  const db = await openTestDatabase('embedded');
  const stream = new PassThrough();
  let log = '';
  stream.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const app = await buildApp({ config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info' }), db, logger: { stream } });
  try {
    const staff = await createStaff(db, { name: 'operator', role: 'operator' });
    const { token } = await issueToken(db, staff.id);
    await app.inject({ url: '/api/v1/agencies?q=0012345678', headers: { authorization: `Bearer ${token}` } });
    await app.inject({ url: '/api/v1/agencies', headers: { authorization: 'Bearer ow_forged-token-that-does-not-exist-at-all-xx' } });
    assert.match(log, /\/api\/v1\/agencies/, 'requests are logged');
    for (const secret of [token, 'ow_forged', '0012345678', '127.0.0.1', 'authorization']) assert.ok(!log.includes(secret), `log contains ${secret}`);
  } finally {
    await app.close();
    await db.close();
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import Fastify from 'fastify';
import { sql } from 'drizzle-orm';
import { openEmbedded } from '../db/embedded.ts';
import { loadConfig } from '../config/load.ts';
import { openTestDatabase, testEngines } from '../../test/support/database.ts';
import { loggerOptions } from './logging.ts';
import { handleError } from './problem.ts';
import { serializeError } from './log-errors.ts';

const NATIONAL_CODE = '0012345678';

for (const engine of testEngines()) {
  test(`${engine}: a failing parameterised query is logged with its SQL text and SQLSTATE, never its parameter`, async (t) => {
    const db = await openTestDatabase(engine);
    let log = '';
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const app = Fastify({ logger: { ...loggerOptions(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info' })), stream } });
    t.after(async () => {
      await app.close();
      await db.close();
    });
    app.setErrorHandler(handleError);
    app.get('/probe', () => db.run((q) => q.execute(sql`select ${NATIONAL_CODE}::uuid as id`)));
    const res = await app.inject({ url: '/probe' });
    assert.equal(res.statusCode, 500);
    assert.ok(!res.body.includes(NATIONAL_CODE));
    const line = log.split('\n').find((l) => l.includes('unhandled error'));
    assert.ok(line, log);
    assert.ok(!line.includes(NATIONAL_CODE), line);
    const { err } = JSON.parse(line) as { err: Record<string, unknown> };
    assert.equal(err.type, 'QueryFailed');
    assert.equal(err.query, 'select $1::uuid as id');
    assert.equal(err.code, '22P02');
    assert.equal(err.parameters, '1 withheld');
    assert.match(String(err.message), /^Failed query: select \$1::uuid as id: invalid input syntax for type uuid: "\[redacted\]"$/);
    assert.match(String(err.stack), /caused by: DatabaseError/);
  });
}

test('an error straight from the driver, not through the port, is redacted by the serializer too', async () => {
  const db = await openEmbedded();
  try {
    const raw = await db.client.query('select $1::int', [NATIONAL_CODE + 'x']).then(() => assert.fail('should fail'), (e: unknown) => e as Error);
    assert.ok(JSON.stringify(Object.values(raw)).includes(NATIONAL_CODE), 'the driver error holds the parameter');
    const wrapped = new Error('import failed', { cause: raw });
    const out = serializeError(wrapped);
    assert.ok(!JSON.stringify(out).includes(NATIONAL_CODE), JSON.stringify(out));
    assert.equal(out.message, 'import failed: invalid input syntax for type integer: "[redacted]"');
    const direct = serializeError(raw);
    assert.deepEqual([direct.type, direct.code, direct.query], ['DatabaseError', '22P02', 'select $1::int']);
    assert.ok(!JSON.stringify(direct).includes(NATIONAL_CODE));
  } finally {
    await db.close();
  }
});

test('other errors keep their fields, causes and aggregated errors', () => {
  const e = Object.assign(new Error('outer', { cause: new Error('inner') }), { code: 'E_X', extra: 1 });
  const out = serializeError(e);
  assert.equal(out.type, 'Error');
  assert.equal(out.message, 'outer: inner');
  assert.match(out.stack, /caused by: Error: inner/);
  assert.equal(out.code, 'E_X');
  assert.equal(out.extra, 1);
  assert.deepEqual((serializeError(new AggregateError([new Error('a')], 'many')).aggregateErrors as { message: string }[]).map((x) => x.message), ['a']);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config/load.ts';
import { createStaff, issueToken } from '../src/identity/index.ts';
import { openTestDatabase } from './support/database.ts';
import { freePort, serveProcess, stopProcess } from './support/processes.ts';
import { chooseLogFormat, PrettyLogFormatter, PrettyLogStream } from '../src/http/log-format.ts';
import { logDestination } from '../src/http/logging.ts';

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

test('LOG_FORMAT auto: pretty only on a terminal outside production; json and pretty are obeyed as written', () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };
  assert.equal(chooseLogFormat('auto', tty, 'development'), 'pretty');
  assert.equal(chooseLogFormat('auto', tty, 'test'), 'pretty');
  assert.equal(chooseLogFormat('auto', tty, 'production'), 'json', 'production in a terminal (docker run -t) still writes what collectors read');
  assert.equal(chooseLogFormat('auto', pipe, 'development'), 'json');
  assert.equal(chooseLogFormat('auto', {}, 'development'), 'json', 'a stream that is not a terminal');
  assert.equal(chooseLogFormat('json', tty, 'development'), 'json');
  assert.equal(chooseLogFormat('pretty', pipe, 'production'), 'pretty');
  assert.equal(logDestination({ LOG_FORMAT: 'auto', NODE_ENV: 'development' }, Object.assign(new PassThrough(), pipe)), undefined, 'JSON: pino writes stdout itself');
  assert.ok(logDestination({ LOG_FORMAT: 'auto', NODE_ENV: 'development' }, Object.assign(new PassThrough(), tty)) instanceof PrettyLogStream);
  assert.equal(logDestination({}, Object.assign(new PassThrough(), tty)), undefined, 'a caller that says nothing gets JSON');
});

test('the pretty format: one short line per request, messages with their fields, errors with their stack', () => {
  const f = new PrettyLogFormatter(false);
  const time = new Date(2026, 11, 7, 9, 5, 3).getTime();
  assert.equal(f.format({ level: 30, time, reqId: 'r1', req: { method: 'GET', path: '/services', id: 'r1' }, msg: 'incoming request' }), null, 'held back until the request completes');
  assert.equal(f.format({ level: 30, time, reqId: 'r1', res: { statusCode: 200 }, responseTime: 3.25, msg: 'request completed' }), '09:05:03 GET /services 200 3.3 ms');
  assert.equal(f.format({ level: 30, time, reqId: 'r2', res: { statusCode: 404 }, responseTime: 12.6, msg: 'request completed' }), '09:05:03 request r2 404 13 ms', 'a completion whose start was not seen');
  assert.equal(f.format({ level: 40, time, pid: 1, hostname: 'h', msg: 'catalog index rebuild failed', attempt: 2, detail: 'two words' }), '09:05:03 WARN  catalog index rebuild failed attempt=2 detail="two words"');
  const error = f.format({ level: 50, time, reqId: 'r3', msg: 'unhandled error on a page', err: { type: 'TypeError', message: 'x is undefined', stack: 'TypeError: x is undefined\n    at page (/src/a.ts:1:2)' } });
  assert.equal(error, '09:05:03 ERROR unhandled error on a page reqId=r3\n    TypeError: x is undefined\n    at page (/src/a.ts:1:2)');
  const coloured = new PrettyLogFormatter(true).format({ level: 30, time, reqId: 'r4', res: { statusCode: 500 }, msg: 'request completed' });
  assert.ok(coloured!.includes('\x1b[31m500\x1b[0m'), 'a 5xx is red on a terminal');
  // Requests that never complete do not grow the formatter without bound.
  for (let i = 0; i < 5000; i++) f.format({ level: 30, reqId: `p${i}`, req: { method: 'GET', path: '/' }, msg: 'incoming request' });
  assert.ok((f as unknown as { pending: Map<string, string> }).pending.size <= 1000);
});

test('the pretty stream formats what Fastify logs (split or joined chunks), without query strings or tokens', async () => {
  const db = await openTestDatabase('embedded');
  const output = new PassThrough();
  let log = '';
  output.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const stream = new PrettyLogStream(output, { colours: false });
  const app = await buildApp({ config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info' }), db, logger: { stream } });
  try {
    await app.inject({ url: '/api/v1/agencies?q=0012345678', headers: { authorization: 'Bearer ow_secret-token-that-does-not-exist-xx' } });
    await app.inject({ url: '/healthz' });
    const lines = log.trimEnd().split('\n');
    assert.deepEqual(
      lines.map((l) => l.replace(/^\d\d:\d\d:\d\d /, '').replace(/ [\d.]+ ms$/, '')),
      ['GET /api/v1/agencies 401', 'GET /healthz 200'],
    );
    for (const secret of ['0012345678', 'ow_secret', 'authorization', '{']) assert.ok(!log.includes(secret), `log contains ${secret}`);
    log = '';
    stream.write('{"level":30,"msg":"split ');
    stream.write('line"}\nnot json\n');
    assert.match(log, /^\d\d:\d\d:\d\d INFO {2}split line\nnot json\n$/);
  } finally {
    await app.close();
    await db.close();
  }
});

test('`onewindow serve` with stdout not a terminal writes JSON lines; LOG_FORMAT=pretty writes short lines; the banner stays readable', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'onewindow-logging-'));
  try {
    for (const format of ['auto', 'pretty'] as const) {
      const port = await freePort();
      const served = await serveProcess([], { DATA_DIR: dir, HOST: '127.0.0.1', PORT: String(port), GATEWAY_PORT: '0', LOG_LEVEL: 'info', LOG_FORMAT: format });
      try {
        let out = served.banner;
        served.child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
        await fetch(`http://127.0.0.1:${port}/healthz?probe=1`);
        const logged = format === 'auto' ? /"request completed"/ : /GET \/healthz \d{3}/;
        for (const deadline = Date.now() + 30_000; !(logged.test(out) && /OneWindow is running/.test(out)); ) {
          assert.ok(Date.now() < deadline, `the request was not logged: ${out}`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const logLines = out.split('\n').filter((l) => l.trim() && !/^(OneWindow is running| {2})/.test(l));
        if (format === 'auto') {
          for (const line of logLines) assert.doesNotThrow(() => JSON.parse(line), `not JSON: ${line}`);
          const completed = logLines.map((l) => JSON.parse(l) as { msg: string; res?: { statusCode: number } }).find((r) => r.msg === 'request completed');
          assert.equal(completed?.res?.statusCode, 200);
        } else {
          assert.ok(logLines.some((l) => /^\d\d:\d\d:\d\d GET \/healthz 200 [\d.]+ ms$/.test(l)), logLines.join('\n'));
          assert.ok(!out.includes('"msg"'), 'no JSON');
        }
        assert.ok(!out.includes('probe=1'), 'no query string');
      } finally {
        await stopProcess(served.child);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

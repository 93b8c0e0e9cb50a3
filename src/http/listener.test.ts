import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config/load.ts';
import type { Database } from '../db/database.ts';
import { openTestDatabase } from '../../test/support/database.ts';

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  /** Milliseconds from connecting to the connection's close. */
  closedAfterMs: number;
}

/** Sends `chunks` on a raw socket (a number is a pause in ms) and reads until the server closes. */
async function raw(port: number, chunks: (string | number)[]): Promise<Answer> {
  const socket: Socket = connect(port, '127.0.0.1');
  const started = Date.now();
  let text = '';
  socket.setEncoding('latin1');
  socket.on('data', (d: string) => (text += d));
  let closedAt = 0;
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve(void (closedAt = Date.now()))));
  socket.on('error', () => {});
  await new Promise((resolve) => socket.once('connect', resolve));
  for (const c of chunks) {
    if (socket.destroyed) break;
    if (typeof c === 'number') await sleep(c);
    else socket.write(c);
  }
  await closed;
  const [head = '', body = ''] = text.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine.split(' ')[1]), headers, body: body ? (JSON.parse(Buffer.from(body, 'latin1').toString('utf8')) as Record<string, unknown>) : {}, closedAfterMs: closedAt - started };
}

function assertProblem(answer: Answer, status: number, code: string) {
  assert.equal(answer.status, status, JSON.stringify(answer));
  assert.equal(answer.headers['content-type'], 'application/problem+json; charset=utf-8');
  assert.match(answer.headers['x-request-id'] ?? '', /^[0-9a-f-]{36}$/);
  assert.equal(answer.body.code, code);
  assert.equal(answer.body.status, status);
  assert.equal(answer.body.requestId, answer.headers['x-request-id']);
  assert.equal(answer.body.type, `urn:onewindow:problem:${code.toLowerCase().replaceAll('_', '-')}`);
}

/** A public route that reads its whole body before answering (an API route would refuse an anonymous caller at once). */
const loginHead = 'POST /staff/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n';

// The listener does not depend on the engine; the embedded one starts fastest.
describe('the API listener answers what never reaches a route with problem documents', () => {
  let db: Database;
  const apps: FastifyInstance[] = [];
  async function listen(env: Record<string, string> = {}): Promise<number> {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
    const app = await buildApp({ config, db, logger: false });
    // A handler that takes its time once the request is in: the server's time, not the client's.
    app.get('/test/slow', { config: { access: 'public' } }, async () => (await sleep(900), { done: true }));
    apps.push(app);
    await app.listen({ host: '127.0.0.1', port: 0 });
    return (app.server.address() as AddressInfo).port;
  }
  let port: number;
  before(async () => {
    db = await openTestDatabase('embedded');
    port = await listen();
  });
  after(async () => {
    for (const app of apps) await app.close();
    await db.close();
  });

  test('a malformed percent-encoding in the path (%zz) → 400 MALFORMED_URL with the request id', async () => {
    const res = await apps[0]!.inject({ url: '/api/v1/agencies/%zz', headers: { 'x-request-id': 'trace-7' } });
    assert.equal(res.statusCode, 400);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(res.headers['x-request-id'], 'trace-7');
    assert.deepEqual([res.json().code, res.json().requestId, res.json().instance], ['MALFORMED_URL', 'trace-7', '/api/v1/agencies/%zz']);
  });

  test('a bad request line → 400 MALFORMED_HTTP, then the connection closes', async () => {
    assertProblem(await raw(port, ['NOT AN HTTP REQUEST\r\n\r\n']), 400, 'MALFORMED_HTTP');
  });

  test('raw (unencoded) Persian in the query, as curl sends ?q=استعلام → 400 URL_NOT_ENCODED with the hint to encode it', async () => {
    const answer = await raw(port, ['GET /api/v1/catalog/search?q=استعلام HTTP/1.1\r\nHost: x\r\n\r\n']);
    assertProblem(answer, 400, 'URL_NOT_ENCODED');
    assert.match(String(answer.body.title), /--data-urlencode/);
    // Raw bytes elsewhere in the head are not the address's fault.
    assertProblem(await raw(port, ['GET /healthz HTTP/1.1\r\nHost: x\r\nX-Bad\u0001: y\r\n\r\n']), 400, 'MALFORMED_HTTP');
  });

  test('a bad Content-Length → 400 MALFORMED_HTTP', async () => {
    assertProblem(await raw(port, ['POST /api/v1/agencies HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n']), 400, 'MALFORMED_HTTP');
    assertProblem(await raw(port, ['POST /api/v1/agencies HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab']), 400, 'MALFORMED_HTTP');
  });

  test('headers too large → 431 HEADERS_TOO_LARGE', async () => {
    assertProblem(await raw(port, [`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`]), 431, 'HEADERS_TOO_LARGE');
  });

  test('a well-formed request on the same listener is still answered normally', async () => {
    const answer = await raw(port, ['GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n']);
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, { status: 'ok' });
  });

  test('a body sent slowly (a byte every 100 ms) → 408 REQUEST_TIMEOUT once API_REQUEST_TIMEOUT_MS is over', async () => {
    const slow = await listen({ API_REQUEST_TIMEOUT_MS: '600', API_HEADERS_TIMEOUT_MS: '300', API_IDLE_TIMEOUT_MS: '5000' });
    const answer = await raw(slow, [`${loginHead}Content-Length: 1000\r\n\r\n`, ...Array.from({ length: 40 }, () => [100, 'a']).flat()]);
    assertProblem(answer, 408, 'REQUEST_TIMEOUT');
    assert.ok(answer.closedAfterMs < 2500, `closed after ${answer.closedAfterMs} ms`);
  });

  test('a head sent slowly → 408 REQUEST_TIMEOUT once API_HEADERS_TIMEOUT_MS is over', async () => {
    const slow = await listen({ API_REQUEST_TIMEOUT_MS: '5000', API_HEADERS_TIMEOUT_MS: '400', API_IDLE_TIMEOUT_MS: '5000' });
    const answer = await raw(slow, ['GET /healthz HTTP/1.1\r\n', ...Array.from({ length: 30 }, (_, i) => [100, `X-H${i}: v\r\n`]).flat()]);
    assertProblem(answer, 408, 'REQUEST_TIMEOUT');
    assert.ok(answer.closedAfterMs < 2000, `closed after ${answer.closedAfterMs} ms`);
  });

  test('a body that stops arriving → 408 REQUEST_TIMEOUT once API_IDLE_TIMEOUT_MS is over', async () => {
    const idle = await listen({ API_REQUEST_TIMEOUT_MS: '20000', API_HEADERS_TIMEOUT_MS: '5000', API_IDLE_TIMEOUT_MS: '400' });
    const answer = await raw(idle, [`${loginHead}Content-Length: 100\r\n\r\ntoken=ow_`, 3000]);
    assertProblem(answer, 408, 'REQUEST_TIMEOUT');
    assert.ok(answer.closedAfterMs < 1500, `closed after ${answer.closedAfterMs} ms`);
  });

  test('the idle timeout leaves alone a request already received whose handler is slow, and closes an idle connection silently', async () => {
    const idle = await listen({ API_REQUEST_TIMEOUT_MS: '20000', API_HEADERS_TIMEOUT_MS: '5000', API_IDLE_TIMEOUT_MS: '300' });
    const slow = await raw(idle, ['GET /test/slow HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n']);
    assert.equal(slow.status, 200, JSON.stringify(slow));
    assert.deepEqual(slow.body, { done: true });
    const silent = await raw(idle, []);
    assert.equal(silent.status, NaN, 'nothing was written');
    assert.ok(silent.closedAfterMs < 1500, `closed after ${silent.closedAfterMs} ms`);
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_IDLE_MS, UnusableUpstreamError, Upstreams, type UpstreamOptions } from './upstreams.ts';

/** These upstreams listen on loopback (or pretend to): the operator allowed exactly these addresses. */
const LOOPBACK = ['127.0.0.1', '127.0.0.2'];

const IDLE = 60_000;

/** Upstreams on an injected clock, with no timer: each test prunes when it means to. */
function upstreams(options: UpstreamOptions = {}): { u: Upstreams; clock: { ms: number } } {
  const clock = { ms: 0 };
  return { u: new Upstreams({ idleMs: IDLE, pruneIntervalMs: 0, now: () => clock.ms, ...options }), clock };
}

const urls = (u: Upstreams) => u.breakerStates().map((s) => s.upstream);

test('one pool per origin and one breaker per base URL, reused while in use', async () => {
  const { u } = upstreams();
  try {
    const a = u.get('http://127.0.0.1:9/a/', 1000, LOOPBACK);
    const b = u.get('http://127.0.0.1:9/b', 1000, LOOPBACK);
    assert.equal(a.pool, b.pool);
    assert.notEqual(a.breaker, b.breaker);
    assert.equal(a.basePath, '/a');
    assert.equal(u.get('http://127.0.0.1:9/a/', 1000, LOOPBACK), a);
    assert.throws(() => u.get('ftp://127.0.0.1/x', 1000, LOOPBACK), UnusableUpstreamError);
  } finally {
    await u.close();
  }
});

test('an upstream unused for idleMs is forgotten and its pool closed; using it again starts over', async () => {
  const { u, clock } = upstreams();
  try {
    const a = u.get('http://127.0.0.1:9/a', 1000, LOOPBACK);
    clock.ms = IDLE - 1;
    await u.prune();
    assert.deepEqual(urls(u), ['http://127.0.0.1:9/a'], 'not idle long enough');
    assert.equal(a.pool.closed, false);
    clock.ms = IDLE;
    await u.prune();
    assert.deepEqual(urls(u), []);
    assert.equal(a.pool.closed, true, 'the pool is closed');
    const again = u.get('http://127.0.0.1:9/a', 1000, LOOPBACK);
    assert.notEqual(again, a);
    assert.notEqual(again.pool, a.pool, 'a new pool, not the closed one');
    assert.equal(again.breaker.state, 'closed');
  } finally {
    await u.close();
  }
});

test('each use restarts the idle time; a pool stays while another base URL at its origin is used', async () => {
  const forgotten: string[] = [];
  const { u, clock } = upstreams({ metrics: { setBreakerState: () => {}, forgetBreaker: (url) => forgotten.push(url) } });
  try {
    const a = u.get('http://127.0.0.1:9/a', 1000, LOOPBACK);
    u.get('http://127.0.0.1:9/b', 1000, LOOPBACK);
    const c = u.get('http://127.0.0.2:9/c', 1000, LOOPBACK);
    clock.ms = IDLE / 2;
    u.get('http://127.0.0.1:9/b', 1000, LOOPBACK);
    clock.ms = IDLE;
    await u.prune();
    assert.deepEqual(urls(u), ['http://127.0.0.1:9/b'], '/a and /c were idle, /b was used half-way');
    assert.deepEqual(forgotten, ['http://127.0.0.1:9/a', 'http://127.0.0.2:9/c'], 'metrics drop the forgotten breakers');
    assert.equal(a.pool.closed, false, '/b still uses the pool /a shared');
    assert.equal(c.pool.closed, true);
    clock.ms = IDLE * 1.5;
    await u.prune();
    assert.deepEqual(urls(u), []);
    assert.equal(a.pool.closed, true);
  } finally {
    await u.close();
  }
});

test('a pool with a call in flight is never closed, however long the call takes', async () => {
  let held: ServerResponse | undefined;
  const server = createServer((_req, res) => {
    held = res;
    res.writeHead(200);
    res.write('first part');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { u, clock } = upstreams();
  try {
    const a = u.get(origin + '/slow', 5000, LOOPBACK);
    const other = u.get(origin + '/other', 5000, LOOPBACK);
    const { body } = await a.pool.request({ path: '/slow', method: 'GET' });
    const chunks: Buffer[] = [];
    body.on('data', (c: Buffer) => chunks.push(c));
    clock.ms = IDLE * 10;
    await u.prune();
    assert.deepEqual(urls(u).sort(), [origin + '/other', origin + '/slow'], 'nothing at a busy origin is forgotten');
    assert.equal(a.pool.closed, false);
    held?.end(' and the rest');
    await new Promise((r) => body.once('end', r));
    assert.equal(Buffer.concat(chunks).toString(), 'first part and the rest');
    await u.prune();
    assert.deepEqual(urls(u), []);
    assert.equal(other.pool.closed, true);
  } finally {
    await u.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

test('the timer prunes on its own and close() stops it', async (t) => {
  t.mock.timers.enable({ apis: ['setInterval'] });
  const clock = { ms: 0 };
  const u = new Upstreams({ now: () => clock.ms, pruneIntervalMs: 1000 });
  const prune = t.mock.method(u, 'prune');
  try {
    const a = u.get('http://127.0.0.1:9/a', 1000, LOOPBACK);
    t.mock.timers.tick(1000);
    assert.equal(prune.mock.callCount(), 1);
    assert.deepEqual(urls(u), ['http://127.0.0.1:9/a'], 'the default idle time is minutes, not a second');
    clock.ms = DEFAULT_IDLE_MS;
    t.mock.timers.tick(1000);
    await prune.mock.calls[1]?.result;
    assert.deepEqual(urls(u), []);
    assert.equal(a.pool.closed, true);
  } finally {
    await u.close();
  }
  t.mock.timers.tick(10_000);
  assert.equal(prune.mock.callCount(), 2, 'no sweep after close');
});

test('prune after close does nothing; get after close refuses new upstreams', async () => {
  const { u, clock } = upstreams();
  u.get('http://127.0.0.1:9/a', 1000, LOOPBACK);
  await u.close();
  clock.ms = IDLE * 2;
  await u.prune();
  assert.throws(() => u.get('http://127.0.0.1:9/new', 1000, LOOPBACK), /closed/);
});

test('an IP literal upstream at an internal address is refused unless that exact address was registered', async () => {
  const { u } = upstreams();
  try {
    for (const url of ['http://127.0.0.1:9/a', 'http://[::1]:9/', 'http://169.254.169.254/latest/meta-data/', 'http://10.1.2.3/', 'http://2130706433:9/', 'http://[::ffff:127.0.0.1]:9/', 'http://0x7f.1:9/']) {
      assert.throws(() => u.get(url, 1000), UnusableUpstreamError, url);
      assert.throws(() => u.get(url, 1000, ['10.9.9.9']), UnusableUpstreamError, `${url} with another address allowed`);
    }
    assert.ok(u.get('http://127.0.0.1:9/a', 1000, ['127.0.0.1']));
    assert.ok(u.get('http://2130706433:9/', 1000, ['127.0.0.1']), 'the numeric form is the same address');
    assert.ok(u.get('http://203.0.113.7/', 1000), 'a public address needs no allowance');
  } finally {
    await u.close();
  }
});

test('a name is resolved on every new connection and refused when it leads to an internal address not registered (DNS rebinding)', async () => {
  const server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const { u } = upstreams();
  try {
    const refused = u.get(`http://localhost:${port}/`, 1000);
    await assert.rejects(refused.pool.request({ method: 'GET', path: '/' }), (e: NodeJS.ErrnoException) => e.code === 'ERR_UPSTREAM_INTERNAL_ADDRESS');
    const allowed = u.get(`http://localhost:${port}/`, 1000, ['127.0.0.1', '::1']);
    assert.notEqual(allowed.pool, refused.pool, 'another allowance is another pool');
    const res = await allowed.pool.request({ method: 'GET', path: '/' });
    assert.equal(await res.body.text(), 'ok');
  } finally {
    await u.close();
    server.close();
  }
});

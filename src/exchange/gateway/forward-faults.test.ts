import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { createForwarder } from './forward.ts';
import { call, closeServer, f, front, listen, PATH, serviceEntry, use, useForwardHarness, waitFor } from './forward.test-support.ts';

// Upstream faults — timeouts, resets, redirects, malformed answers — and the circuit breaker.
useForwardHarness();

test('timeout waiting for the head → Server.ServerProxy.ServiceFailed.Timeout', async () => {
  // undici's head and body timers tick every ~0.5 s, so a 100 ms timeout fires within about 1.5 s.
  use((_req, res) => void setTimeout(() => res.end('late'), 3000).unref(), serviceEntry({ timeoutMs: 100 }));
  const started = Date.now();
  const r = await call(f.url, PATH + '/slow');
  assert.equal(r.status, 504);
  assert.equal(r.headers['x-road-error'], 'Server.ServerProxy.ServiceFailed.Timeout');
  assert.ok(Date.now() - started < 2500);
  assert.ok(f.last?.x.requestHash, 'the request hash is known even when the call fails');
});

test('a slow body beyond the timeout: a clean error while nothing was sent, a cut connection after', async () => {
  // One chunk, then silence: the chunk is held back, so the client gets a proper error.
  use((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.write('first');
  }, serviceEntry({ timeoutMs: 150 }));
  const r = await call(f.url, PATH + '/trickle');
  assert.equal(r.status, 504);
  assert.equal(r.headers['x-road-error'], 'Server.ServerProxy.ServiceFailed.Timeout');

  // Two chunks, then silence: the head and the first chunk already left, so the connection is cut.
  use((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.write('first');
    setTimeout(() => res.write('second'), 20);
  }, serviceEntry({ timeoutMs: 150 }));
  await assert.rejects(call(f.url, PATH + '/trickle'));
  await waitFor(() => f.last !== undefined);
  assert.equal(f.last?.x.status, 200);
  assert.equal(f.last?.x.errorType, 'Server.ServerProxy.ServiceFailed.Timeout');
  assert.equal(f.last?.x.responseHash, undefined, 'an incomplete answer has no response hash');
});

test('connection reset before the answer → Server.ClientProxy.NetworkError', async () => {
  use((req) => req.socket.destroy());
  const r = await call(f.url, PATH + '/reset');
  assert.equal(r.status, 502);
  assert.equal(r.headers['x-road-error'], 'Server.ClientProxy.NetworkError');
});

test('reset mid-body: ServiceFailed while nothing was sent; a cut connection and errorType after', async () => {
  use((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '100' });
    res.write('partial');
    setTimeout(() => res.socket?.destroy(), 20);
  });
  const r = await call(f.url, PATH + '/reset-mid');
  assert.equal(r.status, 502);
  assert.equal(r.headers['x-road-error'], 'Server.ServerProxy.ServiceFailed');

  use((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '100' });
    res.write('one');
    setTimeout(() => res.write('two'), 10);
    setTimeout(() => res.socket?.destroy(), 40);
  });
  await assert.rejects(call(f.url, PATH + '/reset-mid'));
  await waitFor(() => f.last !== undefined);
  assert.equal(f.last?.x.status, 200);
  assert.equal(f.last?.x.errorType, 'Server.ServerProxy.ServiceFailed');
});

test('a redirect is never followed: it passes to the consumer unmodified (PR-REST §4.4), as does 304', async () => {
  let elsewhere = 0;
  const other = createServer((_req, res) => {
    elsewhere++;
    res.end('secret');
  });
  const otherPort = await listen(other);
  try {
    for (const status of [301, 302, 303, 307, 308]) {
      use((_req, res) => {
        res.writeHead(status, { Location: `http://127.0.0.1:${otherPort}/steal` });
        res.end();
      });
      const r = await call(f.url, PATH + '/moved');
      assert.equal(r.status, status);
      assert.equal(r.headers['x-road-error'], undefined);
      assert.equal(r.headers['location'], `http://127.0.0.1:${otherPort}/steal`);
      assert.equal(f.last?.x.errorType, undefined);
    }
    assert.equal(elsewhere, 0);
    use((_req, res) => {
      res.writeHead(304, { ETag: '"v1"' });
      res.end();
    });
    const r = await call(f.url, PATH + '/cached', { headers: { 'If-None-Match': '"v1"' } });
    assert.equal(r.status, 304);
    assert.equal(r.headers['etag'], '"v1"');
  } finally {
    await closeServer(other);
  }
});

test('a malformed answer (a control character in a header) is ServiceFailed, not our fault', async () => {
  const raw = createNetServer((socket) => {
    socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nX-Bad: a\x01b\r\nContent-Length: 2\r\n\r\nok'));
  });
  await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
  try {
    use((_req, res) => res.end(), serviceEntry({ upstreamUrl: `http://127.0.0.1:${(raw.address() as AddressInfo).port}` }));
    const r = await call(f.url, PATH + '/x');
    assert.equal(r.status, 502);
    assert.equal(r.headers['x-road-error'], 'Server.ServerProxy.ServiceFailed');
    assert.equal(r.headers['x-bad'], undefined);
  } finally {
    await new Promise<void>((resolve) => raw.close(() => resolve()));
  }
});

test('a misconfigured upstream URL is a ServiceFailed answer, not a crash', async () => {
  use((_req, res) => res.end(), serviceEntry({ upstreamUrl: 'ftp://example.org/x' }));
  const r = await call(f.url, PATH + '/x');
  assert.equal(r.status, 502);
  assert.equal(r.headers['x-road-error'], 'Server.ServerProxy.ServiceFailed');
});

test('upstream down → NetworkError, then the breaker opens, half-opens after openMs for ONE trial, and closes on success', async () => {
  // A port that is closed now and will be opened later.
  const probe = createServer();
  const port = await listen(probe);
  await closeServer(probe);

  let now = 0;
  const changes: string[] = [];
  const forwarder = createForwarder({ breaker: { failureThreshold: 2, openMs: 1000 }, now: () => now, metrics: { setBreakerState: (u, s) => changes.push(`${u} ${s}`) } });
  const service = serviceEntry({ upstreamUrl: `http://127.0.0.1:${port}/api` });
  const g = await front(forwarder, () => service);
  try {
    for (let i = 0; i < 2; i++) {
      const r = await call(g.url, PATH + '/p');
      assert.equal(r.status, 502);
      assert.equal(r.headers['x-road-error'], 'Server.ClientProxy.NetworkError');
    }
    assert.deepEqual(forwarder.breakerStates(), [{ upstream: service.service.upstreamUrl, state: 'open', consecutiveFailures: 2, retryAtMs: 1000 }]);

    // The upstream comes back, but the breaker is open: no attempt is made.
    let hits = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const back = createServer((_req, res) => {
      hits++;
      void gate.then(() => res.end('back'));
    });
    await new Promise<void>((resolve) => back.listen(port, '127.0.0.1', resolve));
    try {
      let r = await call(g.url, PATH + '/p');
      assert.equal(r.status, 503);
      assert.equal(r.headers['x-road-error'], 'Server.ServerProxy.ServiceFailed.CircuitOpen');
      assert.equal(hits, 0);

      // openMs later: one trial goes through; a second call meanwhile is still refused.
      now = 1000;
      const trial = call(g.url, PATH + '/p');
      await waitFor(() => hits === 1);
      assert.equal(forwarder.breakerStates()[0]?.state, 'half-open');
      r = await call(g.url, PATH + '/p');
      assert.equal(r.headers['x-road-error'], 'Server.ServerProxy.ServiceFailed.CircuitOpen');
      release();
      r = await trial;
      assert.equal(r.status, 200);
      assert.equal(r.body.toString(), 'back');
      assert.equal(forwarder.breakerStates()[0]?.state, 'closed');
      r = await call(g.url, PATH + '/p');
      assert.equal(r.status, 200);
      assert.equal(hits, 2);
      assert.deepEqual(
        changes.map((c) => c.split(' ')[1]),
        ['closed', 'open', 'half-open', 'closed'],
      );
    } finally {
      await closeServer(back);
    }
  } finally {
    await g.close();
  }
});

test('one consumer cannot trip the breaker for all: 5xx answers pass on unchanged and do not count', async () => {
  const forwarder = createForwarder({ breaker: { failureThreshold: 2, openMs: 1000 }, now: () => 0 });
  // The provider fails on whatever the first consumer sends, and serves the second one.
  const local = createServer((req, res) => {
    res.statusCode = req.headers['x-road-client'] === 'IR/GOV/1111/app' ? 500 : 200;
    res.end(String(res.statusCode));
  });
  const port = await listen(local);
  const g = await front(forwarder, () => serviceEntry({ upstreamUrl: `http://127.0.0.1:${port}` }));
  try {
    for (let i = 0; i < 10; i++) {
      const r = await call(g.url, PATH);
      assert.equal(r.status, 500);
      assert.equal(r.headers['x-road-error'], undefined, 'the provider answer, not a gateway error');
      assert.equal(r.body.toString(), '500');
    }
    assert.deepEqual(forwarder.breakerStates()[0], { upstream: `http://127.0.0.1:${port}`, state: 'closed', consecutiveFailures: 0 });
    const other = await call(g.url, PATH, { headers: { 'X-Road-Client': 'IR/GOV/3333/other' } });
    assert.equal(other.status, 200);
    assert.equal(other.body.toString(), '200');
  } finally {
    await g.close();
    await closeServer(local);
  }
});

test('transport failures and timeouts still open the breaker, for every consumer', async () => {
  const forwarder = createForwarder({ breaker: { failureThreshold: 2, openMs: 1000 }, now: () => 0 });
  let mode: 'reset' | 'hang' | 'ok' = 'reset';
  const local = createServer((req, res) => {
    if (mode === 'reset') req.socket.destroy();
    else if (mode === 'ok') res.end('ok');
    // 'hang': never answers, so the call times out.
  });
  const port = await listen(local);
  const g = await front(forwarder, () => serviceEntry({ upstreamUrl: `http://127.0.0.1:${port}`, timeoutMs: 100 }));
  try {
    assert.equal((await call(g.url, PATH)).headers['x-road-error'], 'Server.ClientProxy.NetworkError');
    mode = 'hang';
    assert.equal((await call(g.url, PATH)).headers['x-road-error'], 'Server.ServerProxy.ServiceFailed.Timeout');
    assert.equal(forwarder.breakerStates()[0]?.state, 'open');
    mode = 'ok';
    const other = await call(g.url, PATH, { headers: { 'X-Road-Client': 'IR/GOV/3333/other' } });
    assert.equal(other.headers['x-road-error'], 'Server.ServerProxy.ServiceFailed.CircuitOpen');
  } finally {
    await g.close();
    await closeServer(local);
  }
});

import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { createForwarder, upstreamErrorType, upstreamPath, type Forwarder } from './forward.ts';
import { GatewayError, type Exchange } from './exchange.ts';
import { headersFromRaw, forwardRequestHeaders } from '../protocol/headers.ts';
import { createMessageHasher, requestHash, serializeResponseHead } from '../protocol/hash.ts';
import { parseR1Target } from '../protocol/identifiers.ts';
import { xroadErrorStatus } from '../protocol/errors.ts';
import type { ServiceEntry, SubsystemEntry } from '../snapshot.ts';

// ---------------------------------------------------------------------------------------------
// A tiny upstream whose behaviour each test sets, and a front server that runs the step the way
// the pipeline does: build x, run forward, then end the response with x.finalChunk.

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

const upstream = { handler: (() => {}) as Handler, hits: 0, port: 0, server: undefined as Server | undefined };

const consumer = {
  id: { instance: 'IR', memberClass: 'GOV', memberCode: '1111', subsystemCode: 'app' },
  key: 'IR/GOV/1111/app',
} as unknown as SubsystemEntry;

function serviceEntry(over: Partial<{ upstreamUrl: string; timeoutMs: number; maxBodyBytes: number }> = {}): ServiceEntry {
  return {
    service: { upstreamUrl: `http://127.0.0.1:${upstream.port}/api/v1/`, timeoutMs: 2000, maxBodyBytes: 1_000_000, ...over },
    id: { instance: 'IR', memberClass: 'GOV', memberCode: '2222', subsystemCode: 'reg', serviceCode: 'person' },
    key: 'IR/GOV/2222/reg/person',
  } as unknown as ServiceEntry;
}

interface Front {
  url: string;
  forwarder: Forwarder;
  /** The last call's state after the step, and whether the step left the response open. */
  last?: { x: Exchange; error?: unknown; leftOpen: boolean };
  service: ServiceEntry;
  close(): Promise<void>;
}

async function front(forwarder: Forwarder, service: () => ServiceEntry): Promise<Front> {
  const f = { forwarder } as Front;
  const server = createServer((req, res) => {
    const x: Exchange = {
      req,
      res,
      messageId: 'msg-' + randomUUID(),
      requestId: randomUUID(),
      receivedAt: new Date(),
      startedNs: process.hrtime.bigint(),
      snapshot: undefined as never,
      headers: headersFromRaw(req.rawHeaders),
      consumer,
      service: service(),
    };
    const t = parseR1Target(req.url ?? '');
    assert.ok(t.ok);
    x.target = t.value;
    Promise.resolve(forwarder.step(x)).then(
      () => {
        f.last = { x, leftOpen: !res.writableEnded };
        res.end(x.finalChunk);
      },
      (error: unknown) => {
        f.last = { x, error, leftOpen: !res.writableEnded };
        if (res.headersSent) return void res.destroy();
        const type = error instanceof GatewayError ? error.type : 'Server.ClientProxy.InternalError';
        const extra = error instanceof GatewayError ? error.headers : {};
        res.writeHead(xroadErrorStatus(type), { 'content-type': 'application/json', 'x-road-error': type, ...extra });
        res.end(JSON.stringify({ type }));
      },
    );
  });
  const port = await listen(server);
  f.url = `http://127.0.0.1:${port}`;
  f.close = async () => {
    await closeServer(server);
    await forwarder.close();
  };
  return f;
}

interface Reply {
  status: number;
  headers: IncomingMessage['headers'];
  rawHeaders: string[];
  body: Buffer;
}

/** A plain HTTP client on a fresh connection; rejects when the gateway cuts the connection. */
function call(base: string, path: string, o: { method?: string; headers?: Record<string, string>; body?: Buffer | Buffer[]; beforeRest?: Promise<void> } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(base + path, { method: o.method ?? 'GET', headers: { 'X-Road-Client': 'IR/GOV/1111/app', ...o.headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
      res.on('error', reject);
      res.on('aborted', () => reject(new Error('response aborted')));
    });
    req.on('error', reject);
    if (Array.isArray(o.body)) {
      const [first, ...rest] = o.body;
      req.write(first);
      void (o.beforeRest ?? Promise.resolve()).then(() => {
        for (const c of rest) req.write(c);
        req.end();
      });
    } else req.end(o.body);
  });
}

const PATH = '/r1/IR/GOV/2222/reg/person';
let f: Front;
const clock = 0;

before(async () => {
  upstream.server = createServer((req, res) => {
    upstream.hits++;
    upstream.handler(req, res);
  });
  upstream.port = await listen(upstream.server);
  f = await front(createForwarder({ maxConnectionsPerUpstream: 4, breaker: { failureThreshold: 1000, openMs: 1000 }, now: () => clock }), () => f.service);
  f.service = serviceEntry();
});

after(async () => {
  await f.close();
  if (upstream.server) await closeServer(upstream.server);
});

function use(handler: Handler, service = serviceEntry()): void {
  upstream.handler = handler;
  upstream.hits = 0;
  f.service = service;
  f.last = undefined;
}

// ---------------------------------------------------------------------------------------------

test('upstreamPath: base path + provider path + query, never decoded, never escaping the base', () => {
  assert.equal(upstreamPath('/api/v1', '/persons/%D9%85%20x', 'b=2&a=%201'), '/api/v1/persons/%D9%85%20x?b=2&a=%201');
  assert.equal(upstreamPath('', '', undefined), '/');
  assert.equal(upstreamPath('/api', '', ''), '/api?');
  for (const bad of ['/../admin', '/a/./b', '/a/..', '/a%2Fb', '/a%5cb', '/a\\b', 'relative']) {
    assert.throws(() => upstreamPath('/api', bad, undefined), (e) => e instanceof GatewayError && e.type === 'Client.BadRequest', bad);
  }
});

test('upstreamErrorType: only upstream failures are blamed on the upstream', () => {
  assert.equal(upstreamErrorType(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), false), 'Server.ClientProxy.NetworkError');
  assert.equal(upstreamErrorType(Object.assign(new Error('x'), { code: 'UND_ERR_SOCKET' }), true), 'Server.ServerProxy.ServiceFailed');
  assert.equal(upstreamErrorType(Object.assign(new Error('x'), { code: 'UND_ERR_BODY_TIMEOUT' }), true), 'Server.ServerProxy.ServiceFailed.Timeout');
  assert.equal(upstreamErrorType(Object.assign(new Error('x'), { name: 'HTTPParserError' }), false), 'Server.ServerProxy.ServiceFailed');
  assert.equal(upstreamErrorType(new TypeError('a bug of ours'), false), undefined);
});

test('200: status, body and headers pass through; hop-by-hop, Server and x-road-* from the provider are dropped', async () => {
  let seen: { url?: string; headers: IncomingMessage['headers'] } = { headers: {} };
  use((req, res) => {
    seen = { url: req.url, headers: req.headers };
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Set-Cookie', ['a=1', 'b=2']);
    res.setHeader('X-Custom', 'kept');
    res.setHeader('Server', 'upstream/1.0');
    res.setHeader('X-Road-Error', 'Server.Fake');
    res.setHeader('Keep-Alive', 'timeout=99');
    res.end('{"name":"میلاد"}');
  });
  const r = await call(f.url, PATH + '/persons/0012345678', {
    headers: { 'User-Agent': 'test-client', Connection: 'keep-alive, X-Secret', 'X-Secret': 'hop', 'X-Road-Service': 'forged', 'X-Road-UserId': 'IR0012345678', 'Cache-Control': 'no-cache', Authorization: 'Bearer gateway-token' },
  });
  assert.equal(r.status, 200);
  assert.equal(r.body.toString(), '{"name":"میلاد"}');
  assert.equal(r.headers['content-type'], 'application/json');
  assert.deepEqual(r.headers['set-cookie'], ['a=1', 'b=2']);
  assert.equal(r.headers['x-custom'], 'kept');
  assert.equal(r.headers['server'], undefined);
  assert.equal(r.headers['x-road-error'], undefined);
  assert.notEqual(r.headers['keep-alive'], 'timeout=99');
  assert.equal(r.headers['x-road-client'], 'IR/GOV/1111/app');
  assert.equal(r.headers['x-road-service'], 'IR/GOV/2222/reg/person');
  assert.ok(f.last);
  const { x } = f.last;
  assert.equal(f.last.leftOpen, true, 'forward never ends the response');
  assert.equal(r.headers['x-road-id'], x.messageId);
  assert.equal(r.headers['x-road-request-id'], x.requestId);
  assert.equal(r.headers['x-road-request-hash'], x.requestHash);
  assert.equal(x.status, 200);
  assert.equal(x.errorType, undefined);
  assert.equal(x.finalChunk?.toString(), '{"name":"میلاد"}', 'a one-chunk answer is held back whole');

  // What the provider saw.
  assert.equal(seen.url, '/api/v1/persons/0012345678');
  assert.equal(seen.headers.host, `127.0.0.1:${upstream.port}`, 'Host is the upstream’s, not the client’s');
  assert.equal(seen.headers['user-agent'], undefined);
  assert.equal(seen.headers['x-secret'], undefined);
  assert.equal(seen.headers['x-road-service'], undefined);
  assert.equal(seen.headers['authorization'], undefined);
  assert.equal(seen.headers['x-road-userid'], 'IR0012345678');
  assert.equal(seen.headers['cache-control'], 'no-cache');
  assert.equal(seen.headers['accept'], 'application/json', 'default Accept');
  assert.equal(seen.headers['x-road-client'], 'IR/GOV/1111/app');
  assert.equal(seen.headers['x-road-id'], x.messageId);
  assert.equal(seen.headers['x-road-request-id'], x.requestId);

  // Request hash over the headers the provider received; response hash over what the client got.
  const forwarded = forwardRequestHeaders(x.headers, { client: consumer.id, messageId: x.messageId, requestId: x.requestId });
  assert.ok(forwarded.ok);
  assert.equal(x.requestHash, requestHash('GET', PATH + '/persons/0012345678', forwarded.value));
  const sent = headersFromRaw(r.rawHeaders).filter(([n]) => !/^(connection|keep-alive|transfer-encoding)$/i.test(n));
  const hasher = createMessageHasher(serializeResponseHead(200, sent));
  hasher.update(r.body);
  assert.equal(x.responseHash, hasher.digest());
});

test('404 and 500 from the provider pass through unchanged, with no X-Road-Error', async () => {
  for (const status of [404, 500]) {
    use((_req, res) => {
      res.writeHead(status, { 'Content-Type': 'application/problem+json', 'X-Trace': 't' + status });
      res.end(JSON.stringify({ status, detail: 'provider says no' }));
    });
    const r = await call(f.url, PATH + '/persons/1');
    assert.equal(r.status, status);
    assert.deepEqual(JSON.parse(r.body.toString()), { status, detail: 'provider says no' });
    assert.equal(r.headers['content-type'], 'application/problem+json');
    assert.equal(r.headers['x-trace'], 't' + status);
    assert.equal(r.headers['x-road-error'], undefined);
    assert.equal(f.last?.x.status, status);
    assert.equal(f.last?.x.errorType, undefined);
  }
});

test('the encoded provider path and the query reach the upstream exactly as sent', async () => {
  let url: string | undefined;
  use((req, res) => {
    url = req.url;
    res.end();
  });
  const r = await call(f.url, PATH + '/persons/%D9%85%DB%8C%D9%84%D8%A7%D8%AF%20x/a+b?b=2&a=%201&c=%D9%85&d');
  assert.equal(r.status, 200);
  assert.equal(url, '/api/v1/persons/%D9%85%DB%8C%D9%84%D8%A7%D8%AF%20x/a+b?b=2&a=%201&c=%D9%85&d');
  assert.equal(f.last?.x.finalChunk?.length, 0, 'an empty body leaves an empty final chunk');

  use((req, res) => {
    url = req.url;
    res.end('root');
  }, serviceEntry({ upstreamUrl: `http://127.0.0.1:${upstream.port}` }));
  await call(f.url, PATH);
  assert.equal(url, '/');
});

test('the request body is streamed (the upstream reads before the client has finished) and hashed', async () => {
  let firstChunkArrived!: () => void;
  const arrived = new Promise<void>((resolve) => (firstChunkArrived = resolve));
  use((req, res) => {
    const hash = createHash('sha256');
    let n = 0;
    req.on('data', (c: Buffer) => {
      if (n === 0) firstChunkArrived();
      n += c.length;
      hash.update(c);
    });
    req.on('end', () => res.end(JSON.stringify({ n, sha256: hash.digest('hex'), te: req.headers['transfer-encoding'] ?? null })));
  });
  const parts = [Buffer.alloc(70_000, 'a'), Buffer.alloc(50_000, 'b'), Buffer.from('{"end":"پایان"}')];
  const whole = Buffer.concat(parts);
  // The client sends the rest only once the upstream has the first part: a buffering gateway would deadlock here.
  const r = await call(f.url, PATH + '/upload?x=1', { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: parts, beforeRest: arrived });
  assert.equal(r.status, 200);
  const got = JSON.parse(r.body.toString()) as { n: number; sha256: string; te: string | null };
  assert.equal(got.n, whole.length);
  assert.equal(got.sha256, createHash('sha256').update(whole).digest('hex'));
  assert.equal(got.te, 'chunked');
  const x = f.last?.x;
  assert.ok(x);
  const forwarded = forwardRequestHeaders(x.headers, { client: consumer.id, messageId: x.messageId, requestId: x.requestId });
  assert.ok(forwarded.ok);
  assert.equal(x.requestHash, requestHash('POST', PATH + '/upload?x=1', forwarded.value, whole));
  assert.equal(r.headers['x-road-request-hash'], x.requestHash);
});

test('with Content-Length, the body is forwarded with it', async () => {
  use((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => res.end(`${req.headers['content-length']}:${Buffer.concat(chunks).toString()}`));
  });
  const r = await call(f.url, PATH + '/x', { method: 'PUT', body: Buffer.from('{"a":1}') });
  assert.equal(r.body.toString(), '7:{"a":1}');
});

test('oversize: a Content-Length above the limit is refused before anything is sent', async () => {
  use((_req, res) => res.end('should not be called'), serviceEntry({ maxBodyBytes: 1000 }));
  const r = await call(f.url, PATH + '/upload', { method: 'POST', body: Buffer.alloc(2000) });
  assert.equal(r.status, 413);
  assert.equal(r.headers['x-road-error'], 'Client.RequestTooLarge');
  assert.equal(upstream.hits, 0);
});

test('oversize: a chunked body that grows past the limit aborts the upstream request', async () => {
  let upstreamAborted!: () => void;
  const aborted = new Promise<void>((resolve) => (upstreamAborted = resolve));
  let started!: () => void;
  const upstreamReading = new Promise<void>((resolve) => (started = resolve));
  use((req, res) => {
    req.on('data', () => started());
    req.on('error', () => upstreamAborted());
    req.on('close', () => {
      if (!req.complete) upstreamAborted();
    });
    req.on('end', () => res.end('complete?'));
  }, serviceEntry({ maxBodyBytes: 1000 }));
  // The first 600 bytes reach the upstream; the next 600 cross the limit.
  const r = await call(f.url, PATH + '/upload', { method: 'POST', body: [Buffer.alloc(600), Buffer.alloc(600), Buffer.alloc(600)], beforeRest: upstreamReading });
  assert.equal(r.status, 413);
  assert.equal(r.headers['x-road-error'], 'Client.RequestTooLarge');
  assert.equal(r.headers['connection'], 'close');
  await aborted;
});

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

test('a redirect is never followed (ServiceFailed); 304 passes through', async () => {
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
      assert.equal(r.status, 502, String(status));
      assert.equal(r.headers['x-road-error'], 'Server.ServerProxy.ServiceFailed');
      assert.equal(r.headers['location'], undefined);
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

test('a large answer streams to the client with backpressure, hashed, last chunk held back', async () => {
  const chunk = Buffer.alloc(64 * 1024, 'z');
  use((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
    let i = 0;
    const more = () => {
      while (i < 64) {
        i++;
        if (!res.write(chunk)) return void res.once('drain', more);
      }
      res.end('tail');
    };
    more();
  });
  const r = await call(f.url, PATH + '/big');
  assert.equal(r.status, 200);
  assert.equal(r.body.length, 64 * chunk.length + 4);
  assert.equal(r.body.subarray(-4).toString(), 'tail');
  const x = f.last?.x;
  assert.ok(x?.finalChunk && x.finalChunk.length > 0);
  // The response hash: status + the headers sent (minus what Node adds itself) + the body.
  const sent = headersFromRaw(r.rawHeaders).filter(([n]) => !/^(connection|keep-alive|transfer-encoding)$/i.test(n));
  const hasher = createMessageHasher(serializeResponseHead(200, sent));
  hasher.update(r.body);
  assert.equal(x.responseHash, hasher.digest());
});

test('a client that goes away mid-answer: the upstream request is abandoned, nothing crashes', async () => {
  let upstreamClosed!: () => void;
  const closed = new Promise<void>((resolve) => (upstreamClosed = resolve));
  use((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    const timer = setInterval(() => res.write(Buffer.alloc(16 * 1024, 'q')), 10);
    res.on('close', () => {
      clearInterval(timer);
      upstreamClosed();
    });
  });
  await new Promise<void>((resolve) => {
    const req = httpRequest(f.url + PATH + '/endless', { headers: { 'X-Road-Client': 'IR/GOV/1111/app' }, agent: false }, (res) => {
      res.once('data', () => {
        req.destroy();
        resolve();
      });
    });
    req.on('error', () => {});
    req.end();
  });
  await closed;
  await waitFor(() => f.last !== undefined);
  assert.equal(f.last?.error, undefined);
  assert.equal(f.last?.x.status, 200);
  assert.equal(f.last?.x.finalChunk?.length, 0);
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

async function waitFor(cond: () => boolean, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

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

test('5xx answers count as breaker failures; 4xx do not', async () => {
  let now = 0;
  const forwarder = createForwarder({ breaker: { failureThreshold: 2, openMs: 1000 }, now: () => now });
  let status = 404;
  const local = createServer((_req, res) => {
    res.statusCode = status;
    res.end('x');
  });
  const port = await listen(local);
  const g = await front(forwarder, () => serviceEntry({ upstreamUrl: `http://127.0.0.1:${port}` }));
  try {
    for (let i = 0; i < 3; i++) assert.equal((await call(g.url, PATH)).status, 404);
    assert.equal(forwarder.breakerStates()[0]?.state, 'closed');
    status = 503;
    assert.equal((await call(g.url, PATH)).status, 503);
    assert.equal((await call(g.url, PATH)).status, 503);
    const r = await call(g.url, PATH);
    assert.equal(r.headers['x-road-error'], 'Server.ServerProxy.ServiceFailed.CircuitOpen');
    now = 1000;
    status = 200;
    assert.equal((await call(g.url, PATH)).status, 200);
    assert.equal(forwarder.breakerStates()[0]?.state, 'closed');
  } finally {
    await g.close();
    await closeServer(local);
  }
});

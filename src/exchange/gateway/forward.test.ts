import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { GatewayError } from './errors.ts';
import { upstreamPath } from './forward.ts';
import { upstreamErrorType } from './upstream-errors.ts';
import { forwardRequestHeaders, headersFromRaw } from '../protocol/headers.ts';
import { createMessageHasher, requestHash, serializeResponseHead } from '../protocol/hash.ts';
import { call, consumer, f, PATH, serviceEntry, upstream, use, useForwardHarness, waitFor } from './forward.test-support.ts';

// Pass-through, streaming and hashing; upstream faults and the breaker are in forward-faults.test.ts.
useForwardHarness();

test('upstreamPath: base path + provider path + query, never decoded, never escaping the base', () => {
  assert.equal(upstreamPath('/api/v1', '/persons/%D9%85%20x', 'b=2&a=%201'), '/api/v1/persons/%D9%85%20x?b=2&a=%201');
  assert.equal(upstreamPath('', '', undefined), '/');
  assert.equal(upstreamPath('/api', '', ''), '/api?');
  for (const bad of ['/../admin', '/a/./b', '/a/..', '/a%2Fb', '/a%5cb', '/a\\b', 'relative', '/a/..;/b', '/a/%2e%2e%3b/b', '/a/%252e%252e/b', '/a%252fb', '/a//b', '/a;b']) {
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
  const r = await call(f.url, PATH + '/persons/0012345679', {
    headers: { 'User-Agent': 'test-client', Connection: 'keep-alive, X-Secret', 'X-Secret': 'hop', 'X-Road-Service': 'forged', 'X-Road-UserId': 'IR0012345679', 'Cache-Control': 'no-cache', Authorization: 'Bearer gateway-token' },
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
  assert.equal(seen.url, '/api/v1/persons/0012345679');
  assert.equal(seen.headers.host, `127.0.0.1:${upstream.port}`, 'Host is the upstream’s, not the client’s');
  assert.equal(seen.headers['user-agent'], undefined);
  assert.equal(seen.headers['x-secret'], undefined);
  assert.equal(seen.headers['x-road-service'], undefined);
  assert.equal(seen.headers['authorization'], undefined);
  assert.equal(seen.headers['x-road-userid'], 'IR0012345679');
  assert.equal(seen.headers['cache-control'], 'no-cache');
  assert.equal(seen.headers['accept'], 'application/json', 'default Accept');
  assert.equal(seen.headers['x-road-client'], 'IR/GOV/1111/app');
  assert.equal(seen.headers['x-road-id'], x.messageId);
  assert.equal(seen.headers['x-road-request-id'], x.requestId);

  // Request hash over the headers the provider received; response hash over what the client got.
  const forwarded = forwardRequestHeaders(x.headers, { client: consumer.id, messageId: x.messageId, requestId: x.requestId });
  assert.ok(forwarded.ok);
  assert.equal(x.requestHash, requestHash('GET', PATH + '/persons/0012345679', forwarded.value));
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

/**
 * The gateway port's own probes: `/healthz` says the process serves, `/readyz` runs the checks
 * it was given and names the ones that fail; neither goes through the pipeline or the log. On
 * close, answers carry `Connection: close` and idle keep-alive connections are closed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { loadConfig } from '../../config/load.ts';
import type { ReadinessCheck } from '../../http/health.ts';
import { MemoryLogger, MemoryLogWriter, fakeForward, noRateLimit, secretCredentials, testSnapshot, TestSource } from '../../../test/support/gateway.ts';
import { startGateway } from './assemble.ts';
import type { Exchange } from './exchange.ts';

async function gatewayWith(readiness: readonly ReadinessCheck[], forward = fakeForward()) {
  const writer = new MemoryLogWriter();
  const logger = new MemoryLogger();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', HOST: '127.0.0.1', GATEWAY_PORT: '0', GATEWAY_SHARED_SECRETS: 'true' });
  const gateway = await startGateway({ config, source: new TestSource(testSnapshot({ credentials: secretCredentials })), writer, forward, rateLimit: noRateLimit, node: 'probe-node', logger, readiness });
  return { gateway, writer, logger };
}

async function get(url: string, method = 'GET') {
  const res = await fetch(url, { method });
  return { status: res.status, type: res.headers.get('content-type'), cache: res.headers.get('cache-control'), text: await res.text() };
}

test('/healthz and /readyz answer on the gateway port, outside the pipeline and the log', async () => {
  const { gateway, writer } = await gatewayWith([{ name: 'database', ready: () => true }]);
  try {
    const health = await get(`${gateway.url}/healthz`);
    assert.deepEqual([health.status, JSON.parse(health.text)], [200, { status: 'ok' }]);
    assert.match(String(health.type), /application\/json/);
    assert.equal(health.cache, 'no-store');
    const ready = await get(`${gateway.url}/readyz?probe=1`);
    assert.deepEqual([ready.status, JSON.parse(ready.text)], [200, { status: 'ready' }]);
    assert.equal((await get(`${gateway.url}/readyz`, 'HEAD')).status, 200);
    assert.equal(writer.records.length, 0, 'probes are not exchange calls');
    // Other methods and paths stay the protocol's.
    assert.notEqual((await get(`${gateway.url}/readyz`, 'POST')).status, 200);
  } finally {
    await gateway.close();
  }
});

test('/readyz is 503 naming each failing check: false, thrown, or no answer in time', async () => {
  const { gateway, logger } = await gatewayWith([
    { name: 'configuration', ready: () => true },
    { name: 'database', ready: () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.5:5432 password=secret')) },
    { name: 'exchange-log', ready: () => false },
    { name: 'slow', ready: () => new Promise<boolean>(() => {}) },
  ]);
  try {
    const started = Date.now();
    const r = await get(`${gateway.url}/readyz`);
    assert.equal(r.status, 503);
    assert.deepEqual(JSON.parse(r.text), { status: 'not ready', failed: ['database', 'exchange-log', 'slow'] });
    assert.ok(!r.text.includes('secret') && !r.text.includes('10.0.0.5'), 'the reason stays in the log');
    assert.ok(Date.now() - started < 5000, 'a check that does not answer is bounded');
    assert.ok(logger.lines.some((l) => l.msg === 'gateway readiness check failed'), JSON.stringify(logger.lines));
    assert.equal((await get(`${gateway.url}/healthz`)).status, 200, 'alive, though not ready');
  } finally {
    await gateway.close();
  }
});

test('closing: readiness turns 503, the answer in flight says Connection: close, and close() does not wait for keep-alive', async () => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let arrived!: () => void;
  const inFlight = new Promise<void>((resolve) => (arrived = resolve));
  const slow = fakeForward();
  const forward = async (x: Exchange) => {
    arrived();
    await held;
    return slow(x);
  };
  const { gateway } = await gatewayWith([], forward);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  try {
    const url = new URL(gateway.url);
    const ask = (path: string) =>
      new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
        http
          .get({ host: url.hostname, port: url.port, path, agent, headers: { 'X-Road-Client': 'IR/GOV/HEALTH/insurance', 'X-OneWindow-Client-Secret': 'health-demo-secret' } }, (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
          })
          .on('error', reject);
      });
    // One idle keep-alive connection, and one call held in the forward step.
    assert.equal((await ask('/healthz')).connection, 'keep-alive');
    const call = ask('/r1/IR/GOV/CIVIL/registry/persons/persons/0012345679');
    await Promise.race([inFlight, call.then((r) => assert.fail(`answered before forwarding: ${r.status} ${r.body}`))]);
    const started = Date.now();
    const closed = gateway.close();
    const ready = await new Promise<number>((resolve) => http.get(`${gateway.url}/readyz`, (res) => resolve(res.statusCode ?? 0)).on('error', () => resolve(0)));
    assert.notEqual(ready, 200, 'no new connection is ready once closing');
    release();
    const answer = await call;
    assert.equal(answer.connection, 'close', answer.body);
    await closed;
    assert.ok(Date.now() - started < 2000, `closed in ${Date.now() - started} ms`);
  } finally {
    agent.destroy();
    await gateway.close();
  }
});

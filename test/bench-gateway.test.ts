// Smoke test of the gateway benchmark's machinery (bench/gateway): its children start, the
// load generator's two modes count what they send, CPU is read from /proc, and — on
// PostgreSQL — the OneWindow contender's configuration really lets the benchmark's call through.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { askChild, cpuUs, runLoad, startNodeChild, type NodeChild } from '../bench/gateway/processes.ts';

describe('gateway benchmark machinery', () => {
  let load: NodeChild;
  let upstream: NodeChild;
  let proxy: NodeChild;
  before(async () => {
    [load, upstream] = await Promise.all([startNodeChild('load.ts', [], 0), startNodeChild('upstream.ts', [], 0)]);
    proxy = await startNodeChild('proxy-undici.ts', [`--upstream=http://127.0.0.1:${upstream.port}`], 1);
  });
  after(async () => {
    await Promise.all([proxy, upstream, load].filter(Boolean).map((c) => c.stop()));
  });

  test('saturation and a fixed rate through the bare proxy, with the proxy’s CPU time', async () => {
    const target = { origin: `http://127.0.0.1:${proxy.port}`, path: '/persons/0012345679', headers: {} };
    const before = cpuUs([proxy.pid]);
    const saturated = await runLoad(load, { kind: 'saturate', connections: 4, seconds: 1, ...target });
    assert.ok(saturated.ok > 20, `only ${saturated.ok} answers`);
    assert.equal(saturated.failed, 0);
    assert.ok(saturated.p50 > 0 && saturated.p99 >= saturated.p50);
    assert.ok(cpuUs([proxy.pid]) > before, 'the proxy used CPU time');

    const fixed = await runLoad(load, { kind: 'rate', rate: 200, seconds: 0.5, connections: 4, ...target });
    assert.equal(fixed.ok, 100, 'an open loop sends exactly rate × seconds requests');
    assert.equal(fixed.failed, 0);
    assert.ok(fixed.p99 >= fixed.p50 && fixed.p50 > 0);

    const missing = await runLoad(load, { kind: 'rate', rate: 100, seconds: 0.2, connections: 2, ...target, path: '/nothing' });
    assert.deepEqual([missing.ok, missing.failed], [0, 20], 'non-2xx answers count as failed');
  });

  test('the OneWindow contender answers the benchmark’s call through the whole pipeline', { skip: !process.env.TEST_DATABASE_URL && 'needs TEST_DATABASE_URL' }, async () => {
    const gateway = await startNodeChild('onewindow.ts', [`--upstream=http://127.0.0.1:${upstream.port}`, '--mode=durable'], 1, { timeoutMs: 60_000 });
    try {
      const request = await askChild<{ path: string; headers: Record<string, string> }>(gateway, 'request');
      const response = await fetch(`http://127.0.0.1:${gateway.port}${request.path}`, { headers: request.headers });
      assert.equal(response.status, 200, await response.clone().text());
      assert.equal(((await response.json()) as { alive: boolean }).alive, true);
      assert.ok(response.headers.get('x-road-request-hash'));
      const unsigned = await fetch(`http://127.0.0.1:${gateway.port}${request.path}`, { headers: { ...request.headers, authorization: 'Bearer x.y.z' } });
      assert.equal(unsigned.status, 401);
      assert.ok((await askChild<number[]>(gateway, 'pids')).length > 0, 'the database backends are found');
    } finally {
      await gateway.stop();
    }
  });
});

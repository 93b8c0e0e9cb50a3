import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { RedisRateLimiter } from './redis-limiter.ts';
import { LocalRateLimiter } from './local-limiter.ts';
import { createRateLimiter } from './index.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `onewindow-test:{rl-${randomUUID()}}:`;
const admin = new Redis(REDIS_URL, { lazyConnect: true });

after(async () => {
  const keys = await admin.keys(prefix.replace(/[{}]/g, '\\$&') + '*');
  if (keys.length > 0) await admin.del(...keys);
  await admin.quit();
});

async function connected(options: Partial<ConstructorParameters<typeof RedisRateLimiter>[0]> = {}): Promise<RedisRateLimiter> {
  const limiter = new RedisRateLimiter({ url: REDIS_URL, keyPrefix: prefix, ...options });
  assert.equal(await limiter.ready(2000), true, `Redis at ${REDIS_URL} is needed for this test`);
  return limiter;
}

test('a burst passes, the next call is refused with Retry-After', async () => {
  const limiter = await connected();
  try {
    for (let i = 0; i < 3; i++) assert.deepEqual(await limiter.take('burst', 1, 3), { ok: true });
    assert.deepEqual(await limiter.take('burst', 1, 3), { ok: false, retryAfterSeconds: 1 });
    assert.deepEqual(await limiter.take('burst', 0.1, 3), { ok: false, retryAfterSeconds: 10 }, 'Retry-After follows the rate');
    const ttl = await admin.pttl(prefix + 'burst');
    assert.ok(ttl > 0 && ttl <= 31_000, `the bucket expires once refilled (pttl ${ttl})`);
  } finally {
    await limiter.close();
  }
});

test('two nodes share the buckets', async () => {
  const a = await connected();
  const b = await connected();
  try {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).take('shared', 0.001, 6)));
    assert.equal(results.filter((r) => r.ok).length, 6);
  } finally {
    await a.close();
    await b.close();
  }
});

test('takeAll: one round trip, every bucket or none', async () => {
  const limiter = await connected();
  const call = (consumer: string, quota?: number) => [
    { key: consumer, ratePerSecond: 0.001, burst: 5 },
    { key: 's:svc', ratePerSecond: 0.5, burst: 1 },
    ...(quota ? [{ key: `r:${consumer}`, ratePerSecond: 0.001, burst: quota }] : []),
  ];
  try {
    assert.deepEqual(await limiter.takeAll(call('c:one', 3)), { ok: true });
    assert.deepEqual(await limiter.takeAll(call('c:one', 3)), { ok: false, retryAfterSeconds: 2 });
    const consumer = await admin.hget(prefix + 'c:one', 'tk');
    assert.ok(Math.abs(Number(consumer) - 4) < 0.01, `the consumer paid once, not twice (${consumer})`);
    const quota = await admin.hget(prefix + 'r:c:one', 'tk');
    assert.ok(Math.abs(Number(quota) - 2) < 0.01, `the right's quota paid once, not twice (${quota})`);
    // Another consumer is refused by the same service bucket.
    assert.equal((await limiter.takeAll(call('c:two'))).ok, false);
    assert.equal(await admin.exists(prefix + 'c:two'), 0, 'a refused call writes nothing');
  } finally {
    await limiter.close();
  }
});

test('the script is reloaded after SCRIPT FLUSH (EVALSHA falls back to EVAL)', async () => {
  const limiter = await connected();
  try {
    await limiter.take('flush', 1, 10);
    await admin.script('FLUSH');
    assert.deepEqual(await limiter.take('flush', 1, 10), { ok: true });
    assert.equal(limiter.degraded, false);
  } finally {
    await limiter.close();
  }
});

test('Redis unreachable: fails open to the local limiter, warning once', async () => {
  // A port that was open a moment ago and is now closed.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));

  const warnings: string[] = [];
  const fallback = new LocalRateLimiter();
  const limiter = new RedisRateLimiter({ url: `redis://127.0.0.1:${port}`, keyPrefix: prefix, fallback, warn: (_d, message) => warnings.push(message) });
  try {
    assert.equal(await limiter.ready(300), false);
    const first = limiter.take('down', 1, 2);
    assert.ok(!(first instanceof Promise), 'no round trip is attempted while disconnected');
    assert.deepEqual(first, { ok: true });
    assert.deepEqual(limiter.take('down', 1, 2), { ok: true });
    assert.deepEqual(limiter.take('down', 1, 2), { ok: false, retryAfterSeconds: 1 }, 'the local buckets still limit');
    assert.deepEqual(
      await limiter.takeAll([
        { key: 'c:x', ratePerSecond: 1, burst: 1 },
        { key: 's:y', ratePerSecond: 1, burst: 1 },
      ]),
      { ok: true },
    );
    assert.equal(limiter.degraded, true);
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0] ?? '', /Redis is unavailable/);
  } finally {
    await limiter.close();
  }
});

test('createRateLimiter: Redis with REDIS_URL, in-process without', async () => {
  const local = createRateLimiter({});
  assert.ok(local instanceof LocalRateLimiter);
  await local.close();
  const shared = createRateLimiter({ REDIS_URL });
  assert.ok(shared instanceof RedisRateLimiter);
  await shared.ready();
  await shared.close();
});

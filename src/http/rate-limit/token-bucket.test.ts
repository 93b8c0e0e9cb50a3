import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isIdle, newBucket, take, takeAll } from './token-bucket.ts';
import { LocalRateLimiter } from './local-limiter.ts';

test('a new bucket allows a burst, then refuses until it refills', () => {
  const b = newBucket(3, 0);
  for (let i = 0; i < 3; i++) assert.deepEqual(take(b, 0, 1, 3), { ok: true });
  assert.deepEqual(take(b, 0, 1, 3), { ok: false, retryAfterSeconds: 1 });
  assert.deepEqual(take(b, 999, 1, 3), { ok: false, retryAfterSeconds: 1 }, '0.999 tokens is not a token');
  assert.deepEqual(take(b, 1000, 1, 3), { ok: true });
});

test('refill is proportional to time and capped at the burst', () => {
  const b = newBucket(10, 0);
  b.tokens = 0;
  take(b, 500, 10, 10); // +5, take 1
  assert.equal(b.tokens, 4);
  take(b, 60_000, 10, 10);
  assert.equal(b.tokens, 9, 'capped at 10 before the take');
});

test('Retry-After is whole seconds, rounded up, from the rate', () => {
  const b = newBucket(1, 0);
  take(b, 0, 0.25, 1);
  assert.deepEqual(take(b, 0, 0.25, 1), { ok: false, retryAfterSeconds: 4 });
  assert.deepEqual(take(b, 2000, 0.25, 1), { ok: false, retryAfterSeconds: 2 });
});

test('a clock going backwards neither adds nor removes tokens', () => {
  const b = newBucket(5, 10_000);
  take(b, 10_000, 1, 5);
  take(b, 5_000, 1, 5);
  assert.equal(b.tokens, 3);
  assert.equal(b.updatedMs, 10_000);
});

test('a lowered burst caps a fuller bucket', () => {
  const b = newBucket(100, 0);
  assert.equal(take(b, 0, 1, 10).ok, true);
  assert.equal(b.tokens, 9);
});

test('takeAll takes from every bucket or from none, and waits for the slowest', () => {
  const consumer = newBucket(5, 0);
  const service = newBucket(1, 0);
  const right = newBucket(3, 0);
  const limits = [
    { key: 'c', ratePerSecond: 5, burst: 5 },
    { key: 's', ratePerSecond: 0.5, burst: 1 },
    { key: 'r', ratePerSecond: 0.25, burst: 3 },
  ];
  assert.equal(takeAll([consumer, service, right], limits, 0).ok, true);
  assert.deepEqual(takeAll([consumer, service, right], limits, 0), { ok: false, retryAfterSeconds: 2 });
  assert.deepEqual([consumer.tokens, right.tokens], [4, 2], 'neither the consumer nor the right paid for a refused call');
  consumer.tokens = 0;
  service.tokens = 1;
  right.tokens = 0;
  assert.deepEqual(takeAll([consumer, service, right], limits, 0), { ok: false, retryAfterSeconds: 4 }, 'the right, the slowest, sets the wait');
  assert.equal(service.tokens, 1);
  assert.deepEqual(takeAll([], [], 0), { ok: true }, 'no bucket, no limit');
});

test('isIdle: a bucket that has refilled completely', () => {
  const b = newBucket(2, 0);
  take(b, 0, 1, 2);
  assert.equal(isIdle(b, 999, 1, 2), false);
  assert.equal(isIdle(b, 1000, 1, 2), true);
});

test('LocalRateLimiter: per key, synchronous, with an injected clock', () => {
  let now = 0;
  const limiter = new LocalRateLimiter({ now: () => now });
  assert.deepEqual(limiter.take('a', 1, 2), { ok: true });
  assert.deepEqual(limiter.take('a', 1, 2), { ok: true });
  assert.deepEqual(limiter.take('a', 1, 2), { ok: false, retryAfterSeconds: 1 });
  assert.deepEqual(limiter.take('b', 1, 2), { ok: true }, 'another key has its own bucket');
  now = 1000;
  assert.deepEqual(limiter.take('a', 1, 2), { ok: true });
  const pair = limiter.takeAll([
    { key: 'a', ratePerSecond: 1, burst: 2 },
    { key: 'c', ratePerSecond: 1, burst: 1 },
  ]);
  assert.ok(!(pair instanceof Promise));
  assert.deepEqual(pair, { ok: false, retryAfterSeconds: 1 });
  assert.deepEqual(limiter.take('c', 1, 1), { ok: true }, 'c was not charged for the refused pair');
});

test('LocalRateLimiter stays bounded: idle buckets go first, then the oldest', () => {
  let now = 0;
  const limiter = new LocalRateLimiter({ maxBuckets: 10, now: () => now });
  for (let i = 0; i < 10; i++) limiter.take(`k${i}`, 1, 5);
  assert.equal(limiter.size, 10);
  // k0..k9 each spent one token; one second later they are full again, so all can go.
  now = 1000;
  limiter.take('fresh', 1, 5);
  assert.equal(limiter.size, 1);
  // Busy buckets: none idle, so the oldest are dropped to free a tenth.
  for (let i = 0; i < 9; i++) limiter.take(`busy${i}`, 1, 5);
  assert.equal(limiter.size, 10);
  assert.deepEqual(limiter.take('newest', 1, 1), { ok: true });
  assert.ok(limiter.size <= 10);
  limiter.take('another', 1, 1);
  assert.deepEqual(limiter.take('newest', 1, 1), { ok: false, retryAfterSeconds: 1 }, 'a recent busy bucket survives eviction');
  for (let i = 0; i < 100; i++) limiter.take(`more${i}`, 1, 5);
  assert.ok(limiter.size <= 10);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CircuitBreaker, REFUSED } from './circuit-breaker.ts';

function breaker(threshold = 3, openMs = 1000) {
  const clock = { now: 0 };
  return { clock, b: new CircuitBreaker({ failureThreshold: threshold, openMs }, () => clock.now) };
}

test('closed: opens after N consecutive failures; a success in between resets the count', () => {
  const { b } = breaker(3);
  b.failure(b.acquire());
  b.failure(b.acquire());
  b.success(b.acquire());
  b.failure(b.acquire());
  b.failure(b.acquire());
  assert.equal(b.state, 'closed');
  assert.equal(b.status().consecutiveFailures, 2);
  b.failure(b.acquire());
  assert.equal(b.state, 'open');
  assert.equal(b.acquire(), REFUSED);
});

test('open → half-open after openMs lets exactly one trial through → closed on success', () => {
  const { b, clock } = breaker(1, 1000);
  b.failure(b.acquire());
  assert.deepEqual(b.status(), { state: 'open', consecutiveFailures: 1, retryAtMs: 1000 });
  clock.now = 999;
  assert.equal(b.acquire(), REFUSED);
  clock.now = 1000;
  const trial = b.acquire();
  assert.notEqual(trial, REFUSED);
  assert.equal(b.state, 'half-open');
  assert.equal(b.acquire(), REFUSED, 'only one trial at a time');
  assert.equal(b.acquire(), REFUSED);
  b.success(trial);
  assert.equal(b.state, 'closed');
  assert.equal(b.status().consecutiveFailures, 0);
  assert.notEqual(b.acquire(), REFUSED);
});

test('a failed trial opens the breaker again for another openMs', () => {
  const { b, clock } = breaker(2, 500);
  b.failure(b.acquire());
  b.failure(b.acquire());
  clock.now = 500;
  const trial = b.acquire();
  b.failure(trial);
  assert.equal(b.state, 'open');
  clock.now = 999;
  assert.equal(b.acquire(), REFUSED);
  clock.now = 1000;
  assert.notEqual(b.acquire(), REFUSED);
});

test('late results of calls admitted before the breaker opened do not decide the trial', () => {
  const { b, clock } = breaker(1, 100);
  const old1 = b.acquire();
  const old2 = b.acquire();
  b.failure(b.acquire());
  assert.equal(b.state, 'open');
  b.success(old1); // arrives while open: ignored
  assert.equal(b.state, 'open');
  clock.now = 100;
  const trial = b.acquire();
  b.success(old2); // arrives during the trial: ignored
  assert.equal(b.state, 'half-open');
  b.failure(trial);
  assert.equal(b.state, 'open');
});

test('a trial that ends without an outcome (client gone) lets the next call try', () => {
  const { b, clock } = breaker(1, 100);
  b.failure(b.acquire());
  clock.now = 100;
  const trial = b.acquire();
  b.release(trial);
  assert.equal(b.state, 'open');
  const next = b.acquire();
  assert.notEqual(next, REFUSED);
  b.success(next);
  assert.equal(b.state, 'closed');
});

test('every state change is reported (metrics)', () => {
  const changes: string[] = [];
  const clock = { now: 0 };
  const b = new CircuitBreaker({ failureThreshold: 1, openMs: 10 }, () => clock.now, (s) => changes.push(s));
  b.failure(b.acquire());
  clock.now = 10;
  b.failure(b.acquire());
  clock.now = 20;
  b.success(b.acquire());
  assert.deepEqual(changes, ['open', 'half-open', 'open', 'half-open', 'closed']);
});

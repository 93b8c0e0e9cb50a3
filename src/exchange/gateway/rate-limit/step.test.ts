import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Exchange } from '../exchange.ts';
import { GatewayError } from '../errors.ts';
import { LocalRateLimiter, type RateDecision, type RateLimiter } from '../../../http/rate-limit/index.ts';
import { consumerLimit, rateLimitStep, rightQuota, serviceLimit, type RateLimits } from './step.ts';
import type { OwnLimit } from '../../model.ts';

const limits: RateLimits = { consumerPerSecond: 1, consumerBurst: 2, servicePerSecond: 1, serviceBurst: 3 };

const none: OwnLimit = { rateLimitPerSecond: null, rateLimitBurst: null };

function call(consumer: string, service: string, own: OwnLimit = none, more: { consumer?: OwnLimit; right?: OwnLimit & { id: number } } = {}): Exchange {
  // Only the fields the step reads; the rest of an Exchange is other steps' business.
  return {
    consumer: { key: consumer, subsystem: more.consumer ?? none },
    service: { key: service, service: own },
    right: { right: more.right ?? { id: 1, ...none } },
  } as unknown as Exchange;
}

function refusal(fn: () => unknown): GatewayError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof GatewayError);
    return e;
  }
  assert.fail('the call was not refused');
}

test('per consumer: the consumer bucket refuses with Client.RateLimitExceeded and Retry-After', () => {
  let now = 0;
  const step = rateLimitStep(new LocalRateLimiter({ now: () => now }), limits);
  assert.equal(step(call('IR/GOV/A/app', 'IR/GOV/B/reg/person')), undefined, 'synchronous with the local limiter');
  step(call('IR/GOV/A/app', 'IR/GOV/B/reg/other'));
  const e = refusal(() => step(call('IR/GOV/A/app', 'IR/GOV/B/reg/third')));
  assert.equal(e.type, 'Client.RateLimitExceeded');
  assert.deepEqual(e.headers, { 'Retry-After': '1' });
  step(call('IR/GOV/C/app', 'IR/GOV/B/reg/third')); // another consumer is not affected
  now = 1000;
  step(call('IR/GOV/A/app', 'IR/GOV/B/reg/third'));
});

test('per service: all consumers together, with the service’s own limit when it sets one', () => {
  const step = rateLimitStep(new LocalRateLimiter({ now: () => 0 }), limits);
  const own = { rateLimitPerSecond: 0.5, rateLimitBurst: 1 };
  step(call('c1', 's', own));
  const e = refusal(() => step(call('c2', 's', own)));
  assert.deepEqual(e.headers, { 'Retry-After': '2' });
  // c2 was not charged for the refused call: it still has its whole burst for another service.
  step(call('c2', 't'));
  step(call('c2', 't'));
});

test('serviceLimit and consumerLimit: defaults, own values, and twice the rate when only the rate is set', () => {
  assert.deepEqual(serviceLimit(none, limits), { rate: 1, burst: 3 });
  assert.deepEqual(serviceLimit({ rateLimitPerSecond: 10, rateLimitBurst: null }, limits), { rate: 10, burst: 20 });
  assert.deepEqual(serviceLimit({ rateLimitPerSecond: 10, rateLimitBurst: 15 }, limits), { rate: 10, burst: 15 });
  assert.deepEqual(serviceLimit({ rateLimitPerSecond: null, rateLimitBurst: 7 }, limits), { rate: 1, burst: 7 });
  assert.deepEqual(consumerLimit(none, limits), { rate: 1, burst: 2 });
  assert.deepEqual(consumerLimit({ rateLimitPerSecond: 4, rateLimitBurst: null }, limits), { rate: 4, burst: 8 });
});

test('rightQuota: none unless the right sets a rate; twice the rate as burst by default', () => {
  assert.equal(rightQuota(none), undefined);
  assert.deepEqual(rightQuota({ rateLimitPerSecond: 3, rateLimitBurst: null }), { rate: 3, burst: 6 });
  assert.deepEqual(rightQuota({ rateLimitPerSecond: 3, rateLimitBurst: 4 }), { rate: 3, burst: 4 });
});

test("a consumer's own limit replaces the default, for its service calls and its metaservice calls", () => {
  const step = rateLimitStep(new LocalRateLimiter({ now: () => 0 }), { ...limits, serviceBurst: 100 });
  const big: OwnLimit = { rateLimitPerSecond: 1, rateLimitBurst: 4 };
  for (let i = 0; i < 3; i++) step(call('big', `s${i}`, none, { consumer: big }));
  step({ ...meta('10.0.0.1', 'big'), consumer: { key: 'big', subsystem: big } } as unknown as Exchange);
  refusal(() => step(call('big', 's9', none, { consumer: big })));
  // Another consumer keeps the default burst of 2.
  step(call('small', 's1'));
  step(call('small', 's1'));
  refusal(() => step(call('small', 's1')));
});

test("a right's quota is a bucket of its own, taken with the consumer's and the service's or not at all", () => {
  const step = rateLimitStep(new LocalRateLimiter({ now: () => 0 }), { ...limits, consumerBurst: 10, serviceBurst: 10 });
  const quota = { id: 7, rateLimitPerSecond: 1, rateLimitBurst: 1 };
  step(call('c', 's', none, { right: quota }));
  const e = refusal(() => step(call('c', 's', none, { right: quota })));
  assert.deepEqual(e.headers, { 'Retry-After': '1' });
  // The refused call spent neither the consumer's tokens nor the service's: 9 of each are left.
  for (let i = 0; i < 9; i++) step(call('c', 's'));
  refusal(() => step(call('c', 's')));
  // Another right with its own quota is not affected by right 7's.
  step(call('d', 't', none, { right: { id: 8, rateLimitPerSecond: 1, rateLimitBurst: 1 } }));
});

test('an asynchronous limiter (Redis) is awaited', async () => {
  const answers: RateDecision[] = [{ ok: true }, { ok: false, retryAfterSeconds: 7 }];
  const limiter: RateLimiter = {
    take: () => assert.fail('the step takes every bucket at once'),
    takeAll: async (buckets) => {
      assert.deepEqual(buckets.map((b) => b.key), ['c:c1', 's:s']);
      return answers.shift() ?? assert.fail();
    },
    close: async () => {},
  };
  const step = rateLimitStep(limiter, limits);
  await step(call('c1', 's'));
  await assert.rejects(async () => step(call('c1', 's')), (e) => e instanceof GatewayError && e.type === 'Client.RateLimitExceeded' && e.headers['Retry-After'] === '7');
});

test('a call that was not authenticated or resolved is a fault, not a pass', () => {
  const step = rateLimitStep(new LocalRateLimiter(), limits);
  assert.throws(() => step({} as Exchange), (e) => !(e instanceof GatewayError));
});

/** A metaservice call from `address`; `consumer` when it was authenticated (allowedMethods). */
function meta(address: string, consumer?: string, listClients = false): Exchange {
  const x = { req: { socket: { remoteAddress: address } } } as unknown as Exchange;
  if (listClients) x.listClients = { instance: undefined };
  else x.target = { kind: 'metaservice', metaservice: consumer ? 'allowedMethods' : 'listMethods' } as Exchange['target'];
  if (consumer !== undefined) x.consumer = { key: consumer, subsystem: none } as Exchange['consumer'];
  return x;
}

test('metaservices: an authenticated caller pays from its consumer bucket, shared with its service calls', () => {
  const step = rateLimitStep(new LocalRateLimiter({ now: () => 0 }), limits);
  step(call('IR/GOV/A/app', 'IR/GOV/B/reg/person'));
  assert.equal(step(meta('10.0.0.1', 'IR/GOV/A/app')), undefined);
  const e = refusal(() => step(meta('10.0.0.1', 'IR/GOV/A/app')));
  assert.equal(e.type, 'Client.RateLimitExceeded');
  assert.deepEqual(e.headers, { 'Retry-After': '1' });
  refusal(() => step(call('IR/GOV/A/app', 'IR/GOV/B/reg/person')));
  // The service's bucket was not charged by the metaservice calls (burst 3: two calls left).
  step(call('IR/GOV/C/app', 'IR/GOV/B/reg/person'));
  step(call('IR/GOV/C/app', 'IR/GOV/B/reg/person'));
});

test('metaservices without an authenticated client pay per source address, never the client they name', () => {
  const limiter: RateLimiter = new LocalRateLimiter({ now: () => 0 });
  const keys: string[] = [];
  const step = rateLimitStep({ take: (k, r, b) => (keys.push(k), limiter.take(k, r, b)), takeAll: (b) => limiter.takeAll(b), close: () => limiter.close() }, limits);
  step(meta('192.0.2.7', undefined, true));
  step(meta('192.0.2.7'));
  refusal(() => step(meta('192.0.2.7', undefined, true)));
  step(meta('192.0.2.8', undefined, true)); // another address has its own bucket
  assert.deepEqual(keys, ['a:192.0.2.7', 'a:192.0.2.7', 'a:192.0.2.7', 'a:192.0.2.8']);
  // No consumer's bucket paid: a consumer still has its whole burst.
  step(call('IR/GOV/A/app', 's'));
  step(call('IR/GOV/A/app', 's'));
});

test('an asynchronous limiter (Redis) is awaited for metaservices too', async () => {
  const limiter: RateLimiter = {
    take: async (key) => (key === 'c:c1' ? { ok: true } : { ok: false, retryAfterSeconds: 3 }),
    takeAll: () => assert.fail('a metaservice takes one bucket'),
    close: async () => {},
  };
  const step = rateLimitStep(limiter, limits);
  await step(meta('10.0.0.1', 'c1'));
  await assert.rejects(async () => step(meta('10.0.0.1')), (e) => e instanceof GatewayError && e.headers['Retry-After'] === '3');
});

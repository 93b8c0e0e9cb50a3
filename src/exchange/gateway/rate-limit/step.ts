import type { Exchange, Step } from '../exchange.ts';
import { GatewayError } from '../errors.ts';
import type { OwnLimit } from '../../model.ts';
import { sourceKey, type BucketLimit, type RateDecision, type RateLimiter } from '../../../http/rate-limit/index.ts';

export interface RateLimits {
  /** Per consumer subsystem, across all services, unless the subsystem has its own (RATE_LIMIT_CONSUMER_*). */
  consumerPerSecond: number;
  consumerBurst: number;
  /** Per service, across all consumers, unless the service sets its own (RATE_LIMIT_SERVICE_*). */
  servicePerSecond: number;
  serviceBurst: number;
}

export function rateLimitsFromConfig(config: {
  RATE_LIMIT_CONSUMER_PER_SECOND: number;
  RATE_LIMIT_CONSUMER_BURST: number;
  RATE_LIMIT_SERVICE_PER_SECOND: number;
  RATE_LIMIT_SERVICE_BURST: number;
}): RateLimits {
  return {
    consumerPerSecond: config.RATE_LIMIT_CONSUMER_PER_SECOND,
    consumerBurst: config.RATE_LIMIT_CONSUMER_BURST,
    servicePerSecond: config.RATE_LIMIT_SERVICE_PER_SECOND,
    serviceBurst: config.RATE_LIMIT_SERVICE_BURST,
  };
}

/**
 * The limit of a consumer or a service: its own where it sets one, else the deployment's default.
 * One that sets only its rate gets a burst of twice that rate (the ratio of the defaults), not
 * the deployment's default burst, which may be far larger than a small service can take.
 */
export function effectiveLimit(own: OwnLimit, defaultRate: number, defaultBurst: number): { rate: number; burst: number } {
  const rate = own.rateLimitPerSecond ?? defaultRate;
  const burst = own.rateLimitBurst ?? (own.rateLimitPerSecond !== null ? Math.max(1, 2 * rate) : defaultBurst);
  return { rate, burst };
}

export const serviceLimit = (service: OwnLimit, limits: RateLimits) => effectiveLimit(service, limits.servicePerSecond, limits.serviceBurst);
export const consumerLimit = (consumer: OwnLimit, limits: RateLimits) => effectiveLimit(consumer, limits.consumerPerSecond, limits.consumerBurst);

/** A right's quota, when it carries one: it has no default, as most rights need none beyond the consumer's and the service's. */
export function rightQuota(right: OwnLimit): { rate: number; burst: number } | undefined {
  return right.rateLimitPerSecond === null ? undefined : effectiveLimit(right, right.rateLimitPerSecond, right.rateLimitPerSecond);
}

const SERVICE_KEY = 's:';
const CONSUMER_KEY = 'c:';
/** An access right's quota, by the right's id (an approved access request). */
const RIGHT_KEY = 'r:';
/** Metaservice calls that came without an authenticated client, by source address. */
const ANONYMOUS_KEY = 'a:';

function refuse(d: { ok: false; retryAfterSeconds: number }): never {
  const seconds = String(d.retryAfterSeconds);
  throw new GatewayError('Client.RateLimitExceeded', `too many calls; retry after ${seconds} s`, { 'Retry-After': seconds });
}

function check(d: RateDecision): void {
  if (!d.ok) refuse(d);
}

/**
 * rate-limit: for a service call, one token from each of its buckets, all or none: the
 * consumer's (its own limit or the default), the service's (across all consumers; its own limit
 * or the default), and the right's when the right carries a quota. Runs after authorize, so only
 * calls that would otherwise go through spend tokens, and the right is known. With the in-process
 * limiter the step is synchronous (no promise on the hot path).
 *
 * Metaservice calls (and `listClients`) run it after authenticate. They belong to no provider
 * service, so they take from one bucket only: the consumer's when the call was authenticated
 * (`allowedMethods`), shared with its service calls. `listClients`, `listMethods` and
 * `getOpenAPI` need no credential, and the `X-Road-Client` they name is only a claim: charging
 * that client would let anyone drain another member's bucket. They take instead from a bucket
 * per source address (IPv4 address or IPv6 /64) with the consumer limits. Behind a proxy that is
 * the proxy's address, so all anonymous metaservice calls through it share one bucket: a bound
 * on the total they cost, which never touches any consumer's service calls.
 */
export function rateLimitStep(limiter: RateLimiter, limits: RateLimits): Step {
  return function rateLimit(x: Exchange): void | Promise<void> {
    const consumer = x.consumer;
    let d: RateDecision | Promise<RateDecision>;
    if (x.target?.kind === 'metaservice' || x.listClients !== undefined) {
      if (consumer !== undefined) {
        const c = consumerLimit(consumer.subsystem, limits);
        d = limiter.take(CONSUMER_KEY + consumer.key, c.rate, c.burst);
      } else {
        d = limiter.take(ANONYMOUS_KEY + sourceKey(x.req.socket.remoteAddress), limits.consumerPerSecond, limits.consumerBurst);
      }
    } else {
      const service = x.service;
      if (consumer === undefined || service === undefined || x.right === undefined) throw new Error('rate-limit runs after authenticate, resolve and authorize');
      const c = consumerLimit(consumer.subsystem, limits);
      const s = serviceLimit(service.service, limits);
      const buckets: BucketLimit[] = [
        { key: CONSUMER_KEY + consumer.key, ratePerSecond: c.rate, burst: c.burst },
        { key: SERVICE_KEY + service.key, ratePerSecond: s.rate, burst: s.burst },
      ];
      const quota = rightQuota(x.right.right);
      if (quota !== undefined) buckets.push({ key: RIGHT_KEY + String(x.right.right.id), ratePerSecond: quota.rate, burst: quota.burst });
      d = limiter.takeAll(buckets);
    }
    if (d instanceof Promise) return d.then(check);
    check(d);
  };
}

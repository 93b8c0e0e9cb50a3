import type { Exchange, Step } from '../exchange.ts';
import { GatewayError } from '../errors.ts';
import type { ServiceEntry } from '../../snapshot/index.ts';
import { sourceKey } from '../../../http/rate-limit/index.ts';
import type { RateDecision, RateLimiter } from '../../../http/rate-limit/index.ts';

export interface RateLimits {
  /** Per consumer subsystem, across all services (RATE_LIMIT_CONSUMER_*). */
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
 * A service's own limit. A service that sets only its rate gets a burst of twice that rate (the
 * ratio of the defaults), not the deployment's default burst, which may be far larger than a
 * small service can take.
 */
export function serviceLimit(service: ServiceEntry['service'], limits: RateLimits): { rate: number; burst: number } {
  const rate = service.rateLimitPerSecond ?? limits.servicePerSecond;
  const burst = service.rateLimitBurst ?? (service.rateLimitPerSecond !== null ? Math.max(1, 2 * rate) : limits.serviceBurst);
  return { rate, burst };
}

const SERVICE_KEY = 's:';
const CONSUMER_KEY = 'c:';
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
 * rate-limit: for a service call, one token from the consumer's bucket and one from the
 * service's, both or none. Runs after authorize, so only calls that would otherwise go through
 * spend tokens. With the in-process limiter the step is synchronous (no promise on the hot path).
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
      const key = consumer !== undefined ? CONSUMER_KEY + consumer.key : ANONYMOUS_KEY + sourceKey(x.req.socket.remoteAddress);
      d = limiter.take(key, limits.consumerPerSecond, limits.consumerBurst);
    } else {
      const service = x.service;
      if (consumer === undefined || service === undefined) throw new Error('rate-limit runs after authenticate and resolve');
      const s = serviceLimit(service.service, limits);
      d = limiter.takePair(CONSUMER_KEY + consumer.key, limits.consumerPerSecond, limits.consumerBurst, SERVICE_KEY + service.key, s.rate, s.burst);
    }
    if (d instanceof Promise) return d.then(check);
    check(d);
  };
}

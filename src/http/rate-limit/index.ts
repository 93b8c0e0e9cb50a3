import type { Config } from '../../config/schema.ts';
import { LocalRateLimiter } from './local-limiter.ts';
import { RedisRateLimiter, type WarnFn } from './redis-limiter.ts';
import type { RateLimiter } from './token-bucket.ts';

/**
 * Token buckets shared by the exchange gateway (per consumer and service) and the API (per
 * anonymous client address on heavy endpoints): the arithmetic, the in-process limiter and the
 * Redis one (ADR 0008). Each user keeps its own keys and limits; only the machinery is here.
 */
export type { BucketLimit, RateDecision, RateLimiter } from './token-bucket.ts';
export type { WarnFn } from './redis-limiter.ts';
export { LocalRateLimiter } from './local-limiter.ts';
export { RedisRateLimiter } from './redis-limiter.ts';
export { sourceKey } from './source.ts';
export { anonymousLimitPlugin } from './anonymous.ts';

/**
 * The limiter for this node: shared through Redis when `REDIS_URL` is set (ADR 0008), in this
 * process otherwise. A Redis limiter connects in the background and limits locally until it is
 * connected; await `ready()` on it to start with shared limits.
 */
export function createRateLimiter(config: Pick<Config, 'REDIS_URL'> & Partial<Pick<Config, 'REDIS_COMMAND_TIMEOUT_MS'>>, options: { warn?: WarnFn; keyPrefix?: string } = {}): RateLimiter {
  if (config.REDIS_URL === undefined || config.REDIS_URL === '') return new LocalRateLimiter();
  return new RedisRateLimiter({
    url: config.REDIS_URL,
    ...(config.REDIS_COMMAND_TIMEOUT_MS !== undefined ? { commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS } : {}),
    ...(options.warn ? { warn: options.warn } : {}), ...(options.keyPrefix ? { keyPrefix: options.keyPrefix } : {}),
  });
}

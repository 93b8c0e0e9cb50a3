import type { Config } from '../../../config/schema.ts';
import { LocalRateLimiter } from './local-limiter.ts';
import { RedisRateLimiter, type WarnFn } from './redis-limiter.ts';
import type { RateLimiter } from './token-bucket.ts';

export type { RateDecision, RateLimiter } from './token-bucket.ts';
export { LocalRateLimiter } from './local-limiter.ts';
export { RedisRateLimiter } from './redis-limiter.ts';
export { rateLimitStep, rateLimitsFromConfig, serviceLimit, type RateLimits } from './step.ts';

/**
 * The limiter for this node: shared through Redis when `REDIS_URL` is set (ADR 0008), in this
 * process otherwise. A Redis limiter connects in the background and limits locally until it is
 * connected; await `ready()` on it to start with shared limits.
 */
export function createRateLimiter(config: Pick<Config, 'REDIS_URL'>, options: { warn?: WarnFn } = {}): RateLimiter {
  if (config.REDIS_URL === undefined || config.REDIS_URL === '') return new LocalRateLimiter();
  return new RedisRateLimiter({ url: config.REDIS_URL, ...(options.warn ? { warn: options.warn } : {}) });
}

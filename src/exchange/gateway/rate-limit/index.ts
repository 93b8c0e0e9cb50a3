/** The gateway's rate-limit step; the buckets and limiters themselves live in `src/http/rate-limit/`. */
export { createRateLimiter, LocalRateLimiter, RedisRateLimiter, type RateDecision, type RateLimiter } from '../../../http/rate-limit/index.ts';
export { consumerLimit, rateLimitStep, rateLimitsFromConfig, rightQuota, serviceLimit, type RateLimits } from './step.ts';

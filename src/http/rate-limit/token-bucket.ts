/**
 * Token buckets as plain data and pure functions: the caller passes the time, so the rules are
 * tested without waiting, and the same arithmetic runs in-process (`local-limiter.ts`) and in
 * the Redis script (`redis-limiter.ts`, which repeats it in Lua).
 *
 * A bucket holds at most `burst` tokens and gains `ratePerSecond` tokens a second; a call takes
 * one. A bucket never seen before starts full, so a consumer's first burst is allowed.
 */

export interface Bucket {
  /** Tokens after the refill at `updatedMs`; fractional. */
  tokens: number;
  updatedMs: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export const ALLOWED: RateDecision = Object.freeze({ ok: true });

export function newBucket(burst: number, nowMs: number): Bucket {
  return { tokens: burst, updatedMs: nowMs };
}

/** Brings the bucket up to `nowMs`; a clock that goes backwards adds nothing. */
export function refill(bucket: Bucket, nowMs: number, ratePerSecond: number, burst: number): void {
  const elapsed = nowMs - bucket.updatedMs;
  if (elapsed > 0) {
    const tokens = bucket.tokens + (elapsed * ratePerSecond) / 1000;
    bucket.tokens = tokens > burst ? burst : tokens;
    bucket.updatedMs = nowMs;
  } else if (bucket.tokens > burst) {
    // The limit was lowered since the bucket was filled.
    bucket.tokens = burst;
  }
}

/** Seconds until the (refilled) bucket holds a whole token again; at least 1, as Retry-After is whole seconds. */
export function retryAfterSeconds(bucket: Bucket, ratePerSecond: number): number {
  const missing = 1 - bucket.tokens;
  if (missing <= 0) return 1;
  return Math.max(1, Math.ceil(missing / ratePerSecond));
}

/** Refills and takes one token; mutates the bucket. */
export function take(bucket: Bucket, nowMs: number, ratePerSecond: number, burst: number): RateDecision {
  refill(bucket, nowMs, ratePerSecond, burst);
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return ALLOWED;
  }
  return { ok: false, retryAfterSeconds: retryAfterSeconds(bucket, ratePerSecond) };
}

/**
 * Takes one token from each of two buckets, or from neither: a call refused by the service's
 * bucket must not also spend the consumer's token (and the other way round). When refused, the
 * wait is the longer of the two.
 */
export function takeBoth(a: Bucket, rateA: number, burstA: number, b: Bucket, rateB: number, burstB: number, nowMs: number): RateDecision {
  refill(a, nowMs, rateA, burstA);
  refill(b, nowMs, rateB, burstB);
  const okA = a.tokens >= 1;
  const okB = b.tokens >= 1;
  if (okA && okB) {
    a.tokens -= 1;
    b.tokens -= 1;
    return ALLOWED;
  }
  const waitA = okA ? 0 : retryAfterSeconds(a, rateA);
  const waitB = okB ? 0 : retryAfterSeconds(b, rateB);
  return { ok: false, retryAfterSeconds: waitA > waitB ? waitA : waitB };
}

/** True when the bucket would be full at `nowMs`: it carries no information and can be forgotten. */
export function isIdle(bucket: Bucket, nowMs: number, ratePerSecond: number, burst: number): boolean {
  return bucket.tokens + ((nowMs - bucket.updatedMs) * ratePerSecond) / 1000 >= burst;
}

/**
 * Where the buckets live: in this process (`LocalRateLimiter`) or in Redis, shared by
 * every node (`RedisRateLimiter`). A limiter may answer synchronously; the in-process one does,
 * so the hot path allocates no promise.
 */
export interface RateLimiter {
  take(key: string, ratePerSecond: number, burst: number): RateDecision | Promise<RateDecision>;
  /** One token from each bucket or from neither (`takeBoth`), in one step (one Redis round trip). */
  takePair(keyA: string, rateA: number, burstA: number, keyB: string, rateB: number, burstB: number): RateDecision | Promise<RateDecision>;
  close(): Promise<void>;
}

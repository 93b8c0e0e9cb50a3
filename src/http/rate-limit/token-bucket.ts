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

/** One bucket of a call and the limit it is used with. */
export interface BucketLimit {
  key: string;
  ratePerSecond: number;
  burst: number;
}

/**
 * Takes one token from each bucket, or from none: a call refused by one bucket (the service's,
 * a right's quota) must not also spend the others' tokens. When refused, the wait is the longest
 * of the buckets that are short. `limits[i]` is the limit of `buckets[i]`.
 */
export function takeAll(buckets: readonly Bucket[], limits: readonly BucketLimit[], nowMs: number): RateDecision {
  let wait = 0;
  for (let i = 0; i < buckets.length; i++) {
    const b = buckets[i]!;
    const l = limits[i]!;
    refill(b, nowMs, l.ratePerSecond, l.burst);
    if (b.tokens < 1) {
      const w = retryAfterSeconds(b, l.ratePerSecond);
      if (w > wait) wait = w;
    }
  }
  if (wait > 0) return { ok: false, retryAfterSeconds: wait };
  for (const b of buckets) b.tokens -= 1;
  return ALLOWED;
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
  /** One token from each bucket or from none (`takeAll`), in one step (one Redis round trip). */
  takeAll(buckets: readonly BucketLimit[]): RateDecision | Promise<RateDecision>;
  close(): Promise<void>;
}

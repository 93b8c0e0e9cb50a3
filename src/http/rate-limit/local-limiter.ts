import { isIdle, take, takeAll, type Bucket, type BucketLimit, type RateDecision, type RateLimiter } from './token-bucket.ts';

interface Entry extends Bucket {
  /** The limit the bucket was last used with, to tell when it has refilled and can be dropped. */
  rate: number;
  burst: number;
}

export interface LocalRateLimiterOptions {
  /** Most buckets kept; idle (full) buckets are dropped first. Default 100,000. */
  maxBuckets?: number;
  /** Milliseconds; injected by tests. */
  now?: () => number;
}

/**
 * Buckets in a Map in this process: synchronous, no promise on the hot path. With several
 * nodes and no Redis, each node applies the limits on its own (so the fleet allows up to
 * nodes × limit).
 *
 * The map is bounded. When it is full, buckets that have refilled completely are dropped
 * (forgetting a full bucket changes nothing: a new one starts full); if that frees less than a
 * tenth of the map, the oldest-created buckets go too, which can only make the limiter more
 * lenient, never refuse a call it should allow.
 */
export class LocalRateLimiter implements RateLimiter {
  readonly #buckets = new Map<string, Entry>();
  readonly #maxBuckets: number;
  readonly #now: () => number;

  constructor(options: LocalRateLimiterOptions = {}) {
    this.#maxBuckets = options.maxBuckets ?? 100_000;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#buckets.size;
  }

  take(key: string, ratePerSecond: number, burst: number): RateDecision {
    const now = this.#now();
    return take(this.#bucket(key, ratePerSecond, burst, now), now, ratePerSecond, burst);
  }

  takeAll(limits: readonly BucketLimit[]): RateDecision {
    const now = this.#now();
    return takeAll(limits.map((l) => this.#bucket(l.key, l.ratePerSecond, l.burst, now)), limits, now);
  }

  async close(): Promise<void> {
    this.#buckets.clear();
  }

  #bucket(key: string, rate: number, burst: number, now: number): Entry {
    let entry = this.#buckets.get(key);
    if (entry === undefined) {
      if (this.#buckets.size >= this.#maxBuckets) this.#evict(now);
      entry = { tokens: burst, updatedMs: now, rate, burst };
      this.#buckets.set(key, entry);
    } else {
      entry.rate = rate;
      entry.burst = burst;
    }
    return entry;
  }

  /** Frees at least a tenth of the map, so a full map is swept once per tenth of new keys, not on every one. */
  #evict(now: number): void {
    const target = this.#maxBuckets - Math.max(1, Math.floor(this.#maxBuckets / 10));
    for (const [key, e] of this.#buckets) if (isIdle(e, now, e.rate, e.burst)) this.#buckets.delete(key);
    for (const key of this.#buckets.keys()) {
      if (this.#buckets.size <= target) break;
      this.#buckets.delete(key);
    }
  }
}

import { sourceKey, type RateLimiter } from '../../http/rate-limit/index.ts';

export interface AddressThrottle {
  /** Takes one attempt from the address's bucket: null when allowed, else seconds to wait. */
  take(address: string | undefined): Promise<number | null>;
}

/** Sign-in attempts' own buckets in the shared key space. */
const KEY = 'signin:';

/**
 * Per-address throttle of every sign-in form post (one address guessing many people's codes or
 * passwords), on the limiter the API already shares through Redis (ADR 0008): IPv4 by address,
 * IPv6 by /64; it fails open to this node's buckets when Redis is down.
 */
export function addressThrottle(limiter: RateLimiter, limits: { perMinute: number; burst: number }): AddressThrottle {
  return {
    async take(address) {
      const d = await limiter.take(KEY + sourceKey(address), limits.perMinute / 60, limits.burst);
      return d.ok ? null : d.retryAfterSeconds;
    },
  };
}

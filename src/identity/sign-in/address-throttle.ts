import { createHash } from 'node:crypto';
import { sourceKey, type RateLimiter } from '../../http/rate-limit/index.ts';
import type { IdentifierType } from '../accounts/index.ts';

export interface AddressThrottle {
  /** Takes one attempt from the address's bucket: null when allowed, else seconds to wait. */
  take(address: string | undefined): Promise<number | null>;
  /**
   * Takes one SMS code request for an identifier, known or not: null when allowed, else seconds
   * to wait. `familiar`: the identifier's account signed in from this address before, which
   * spares it the per-identifier bucket (see `codeRequestLimits`).
   */
  takeCodeRequest(identifierType: IdentifierType, identifier: string, address: string | undefined, familiar: boolean): Promise<number | null>;
}

/** Sign-in attempts' own buckets in the shared key space. */
const KEY = 'signin:';
const CODE_KEY = 'signin-code:';

/**
 * SMS codes a person can be sent, counted per identifier whether or not it has an account, so
 * the refusal reads the same for both (no enumeration), in two buckets taken together:
 *
 * - per identifier and address: 5 an hour, what a person could always ask for;
 * - per identifier, from addresses the account never signed in from: 10 an hour. This bounds
 *   what strangers can make a phone receive.
 *
 * Someone who knows a person's national code can use up the second bucket from two addresses,
 * and with it the person's code sign-in from a new place for an hour; but not from the
 * addresses the person has signed in from in the last 30 days (`familiar`), which only meet
 * their own first bucket. Whoever is blocked can still sign in with a password or by approving
 * on a device they are signed in on, and the refusal says so. Familiarity needs a real account
 * and a past sign-in from the very address asking, so it tells a stranger nothing. A request
 * refused by either bucket spends neither.
 */
export const codeRequestLimits = { perIdentifierAndAddress: 5, perIdentifier: 10, familiarDays: 30 } as const;

/** Buckets hold a hash, not the identifier: the shared store (Redis) never sees a national code. */
const identifierKey = (type: IdentifierType, identifier: string) => createHash('sha256').update(`${type}:${identifier}`).digest('base64url').slice(0, 22);

/**
 * Per-address throttle of every sign-in form post (one address guessing many people's codes or
 * passwords), on the limiter the API already shares through Redis (ADR 0008): IPv4 by address,
 * IPv6 by /64; it fails open to this node's buckets when Redis is down. The code requests'
 * buckets live in the same limiter.
 */
export function addressThrottle(limiter: RateLimiter, limits: { perMinute: number; burst: number }): AddressThrottle {
  return {
    async take(address) {
      const d = await limiter.take(KEY + sourceKey(address), limits.perMinute / 60, limits.burst);
      return d.ok ? null : d.retryAfterSeconds;
    },
    async takeCodeRequest(type, identifier, address, familiar) {
      const id = CODE_KEY + identifierKey(type, identifier);
      const { perIdentifierAndAddress: pair, perIdentifier: all } = codeRequestLimits;
      const own = { key: `${id}:${sourceKey(address)}`, ratePerSecond: pair / 3600, burst: pair };
      const d = await limiter.takeAll(familiar ? [own] : [own, { key: id, ratePerSecond: all / 3600, burst: all }]);
      return d.ok ? null : d.retryAfterSeconds;
    },
  };
}

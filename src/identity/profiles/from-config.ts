import type { Config } from '../../config/schema.ts';
import type { Database } from '../../db/database.ts';
import type { ExchangeClient } from '../registries/index.ts';
import type { ActingForDeps } from './acting-for.ts';
import { Confirmations } from './confirmations.ts';
import { exchangeProfileRegistry } from './registry.ts';
import type { RateLimiter } from '../../http/rate-limit/index.ts';

/** Registry look-ups a person may start by typing an identifier: ten in a row, then thirty an hour. */
export const LOOKUP_BURST = 10;
export const LOOKUPS_PER_HOUR = 30;

export type ProfilesConfig = Pick<Config, 'IDENTITY_PERSON_SERVICE' | 'IDENTITY_COMPANY_SERVICE' | 'PROFILE_CONFIRMATION_SECONDS'>;

/**
 * The one `ActingForDeps` of an app: built once in app.ts from the window's exchange client and
 * handed to every part that asks who a person acts for, so they share the confirmations.
 */
export function profilesFromConfig(
  config: ProfilesConfig,
  options: { db: Database; client: ExchangeClient | null; now: () => Date; timeZone: string; countryPrefix: string; limiter?: RateLimiter },
): ActingForDeps {
  const { db, client, now, timeZone, countryPrefix, limiter } = options;
  return {
    db,
    now,
    timeZone,
    // Shared across nodes like the other buckets (Redis when configured).
    ...(limiter
      ? {
          lookupAllowance: async (accountId: string) => {
            const d = await limiter.take(`profiles:${accountId}`, LOOKUPS_PER_HOUR / 3600, LOOKUP_BURST);
            return d.ok ? null : d.retryAfterSeconds;
          },
        }
      : {}),
    registry: client ? exchangeProfileRegistry(client, { person: config.IDENTITY_PERSON_SERVICE ?? null, company: config.IDENTITY_COMPANY_SERVICE ?? null }, countryPrefix) : null,
    confirmations: new Confirmations(config.PROFILE_CONFIRMATION_SECONDS * 1000, () => now().getTime()),
  };
}

import type { Config } from '../../config/schema.ts';
import type { Database } from '../../db/database.ts';
import type { ExchangeClient } from '../registries/index.ts';
import type { ActingForDeps } from './acting-for.ts';
import { Confirmations } from './confirmations.ts';
import { exchangeProfileRegistry } from './registry.ts';

export type ProfilesConfig = Pick<Config, 'IDENTITY_PERSON_SERVICE' | 'IDENTITY_COMPANY_SERVICE' | 'PROFILE_CONFIRMATION_SECONDS'>;

/**
 * The one `ActingForDeps` of an app: built once in app.ts from the window's exchange client and
 * handed to every part that asks who a person acts for, so they share the confirmations.
 */
export function profilesFromConfig(
  config: ProfilesConfig,
  options: { db: Database; client: ExchangeClient | null; now: () => Date; timeZone: string; countryPrefix: string },
): ActingForDeps {
  const { db, client, now, timeZone, countryPrefix } = options;
  return {
    db,
    now,
    timeZone,
    registry: client ? exchangeProfileRegistry(client, { person: config.IDENTITY_PERSON_SERVICE ?? null, company: config.IDENTITY_COMPANY_SERVICE ?? null }, countryPrefix) : null,
    confirmations: new Confirmations(config.PROFILE_CONFIRMATION_SECONDS * 1000, () => now().getTime()),
  };
}

import type { Database } from '../db/database.ts';
import type { CountryPack } from '../core/country-packs/index.ts';
import { isoDateIn } from '../core/dates.ts';

/** What the registry's operations need, handed over explicitly. */
export interface RegistryDeps {
  db: Database;
  pack: CountryPack;
  now: () => Date;
}

export const todayOf = (deps: RegistryDeps) => isoDateIn(deps.now(), deps.pack.timeZone);

import type { Database } from './database.ts';
import type { CountryPack } from '../core/country-packs/index.ts';
import { isoDateIn } from '../core/dates.ts';

/**
 * What the app hands every module's services, explicitly: the database, the country pack (its
 * identifiers, calendar and time zone) and the clock (tests pass a fixed one).
 */
export interface AppDeps {
  db: Database;
  pack: CountryPack;
  now: () => Date;
}

/** Today's date (YYYY-MM-DD) in the country's time zone. */
export const todayOf = (deps: AppDeps) => isoDateIn(deps.now(), deps.pack.timeZone);

import type { Database } from '../../db/database.ts';

/**
 * Staff names by id. Staff belong to identity, which the exchange does not import (identity
 * reads the exchange log for people): the app hands this in (`ExchangePagesDeps.staffNames`).
 */
export type StaffNames = (db: Database, ids: readonly string[]) => Promise<Map<string, string>>;

/** Who acted, for people reading a history: a staff member by name, OneWindow itself by its label. */
export type ActorName = { kind: 'staff'; name: string } | { kind: 'system'; name: string };

const staffPrefix = 'staff:';
const systemPrefix = 'system:';

/**
 * History rows keep the stable label of who acted (`staff:<id>`, `system:<name>`, see
 * `actorLabel`), never a name that may change; the names are looked up when the history is
 * read. A label whose account is gone, or one of another form, is left out: show it as it is.
 */
export async function actorNames(staffNames: StaffNames, db: Database, actors: readonly string[]): Promise<Map<string, ActorName>> {
  const result = new Map<string, ActorName>();
  const ids = actors.filter((a) => a.startsWith(staffPrefix)).map((a) => a.slice(staffPrefix.length));
  const names = await staffNames(db, ids);
  for (const actor of actors) {
    if (actor.startsWith(systemPrefix)) result.set(actor, { kind: 'system', name: actor.slice(systemPrefix.length) });
    const name = actor.startsWith(staffPrefix) ? names.get(actor.slice(staffPrefix.length)) : undefined;
    if (name !== undefined) result.set(actor, { kind: 'staff', name });
  }
  return result;
}

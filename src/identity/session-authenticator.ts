import type { Database } from '../db/database.ts';
import type { Authenticator } from '../http/access.ts';

/** Staff signed in on web pages carry a session cookie; the JSON API never accepts it. */
export function staffSessionAuthenticator(_db: Database): Authenticator {
  return async () => null;
}

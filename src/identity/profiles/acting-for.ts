import type { ActingFor } from '../../core/profiles.ts';
import { AppError } from '../../core/errors.ts';
import type { Database } from '../../db/database.ts';
import { findAccountById, type AccountRow } from '../accounts/index.ts';

export interface ActingForDeps {
  db: Database;
}

/** Acting for oneself: the account's own identifier and registry names. */
export function selfProfile(account: AccountRow): ActingFor {
  return {
    profileId: null,
    kind: 'self',
    subject: {
      identifierType: account.identifierType,
      identifier: account.identifier,
      nameFa: `${account.givenNameFa} ${account.familyNameFa}`,
      nameEn: `${account.givenNameEn} ${account.familyNameEn}`,
    },
    role: null,
    services: null,
    validUntil: null,
  };
}

/**
 * Who `accountId` acts for with `profileId` (null: themself), checked now. Throws
 * `PROFILE_NOT_AVAILABLE` when the profile is not theirs or is no longer valid.
 */
export async function actingFor(deps: ActingForDeps, accountId: string, profileId: string | null): Promise<ActingFor> {
  const account = await deps.db.run((q) => findAccountById(q, accountId));
  if (!account || account.disabled) throw new AppError('UNAUTHENTICATED');
  if (profileId === null) return selfProfile(account);
  // Filled in by the profiles work: other profiles are looked up and re-checked here.
  throw new AppError('PROFILE_NOT_AVAILABLE');
}

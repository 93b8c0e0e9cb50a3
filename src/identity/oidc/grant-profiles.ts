import type { Database } from '../../db/database.ts';
import { destroyPayload, findPayload, upsertPayload } from './payload-repository.ts';

/**
 * Whom a grant acts for: the profile the person had active when they authorized the client
 * (null: themself). Kept in the provider's own table as a row of kind `GrantProfile` under the
 * grant's id and with its `grant_id`, so it goes wherever the grant goes: revoked with it
 * (`revokeGrantPayloads`, `destroy`), and swept when it expires. A grant without this row was
 * made before profiles existed, when everyone acted for themself.
 */
export const grantProfileKind = 'GrantProfile';

export interface GrantProfile {
  accountId: string;
  profileId: string | null;
}

export async function bindGrantProfile(db: Database, grantId: string, binding: GrantProfile, expiresIn: number | null): Promise<void> {
  await upsertPayload(db, { kind: grantProfileKind, id: grantId, payload: { ...binding }, grantId, uid: null, userCode: null, expiresIn });
}

export async function findGrantProfile(db: Database, grantId: string): Promise<GrantProfile | undefined> {
  const row = await findPayload(db, grantProfileKind, grantId);
  if (!row) return undefined;
  const { accountId, profileId } = row.payload as Partial<GrantProfile>;
  return typeof accountId === 'string' ? { accountId, profileId: typeof profileId === 'string' ? profileId : null } : undefined;
}

export async function unbindGrantProfile(db: Database, grantId: string): Promise<void> {
  await destroyPayload(db, grantProfileKind, grantId);
}

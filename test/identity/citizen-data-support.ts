/**
 * People signed in on the registration world (real gateway, reference agencies): an account for
 * a reference person, and a session whose cookie and token let tests call the pages and the
 * people's API as that person.
 */
import { randomUUID } from 'node:crypto';
import { createCitizenSession, insertAccount, type AccountRow } from '../../src/identity/index.ts';
import type { Database } from '../../src/db/database.ts';
import { referencePerson } from './registration-support.ts';

export interface SignedIn {
  account: AccountRow;
  /** The `ow_session` cookie header. */
  cookie: string;
  csrfToken: string;
  /** Headers for the people's API: the cookie and the session's token. */
  api: Record<string, string>;
}

export async function signedInPerson(db: Database, nationalCode: string): Promise<SignedIn> {
  const p = referencePerson(nationalCode);
  return db.transaction(async (tx) => {
    const account = await insertAccount(tx, {
      id: randomUUID(),
      identifierType: 'national_code',
      identifier: nationalCode,
      givenNameFa: p.firstName.fa,
      familyNameFa: p.lastName.fa,
      givenNameEn: p.firstName.en,
      familyNameEn: p.lastName.en,
      birthDate: p.birthDate,
      mobile: `+98${p.mobile.slice(1)}`,
      assurance: 2,
      mobileVerified: true,
    });
    const { secret, csrfToken } = await createCitizenSession(tx, { accountId: account.id, accountAssurance: 2, amr: ['otp'], secondFactorPending: false });
    const cookie = `ow_session=${secret}`;
    return { account, cookie, csrfToken, api: { cookie, 'x-csrf-token': csrfToken } };
  });
}

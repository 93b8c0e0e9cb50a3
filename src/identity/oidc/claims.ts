import { createHmac } from 'node:crypto';
import type { Account, KoaContextWithOIDC } from 'oidc-provider';
import type { Database } from '../../db/database.ts';
import { findAccountById } from '../accounts/index.ts';

/**
 * What an agency learns about a person, by scope. `sub` is pairwise per agency (below); the
 * national code only through the `national_code` scope, which a client must be allowed.
 * Names come in Persian (the `#fa` language-tagged claims of OpenID Connect Core §5.2) and
 * English (the untagged ones, for systems that read only Latin script).
 */
export const scopeClaims = {
  // How sure the window is of the person (core/assurance.ts): in every ID token, not only when asked.
  openid: ['sub', 'acr', 'amr', 'auth_time'],
  profile: ['name', 'given_name', 'family_name', 'name#fa', 'given_name#fa', 'family_name#fa', 'birthdate'],
  phone: ['phone_number', 'phone_number_verified'],
  national_code: ['national_code'],
};

/**
 * The pairwise subject: HMAC-SHA-256 of the account id, keyed by the salt setting, within the
 * client's agency (its sector). Two applications of one agency see the same subject; two
 * agencies never the same, and neither can compute another's without the salt.
 */
export function pairwiseSubject(salt: string, agencyCode: string, accountId: string): string {
  return createHmac('sha256', salt).update(`${agencyCode}\n${accountId}`).digest('base64url');
}

export function accountFinder(db: Database) {
  return async (_ctx: KoaContextWithOIDC, id: string): Promise<Account | undefined> => {
    const account = await db.run((q) => findAccountById(q, id));
    if (!account || account.disabled) return undefined;
    return {
      accountId: account.id,
      async claims() {
        return {
          sub: account.id,
          name: `${account.givenNameEn} ${account.familyNameEn}`,
          given_name: account.givenNameEn,
          family_name: account.familyNameEn,
          'name#fa': `${account.givenNameFa} ${account.familyNameFa}`,
          'given_name#fa': account.givenNameFa,
          'family_name#fa': account.familyNameFa,
          birthdate: account.birthDate,
          phone_number: account.mobile,
          phone_number_verified: account.mobileVerifiedAt !== null,
          ...(account.identifierType === 'national_code' ? { national_code: account.identifier } : {}),
        };
      },
    };
  };
}

import { createHmac } from 'node:crypto';
import type { Account, KoaContextWithOIDC } from 'oidc-provider';
import type { Database } from '../../db/database.ts';
import { findAccountById } from '../accounts/index.ts';
import type { ActingFor } from '../../core/profiles.ts';
import { actingForClaim, liveProfile, type ActingForCheck } from './acting-for-claim.ts';
import { findGrantProfile } from './grant-profiles.ts';

/**
 * What an agency learns about a person, by scope. `sub` is pairwise per agency (below); the
 * national code only through the `national_code` scope, which a client must be allowed.
 * Names come in Persian (the `#fa` language-tagged claims of OpenID Connect Core §5.2) and
 * English (the untagged ones, for systems that read only Latin script).
 */
export const scopeClaims = {
  // How sure the window is of the person (core/assurance.ts): in every ID token, not only when asked.
  // `acting_for` describes the sign-in as acr does, so it is an ID token claim too; it is given
  // only when the grant holds its scope (below, `claims()`), in the ID token and in userinfo.
  openid: ['sub', 'acr', 'amr', 'auth_time', 'acting_for'],
  profile: ['name', 'given_name', 'family_name', 'name#fa', 'given_name#fa', 'family_name#fa', 'birthdate'],
  phone: ['phone_number', 'phone_number_verified'],
  national_code: ['national_code'],
  acting_for: ['acting_for'],
};

/**
 * The pairwise subject: HMAC-SHA-256 of the account id, keyed by the salt setting, within the
 * client's agency (its sector). Two applications of one agency see the same subject; two
 * agencies never the same, and neither can compute another's without the salt.
 */
export function pairwiseSubject(salt: string, agencyCode: string, accountId: string): string {
  return createHmac('sha256', salt).update(`${agencyCode}\n${accountId}`).digest('base64url');
}

export interface AccountFinderOptions {
  db: Database;
  pairwiseSalt: string;
  actingFor: ActingForCheck;
}

const hasScope = (scope: string, name: string) => scope.split(' ').includes(name);

/**
 * oidc-provider's `findAccount`. With a token (the code at its exchange, the refresh token, the
 * access token at userinfo) it checks the profile the grant acts for again, now: when the
 * profile is gone the account is "not found", which the provider answers with `invalid_grant`
 * at the token endpoint and `invalid_token` at userinfo. So no token is issued or honoured for
 * a revoked or ended mandate, an ended guardianship or a representation no longer confirmed.
 */
export function accountFinder({ db, pairwiseSalt, actingFor }: AccountFinderOptions) {
  return async (ctx: KoaContextWithOIDC, id: string, token?: { grantId?: string }): Promise<Account | undefined> => {
    const account = await db.run((q) => findAccountById(q, id));
    if (!account || account.disabled) return undefined;
    let profile: ActingFor | undefined;
    if (token?.grantId) {
      const bound = await findGrantProfile(db, token.grantId);
      if (bound && bound.accountId !== account.id) return undefined;
      profile = await liveProfile(actingFor, account.id, bound?.profileId ?? null);
      if (!profile) return undefined;
    }
    const agencyCode = String(ctx.oidc.client?.['agency_code'] ?? '');
    return {
      accountId: account.id,
      async claims(_use, scope) {
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
          ...(profile && hasScope(scope, 'acting_for')
            ? {
                acting_for: actingForClaim(profile, {
                  nationalCode: hasScope(scope, 'national_code'),
                  // Another input space than account ids (those are UUIDs): never equal to anyone's `sub`.
                  reference: (subject) => pairwiseSubject(pairwiseSalt, agencyCode, `${subject.identifierType}:${subject.identifier}`),
                }),
              }
            : {}),
        };
      },
    };
  };
}

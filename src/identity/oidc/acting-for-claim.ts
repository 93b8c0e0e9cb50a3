import type { ActingFor, ProfileSubject } from '../../core/profiles.ts';
import { AppError } from '../../core/errors.ts';

/** The profiles' check (src/identity/profiles `actingFor`), given to the provider so tests can make a profile die. */
export type ActingForCheck = (accountId: string, profileId: string | null) => Promise<ActingFor>;

/**
 * The `acting_for` claim (scope `acting_for`): whom the person acts for in this sign-in.
 *
 * - Oneself: `{ "kind": "self" }` — said outright, so a client can tell "for themself" from "not asked".
 * - A legal entity: its legal id (شناسه ملی), which the business registry publishes anyway.
 * - A person (a ward, a mandate's giver): their national code (or foreign national id) only when
 *   the grant holds the `national_code` scope — the client was registered for national codes and
 *   the person agreed to share one — the same rule as for the signed-in person's own code.
 *   Otherwise a reference pairwise to the client's agency (`identifier_type: "pairwise"`), so the
 *   agency recognises the same person again without learning their national code.
 * - Names in English (`name`) and Persian (`name#fa`, OpenID Connect Core §5.2 tags), the
 *   role, a mandate's services (catalog service ids) and the profile's end (`valid_until`,
 *   ISO 8601), each left out when there is none.
 */
export interface ActingForClaim {
  kind: ActingFor['kind'];
  identifier_type?: ProfileSubject['identifierType'] | 'pairwise';
  identifier?: string;
  name?: string;
  'name#fa'?: string;
  role?: { code: string; name: string; 'name#fa': string };
  services?: string[];
  valid_until?: string;
}

export interface ClaimRelease {
  /** The grant holds the `national_code` scope. */
  nationalCode: boolean;
  /** A person's reference within the client's agency, when their national code is not released. */
  reference: (subject: ProfileSubject) => string;
}

export function actingForClaim(profile: ActingFor, release: ClaimRelease): ActingForClaim {
  if (profile.kind === 'self') return { kind: 'self' };
  const { subject } = profile;
  const hidden = subject.identifierType !== 'legal_id' && !release.nationalCode;
  return {
    kind: profile.kind,
    identifier_type: hidden ? 'pairwise' : subject.identifierType,
    identifier: hidden ? release.reference(subject) : subject.identifier,
    name: subject.nameEn,
    'name#fa': subject.nameFa,
    ...(profile.role ? { role: { code: profile.role.code, name: profile.role.en, 'name#fa': profile.role.fa } } : {}),
    ...(profile.services ? { services: [...profile.services] } : {}),
    ...(profile.validUntil ? { valid_until: profile.validUntil } : {}),
  };
}

/**
 * `actingFor` now, or undefined when the profile (or the account) is gone: the token request
 * that asked is then refused. Anything else (the database down) is not a refusal; it is thrown.
 */
export async function liveProfile(check: ActingForCheck, accountId: string, profileId: string | null): Promise<ActingFor | undefined> {
  try {
    return await check(accountId, profileId);
  } catch (err) {
    if (err instanceof AppError && (err.code === 'PROFILE_NOT_AVAILABLE' || err.code === 'UNAUTHENTICATED')) return undefined;
    throw err;
  }
}

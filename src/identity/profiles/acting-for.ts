import type { ActingFor } from '../../core/profiles.ts';
import { AppError, isAppError } from '../../core/errors.ts';
import type { Database, Sql } from '../../db/database.ts';
import { findAccountById, type AccountRow } from '../accounts/index.ts';
import { Confirmations } from './confirmations.ts';
import { addDays, dayIn, startOfDay } from './days.ts';
import { clearActiveProfile, findProfile, removeLegalEntity, removeWard, type LegalEntityRow, type MandateRow, type WardRow } from './profile-repository.ts';
import { unavailableProfileRegistry, type ProfileRegistry } from './registry.ts';

/**
 * What `actingFor` needs. Only `db` is required: without a registry, profiles that need one
 * (wards, legal entities) give nothing; mandates need none. The app builds one of these
 * (`profilesFromConfig`) and hands the same object to the pages, the inquiries and the OpenID
 * Connect provider, so they share the registry client and the confirmations cache.
 */
export interface ActingForDeps {
  db: Database;
  registry?: ProfileRegistry | null;
  /** The clock (tests pin it); default: now. */
  now?: () => Date;
  /** The country's time zone, where a mandate's days and a ward's birthday begin; default Asia/Tehran. */
  timeZone?: string;
  /** Registry "yes" answers the portal's pages may reuse briefly; none: always ask. */
  confirmations?: Confirmations;
  /**
   * Takes one of the account's registry look-ups that a person starts by typing an identifier
   * (a mandate's grantee, a legal identifier): null when allowed, else the seconds to wait. A
   * bound on using the window to ask the registries about many people. None: unlimited.
   */
  lookupAllowance?: (accountId: string) => Promise<number | null>;
}

/** Throws `RATE_LIMITED` (with `Retry-After`) when the account used up its look-ups. */
export async function takeLookup(deps: ActingForDeps, accountId: string): Promise<void> {
  const wait = deps.lookupAllowance ? await deps.lookupAllowance(accountId) : null;
  if (wait !== null) throw new AppError('RATE_LIMITED', { extensions: { retryAfterSeconds: wait } });
}

export interface ActingForOptions {
  /**
   * Ask the registries whatever the cache holds: switching to a profile, and the OpenID Connect
   * provider when it issues or refreshes a token, pass it.
   */
  fresh?: boolean;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const notAvailable = () => new AppError('PROFILE_NOT_AVAILABLE');

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

export const timeZoneOf = (deps: ActingForDeps) => deps.timeZone ?? 'Asia/Tehran';
export const todayFor = (deps: ActingForDeps) => dayIn((deps.now ?? (() => new Date()))(), timeZoneOf(deps));

/** A mandate is usable from its first day to its last, inclusive, unless revoked or its grantor's account is disabled. */
export function mandateIsLive(m: Pick<MandateRow, 'revokedAt' | 'startsOn' | 'endsOn' | 'grantorDisabled'>, today: string): boolean {
  return m.revokedAt === null && !m.grantorDisabled && m.startsOn <= today && today <= m.endsOn;
}

function mandateProfile(deps: ActingForDeps, m: MandateRow): ActingFor {
  return {
    profileId: m.id,
    kind: 'mandate',
    subject: { identifierType: m.grantorIdentifierType, identifier: m.grantorIdentifier, nameFa: m.grantorNameFa, nameEn: m.grantorNameEn },
    role: null,
    services: [...m.services],
    validUntil: startOfDay(addDays(m.endsOn, 1), timeZoneOf(deps)),
  };
}

function wardProfile(deps: ActingForDeps, w: WardRow): ActingFor {
  return {
    profileId: w.id,
    kind: 'ward',
    subject: { identifierType: 'national_code', identifier: w.nationalCode, nameFa: w.nameFa, nameEn: w.nameEn },
    role: w.role,
    services: null,
    validUntil: startOfDay(w.until, timeZoneOf(deps)),
  };
}

function legalEntityProfile(e: LegalEntityRow): ActingFor {
  return {
    profileId: e.id,
    kind: 'legal_entity',
    subject: { identifierType: 'legal_id', identifier: e.legalId, nameFa: e.nameFa, nameEn: e.nameEn },
    role: e.role,
    services: null,
    validUntil: null,
  };
}

/** A registry "yes", from the cache unless `fresh`, else asked now and remembered. */
async function confirmed(deps: ActingForDeps, key: string, fresh: boolean, ask: () => Promise<boolean>): Promise<boolean> {
  if (!fresh && deps.confirmations?.recent(key)) return true;
  const yes = await ask();
  if (yes) deps.confirmations?.remember(key);
  else deps.confirmations?.forget(key);
  return yes;
}

/** The registry said no: the profile is gone for good, and no session keeps acting for it. */
async function retire(deps: ActingForDeps, accountId: string, profileId: string, remove: (tx: Sql) => Promise<unknown>): Promise<never> {
  await deps.db.transaction(async (tx) => {
    await remove(tx);
    await clearActiveProfile(tx, accountId, profileId);
  });
  throw notAvailable();
}

/**
 * Who `accountId` acts for with `profileId` (null: themself), checked now, on every call:
 * a mandate must be given to this account's identifier, not revoked, started and not ended; a
 * ward must be under 18 (from the stored birthday) and the guardianship still confirmed by the
 * civil registry; a representation still confirmed by the business registry. Throws
 * `PROFILE_NOT_AVAILABLE` when the profile is not theirs or no longer valid, and
 * `REGISTRY_UNAVAILABLE` when a registry that must confirm it cannot be asked.
 */
export async function actingFor(deps: ActingForDeps, accountId: string, profileId: string | null, options: ActingForOptions = {}): Promise<ActingFor> {
  const account = await deps.db.run((q) => findAccountById(q, accountId));
  if (!account || account.disabled) throw new AppError('UNAUTHENTICATED');
  if (profileId === null) return selfProfile(account);
  if (!uuidPattern.test(profileId)) throw notAvailable();
  const fresh = options.fresh === true;
  const today = todayFor(deps);
  const registry = deps.registry ?? unavailableProfileRegistry;

  const found = await deps.db.run((q) => findProfile(q, accountId, profileId));
  const mandate = found?.kind === 'mandate' ? found.row : undefined;
  const ward = found?.kind === 'ward' ? found.row : undefined;
  const entity = found?.kind === 'legal_entity' ? found.row : undefined;

  if (mandate) {
    const mine = mandate.granteeIdentifierType === account.identifierType && mandate.granteeIdentifier === account.identifier;
    if (!mine || !mandateIsLive(mandate, today)) throw notAvailable();
    return mandateProfile(deps, mandate);
  }
  if (ward) {
    if (today >= ward.until || account.identifierType !== 'national_code') throw notAvailable();
    const still = await confirmed(deps, `ward:${account.identifier}:${ward.nationalCode}`, fresh, async () =>
      (await registry.wardsOf(account.identifier)).some((w) => w.nationalCode === ward.nationalCode && today < w.until),
    );
    if (!still) return retire(deps, accountId, ward.id, (tx) => removeWard(tx, accountId, ward.id));
    return wardProfile(deps, ward);
  }
  if (entity) {
    if (account.identifierType !== 'national_code') throw notAvailable();
    const still = await confirmed(deps, `rep:${entity.legalId}:${account.identifier}`, fresh, async () => (await registry.representation(entity.legalId, account.identifier))?.represents === true);
    if (!still) return retire(deps, accountId, entity.id, (tx) => removeLegalEntity(tx, accountId, entity.id));
    return legalEntityProfile(entity);
  }
  throw notAvailable();
}

/** Whether an error means "this profile gives nothing" rather than a fault to report. */
export const isProfileGone = (error: unknown) => isAppError(error) && error.code === 'PROFILE_NOT_AVAILABLE';

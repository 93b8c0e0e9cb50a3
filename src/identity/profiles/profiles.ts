/**
 * The profiles page's and API's rules: what a person may act for (listed), switching the
 * session's profile (confirmed fresh, recorded), and adding a legal entity (confirmed by the
 * business registry). Wards are not added: the civil registry lists them, and each listing
 * brings the stored ones up to date.
 */
import { randomUUID } from 'node:crypto';
import type { ActingFor } from '../../core/profiles.ts';
import { AppError } from '../../core/errors.ts';
import { parseLegalId } from '../../core/legal-id.ts';
import type { AccountRow } from '../accounts/index.ts';
import { actingFor, mandateIsLive, selfProfile, takeLookup, todayFor, type ActingForDeps } from './acting-for.ts';
import { mandatesReceived, type Client } from './mandates.ts';
import { liveLegalEntities, liveWards, recordProfileEvent, setActiveProfile, syncWards, upsertLegalEntity, type LegalEntityRow, type MandateRow, type WardRow } from './profile-repository.ts';
import { unavailableProfileRegistry, type RegistryCompany } from './registry.ts';

export interface ProfileList {
  self: ActingFor;
  legalEntities: LegalEntityRow[];
  /** Under 18 today, as the civil registry last listed them. */
  wards: WardRow[];
  /** Given to the person and not ended; `live` says whether it can be used today. */
  mandates: (MandateRow & { live: boolean })[];
  /** Companies the business registry lists for the person that they have not added yet. */
  suggestions: RegistryCompany[];
  /** A registry could not be asked: wards and suggestions may be out of date. */
  registryUnavailable: boolean;
}

const registryOf = (deps: ActingForDeps) => deps.registry ?? unavailableProfileRegistry;

/** Every profile of the person. Asks the civil registry for wards (and stores what it says) and the business registry for suggestions. */
export async function listProfiles(deps: ActingForDeps, account: AccountRow): Promise<ProfileList> {
  const today = todayFor(deps);
  let registryUnavailable = false;
  let suggestions: RegistryCompany[] = [];
  if (account.identifierType === 'national_code') {
    try {
      const listed = await registryOf(deps).wardsOf(account.identifier);
      const current = listed.filter((w) => today < w.until);
      await deps.db.transaction((tx) => syncWards(tx, account.id, current.map((w) => ({ ...w, newId: randomUUID() }))));
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'REGISTRY_UNAVAILABLE')) throw error;
      registryUnavailable = true;
    }
    try {
      suggestions = await registryOf(deps).companiesOf(account.identifier);
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'REGISTRY_UNAVAILABLE')) throw error;
      registryUnavailable = true;
    }
  }
  const [legalEntities, wards] = await deps.db.run(async (q) => [await liveLegalEntities(q, account.id), await liveWards(q, account.id)] as const);
  const added = new Set(legalEntities.map((e) => e.legalId));
  const mandates = (await mandatesReceived(deps, account)).map((m) => ({ ...m, live: mandateIsLive(m, today) }));
  return {
    self: selfProfile(account),
    legalEntities,
    wards: wards.filter((w) => today < w.until),
    mandates,
    suggestions: suggestions.filter((c) => !added.has(c.legalId)),
    registryUnavailable,
  };
}

/**
 * Makes the session act for `profileId` (null: the person themself), after confirming it with
 * the registries now. A profile that is not the person's, or no longer valid, changes nothing.
 */
export async function switchProfile(deps: ActingForDeps, session: { id: string; accountId: string }, profileId: string | null, client: Client): Promise<ActingFor> {
  const chosen = await actingFor(deps, session.accountId, profileId, { fresh: true });
  await deps.db.transaction(async (tx) => {
    if (!(await setActiveProfile(tx, session.id, session.accountId, chosen.profileId))) throw new AppError('UNAUTHENTICATED');
    await recordProfileEvent(tx, { accountId: session.accountId, kind: 'profile_switched', reason: chosen.profileId ? `${chosen.kind}:${chosen.profileId}` : 'self', ...client });
  });
  return chosen;
}

/** Adds a legal entity the business registry says the person represents; adding it again refreshes it. */
export async function addLegalEntity(deps: ActingForDeps, account: AccountRow, rawLegalId: string, client: Client): Promise<LegalEntityRow> {
  const parsed = parseLegalId(rawLegalId);
  if (!parsed.ok) throw new AppError('LEGAL_ID_INVALID');
  if (account.identifierType !== 'national_code') throw new AppError('LEGAL_ENTITY_NOT_REPRESENTED');
  await takeLookup(deps, account.id);
  const answer = await registryOf(deps).representation(parsed.id, account.identifier);
  if (!answer?.represents || !answer.role) throw new AppError('LEGAL_ENTITY_NOT_REPRESENTED');
  const role = answer.role;
  return deps.db.transaction(async (tx) => {
    const { row, added } = await upsertLegalEntity(tx, { newId: randomUUID(), accountId: account.id, legalId: parsed.id, nameFa: answer.nameFa, nameEn: answer.nameEn, role, signatory: answer.signatory });
    if (added) await recordProfileEvent(tx, { accountId: account.id, kind: 'legal_entity_added', reason: `legal_entity:${row.id}`, ...client });
    return row;
  });
}

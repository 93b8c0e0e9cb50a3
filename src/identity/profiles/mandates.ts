/**
 * Giving and revoking mandates. A grant is checked in this order, and writes nothing until all
 * passed: the typed values (mandate-input.ts); the services in the catalog; the grantee at the
 * civil registry (a living person it knows — asked on behalf of the grantor). Then one
 * transaction writes the mandate and the grantor's `mandate_granted` event. Only the grantor
 * revokes, at any time; the grantee's profile gives nothing from that moment (`actingFor`).
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../core/errors.ts';
import type { CountryPack } from '../../core/country-packs/index.ts';
import { readServiceNames } from '../../registry/index.ts';
import type { AccountRow } from '../accounts/index.ts';
import { takeLookup, todayFor, type ActingForDeps } from './acting-for.ts';
import { parseMandate, type MandateInput, type MandateRefusal } from './mandate-input.ts';
import { countLiveMandatesGivenBy, findMandate, insertMandate, mandatesGivenBy, mandatesGivenTo, recordProfileEvent, revokeMandateRow, type MandateRow } from './profile-repository.ts';
import { unavailableProfileRegistry } from './registry.ts';

export interface Client {
  address: string | null;
  userAgent: string | null;
}

/** A person may hold at most this many live mandates given at once: each costs others a profile. */
export const MAX_LIVE_MANDATES = 100;
/** How many mandates the pages and the API list, newest first. */
export const MANDATE_LIST_LIMIT = 200;

export interface MandateRules {
  maxDays: number;
  pack: Pick<CountryPack, 'serviceIdPrefix'>;
}

export type GrantResult = { ok: true; mandate: MandateRow } | { ok: false; refusals: MandateRefusal[] };

export async function grantMandate(deps: ActingForDeps, rules: MandateRules, grantor: AccountRow, input: MandateInput, client: Client): Promise<GrantResult> {
  const today = todayFor(deps);
  const parsed = parseMandate(input, { grantorIdentifier: grantor.identifier, today, maxDays: rules.maxDays, pack: rules.pack });
  if (!parsed.ok) return parsed;
  const m = parsed.value;
  const known = await deps.db.run((q) => readServiceNames(q, m.services));
  if (m.services.some((id) => !known.has(id))) return { ok: false, refusals: [{ code: 'MANDATE_SERVICE_NOT_FOUND', field: 'services' }] };
  if ((await deps.db.run((q) => countLiveMandatesGivenBy(q, grantor.id, today))) >= MAX_LIVE_MANDATES) {
    return { ok: false, refusals: [{ code: 'MANDATE_TOO_MANY', field: 'grantee' }] };
  }
  await takeLookup(deps, grantor.id);
  // The call is made for the grantor; a foreign resident has no national code to name them by.
  const person = await (deps.registry ?? unavailableProfileRegistry).person(m.granteeNationalCode, grantor.identifierType === 'national_code' ? grantor.identifier : null);
  if (!person || !person.alive) return { ok: false, refusals: [{ code: 'MANDATE_GRANTEE_UNKNOWN', field: 'grantee' }] };
  const id = randomUUID();
  await deps.db.transaction(async (tx) => {
    await insertMandate(tx, { id, grantorAccountId: grantor.id, granteeIdentifierType: 'national_code', granteeIdentifier: m.granteeNationalCode, granteeNameFa: person.nameFa, granteeNameEn: person.nameEn, services: m.services, startsOn: m.startsOn, endsOn: m.endsOn });
    await recordProfileEvent(tx, { accountId: grantor.id, kind: 'mandate_granted', reason: `mandate:${id}`, ...client });
  });
  const mandate = await deps.db.run((q) => findMandate(q, id));
  return { ok: true, mandate: mandate! };
}

/** Revokes a mandate the account gave; another's, or none, is `MANDATE_NOT_FOUND`. Revoking twice changes nothing. */
export async function revokeMandate(deps: ActingForDeps, grantor: AccountRow, mandateId: string, client: Client): Promise<MandateRow> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(mandateId);
  const found = uuid ? await deps.db.run((q) => findMandate(q, mandateId)) : undefined;
  if (!found || found.grantorAccountId !== grantor.id) throw new AppError('MANDATE_NOT_FOUND');
  if (found.revokedAt === null) {
    await deps.db.transaction(async (tx) => {
      if (await revokeMandateRow(tx, mandateId, grantor.id)) await recordProfileEvent(tx, { accountId: grantor.id, kind: 'mandate_revoked', reason: `mandate:${mandateId}`, ...client });
    });
  }
  return (await deps.db.run((q) => findMandate(q, mandateId)))!;
}

export const mandatesGiven = (deps: ActingForDeps, account: AccountRow) => deps.db.run((q) => mandatesGivenBy(q, account.id, MANDATE_LIST_LIMIT));

/** Mandates given to the account that have not ended, those not started yet included. */
export const mandatesReceived = (deps: ActingForDeps, account: AccountRow) =>
  deps.db.run((q) => mandatesGivenTo(q, account.identifierType, account.identifier, todayFor(deps), MANDATE_LIST_LIMIT));

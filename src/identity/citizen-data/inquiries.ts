/**
 * "My inquiries": a person asks an agency about themself, or about whom they act for (a ward,
 * a person who gave them a mandate), through the exchange with the window's own client — so
 * the call is in the exchange log with its purpose, its data subject (the person asked about)
 * and its user (`X-Road-UserId`, the person who asked), and the person asked about sees it on
 * "who accessed my data".
 *
 * Rules, in the order they are checked:
 * 1. The profile is re-checked now (`actingFor`): a revoked mandate gives nothing.
 * 2. A legal entity has no literacy level, booklet or ID card: `INQUIRY_NOT_FOR_LEGAL_ENTITY`.
 * 3. The agencies answer by national code: a foreign resident (themself, or a ward who is one)
 *    gets `INQUIRY_NEEDS_NATIONAL_CODE`.
 * 4. A mandate covers the catalog services it lists: the exchange service's catalog link
 *    (`registryServiceId` in the exchange configuration) must be one, else
 *    `INQUIRY_NOT_IN_MANDATE`. A service with no catalog link is covered by no mandate.
 * 5. Any fault of the exchange or the agency — not set up, unreachable, refused, an answer of
 *    the wrong shape — is `INQUIRY_UNAVAILABLE` (503), with the detail for the server log.
 *    "No record" (404) is an answer, not a fault.
 */
import type { ActingFor } from '../../core/profiles.ts';
import { AppError } from '../../core/errors.ts';
import type { Database } from '../../db/database.ts';
import type { SnapshotSource } from '../../exchange/index.ts';
import { findAccountById, type AccountRow } from '../accounts/index.ts';
import { actingFor, type ActingForDeps } from '../profiles/index.ts';
import type { ExchangeClient, OnBehalf } from '../registries/index.ts';
import { inquiryPath, inquiryPurpose, readInquiryAnswer, type InquiryAnswer, type InquiryKind, type InquiryServices } from './inquiry-kinds.ts';

export interface InquiryDeps {
  db: Database;
  /** Whom the person acts for: the profiles' deps (registry client, confirmations). */
  profiles: ActingForDeps;
  /** The window's own exchange client; null when it is not set up. */
  client: ExchangeClient | null;
  services: InquiryServices;
  /** The exchange configuration: which catalog service each exchange service serves. */
  source: SnapshotSource;
  now: () => Date;
}

export interface InquiryResult {
  kind: InquiryKind;
  /** Whom the inquiry was about: the profile's kind and the person's names. */
  about: { profileKind: ActingFor['kind']; nameFa: string; nameEn: string };
  /** False when the agency has no record of the person (its 404). */
  found: boolean;
  answer: InquiryAnswer | null;
  /** The exchange message id, to find the call in the exchange log. */
  messageId: string | null;
  askedAt: string;
}

/**
 * `X-Road-UserId` is the person who acted: the country prefix and their identifier. Foreign
 * residents carry their FIDA number (12 digits) after `IR`, the country that issued it; a
 * national code has 10, so the two never collide. The represented party is set only when
 * acting for a legal entity (`X-Road-Represented-Party` names legal entities, not people).
 */
export function onBehalfOf(actor: Pick<AccountRow, 'identifier'>, acting: ActingFor): OnBehalf {
  return {
    userId: `IR${actor.identifier}`,
    ...(acting.kind === 'legal_entity' ? { representedParty: acting.subject.identifier } : {}),
  };
}

/** The catalog service ids an exchange service serves (none when it has no catalog link). */
function catalogServiceOf(source: SnapshotSource, serviceId: string): string | null {
  return source.current().service(serviceId)?.service.registryServiceId ?? null;
}

/**
 * Rules 2–4 above for a profile: throws the refusal, or returns. `catalogId` is the catalog
 * service the inquiry's exchange service serves (null: none). Pure, so every kind of profile is
 * tested without the registries behind them.
 */
export function checkMayAsk(acting: ActingFor, catalogId: string | null): void {
  if (acting.kind === 'legal_entity') throw new AppError('INQUIRY_NOT_FOR_LEGAL_ENTITY');
  if (acting.subject.identifierType !== 'national_code') throw new AppError('INQUIRY_NEEDS_NATIONAL_CODE');
  if (acting.services !== null && (catalogId === null || !acting.services.includes(catalogId))) throw new AppError('INQUIRY_NOT_IN_MANDATE');
}

export async function runInquiry(deps: InquiryDeps, accountId: string, profileId: string | null, kind: InquiryKind): Promise<InquiryResult> {
  const acting = await actingFor(deps.profiles, accountId, profileId);
  const serviceId = deps.services[kind];
  checkMayAsk(acting, serviceId ? catalogServiceOf(deps.source, serviceId) : null);
  if (!deps.client || !serviceId) throw new AppError('INQUIRY_UNAVAILABLE', { detail: `${kind}: the window's exchange client or the inquiry's service id is not set up` });
  // The actor: the person signed in, whoever they act for (the self profile is them).
  const actor = acting.kind === 'self' ? { identifier: acting.subject.identifier } : await deps.db.run((q) => findAccountById(q, accountId));
  if (!actor) throw new AppError('UNAUTHENTICATED');
  const askedAt = deps.now().toISOString();
  let status: number;
  let body: unknown;
  let messageId: string | null;
  try {
    ({ status, body, messageId } = await deps.client.get(serviceId, inquiryPath(kind, acting.subject.identifier), inquiryPurpose(kind), onBehalfOf(actor, acting)));
  } catch (error) {
    if (error instanceof AppError && error.code === 'REGISTRY_UNAVAILABLE') throw new AppError('INQUIRY_UNAVAILABLE', { detail: error.detail ?? error.message, cause: error });
    throw error;
  }
  const about = { profileKind: acting.kind, nameFa: acting.subject.nameFa, nameEn: acting.subject.nameEn };
  if (status === 404) return { kind, about, found: false, answer: null, messageId, askedAt };
  const answer = status === 200 ? readInquiryAnswer(kind, body) : null;
  if (!answer) throw new AppError('INQUIRY_UNAVAILABLE', { detail: `${serviceId}: HTTP ${status}${status === 200 ? ', the answer does not have the expected shape' : ''} (message ${messageId})` });
  return { kind, about, found: true, answer, messageId, askedAt };
}

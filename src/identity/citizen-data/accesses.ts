/**
 * "Who accessed my data": the exchange-log records whose data subject is the signed-in person —
 * themself only, whichever profile they act for at the moment: a person sees the calls made
 * about them, including those made by someone acting for them (a guardian, a person holding
 * their mandate), whose names are shown when the window knows them.
 *
 * The list is the exchange's own (`accessesAbout`, the query operators and auditors use), for
 * the national code of the person's account. Foreign residents have no national code, and the
 * log records data subjects by national code only: for them the list is empty and says so
 * (`recorded: false`) instead of suggesting nobody looked.
 */
import { AppError } from '../../core/errors.ts';
import { masked } from '../../core/person-input.ts';
import type { Database } from '../../db/database.ts';
import { accessesAbout, type AccessQuery, type DataSubjectAccess, type SnapshotSource } from '../../exchange/index.ts';
import { findAccountById, type IdentifierType } from '../accounts/index.ts';
import { selectActorNames } from './actor-repository.ts';

export interface AccessesDeps {
  db: Database;
  source: SnapshotSource;
}

/** Who made a call about the person, when it was not the person themself. */
export interface Actor {
  /** Names from the window's accounts when it knows the person; null otherwise. */
  nameFa: string | null;
  nameEn: string | null;
  /** The identifier with all but its last four digits masked (`••••••5678`). */
  maskedId: string;
  /** The legal entity they acted for (`X-Road-Represented-Party`), when they said. */
  representedParty: string | null;
}

export interface MyAccess extends Omit<DataSubjectAccess, 'userId' | 'representedParty'> {
  /** Null when nobody was named (an agency's own system) or the person themself asked. */
  actedBy: Actor | null;
}

export interface MyAccessPage {
  /** False for a person without a national code: the log cannot name them as a data subject. */
  recorded: boolean;
  items: MyAccess[];
  nextCursor: string | null;
}

/** `X-Road-UserId` → the identifier after its two-letter country prefix, and its kind by length (see `onBehalfOf`). */
function actorIdentifier(userId: string): { identifierType: IdentifierType; identifier: string } | null {
  const m = /^IR(\d{10}|\d{12})$/.exec(userId);
  if (!m) return null;
  return { identifierType: m[1]!.length === 10 ? 'national_code' : 'foreign_national', identifier: m[1]! };
}

export async function myAccesses(deps: AccessesDeps, accountId: string, query: AccessQuery): Promise<MyAccessPage> {
  const account = await deps.db.run((q) => findAccountById(q, accountId));
  if (!account || account.disabled) throw new AppError('UNAUTHENTICATED');
  if (account.identifierType !== 'national_code') return { recorded: false, items: [], nextCursor: null };
  const page = await accessesAbout(deps.db, deps.source, account.identifier, query);
  const self = `IR${account.identifier}`;
  const others = new Map<string, { identifierType: IdentifierType; identifier: string }>();
  for (const item of page.items) {
    if (item.userId === null || item.userId === self) continue;
    const id = actorIdentifier(item.userId);
    if (id) others.set(item.userId, id);
  }
  // One statement for every name on the page, never one per record.
  const names = others.size ? await deps.db.run((q) => selectActorNames(q, [...others.values()])) : [];
  const nameOf = new Map(names.map((n) => [`IR${n.identifier}`, n]));
  return {
    recorded: true,
    nextCursor: page.nextCursor,
    items: page.items.map(({ userId, representedParty, ...rest }) => {
      if (userId === null || userId === self) return { ...rest, actedBy: null };
      const known = nameOf.get(userId);
      return { ...rest, actedBy: { nameFa: known?.nameFa ?? null, nameEn: known?.nameEn ?? null, maskedId: masked(userId.replace(/^[A-Z]{2}/, '')), representedParty } };
    }),
  };
}

import { createHash, createHmac, randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { Database } from '../../db/database.ts';
import { findAccountById, findAccountByIdentifier, type IdentifierType } from '../accounts/index.ts';
import { findApprovalByLink, insertApproval, lockAccountApproval, lockApprovalByWaiter, pendingApprovals, setApprovalStatus, type ApprovalRow } from './approval-repository.ts';
import { recordEvent, type Client } from './sign-in-repository.ts';
import { signIn, usable, type SignedIn } from './sign-in.ts';

/**
 * Signing in on a new device by approving it on one already signed in. The new device shows a
 * two-digit number and a QR code (a link); the person opens the link on their signed-in device,
 * or finds the request under their account, and picks the number they see among three. A wrong
 * pick denies the request, so an approval cannot be given blindly to someone else's request
 * (the "MFA fatigue" attack). Requests live two minutes. The new device is identified by a
 * secret in its cookie; the link's secret is derived from it, so the waiting page can draw the
 * QR code again at each refresh without the link being stored.
 */
export const approvalLifetimeSeconds = 120;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const linkTokenOf = (waiterSecret: string) => createHmac('sha256', waiterSecret).update('sign-in approval link').digest('base64url');

function choicesAround(number: number): number[] {
  const set = new Set([number]);
  while (set.size < 3) set.add(randomInt(10, 100));
  return [...set].sort((a, b) => a - b);
}

/** Starts a request; an unknown identifier gets one too (never approvable), so the answer is alike. */
export async function startApproval(db: Database, input: { identifierType: IdentifierType; identifier: string; client: Client }): Promise<{ waiterSecret: string }> {
  const waiterSecret = randomBytes(32).toString('base64url');
  const number = randomInt(10, 100);
  await db.transaction(async (tx) => {
    const account = await findAccountByIdentifier(tx, input.identifierType, input.identifier);
    const accountId = usable(account) ? account.id : null;
    await insertApproval(tx, { id: randomUUID(), accountId, waiterHash: sha256(waiterSecret), linkHash: sha256(linkTokenOf(waiterSecret)), number, choices: choicesAround(number), lifetimeSeconds: approvalLifetimeSeconds });
    await recordEvent(tx, { accountId: account?.id ?? null, kind: 'approval_requested', outcome: accountId ? 'success' : 'failure', reason: accountId ? null : account ? 'account_unusable' : 'unknown_identifier', client: input.client });
  });
  return { waiterSecret };
}

export type WaitState = { state: 'pending'; number: number; secondsLeft: number } | { state: 'approved'; signedIn: SignedIn } | { state: 'denied' | 'expired' };

/** What the new device sees: still waiting, refused or expired, or — once — signed in. */
export async function waitForApproval(db: Database, input: { waiterSecret: string; client: Client }): Promise<WaitState> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(input.waiterSecret)) return { state: 'expired' };
  return db.transaction(async (tx) => {
    const row = await lockApprovalByWaiter(tx, sha256(input.waiterSecret));
    if (!row || row.status === 'used') return { state: 'expired' } as const;
    if (row.status === 'denied') return { state: 'denied' } as const;
    if (row.status === 'pending') return row.expired ? ({ state: 'expired' } as const) : ({ state: 'pending', number: row.number, secondsLeft: row.secondsLeft } as const);
    const account = row.accountId ? await findAccountById(tx, row.accountId) : undefined;
    await setApprovalStatus(tx, row.id, 'used');
    if (!usable(account)) return { state: 'expired' } as const;
    return { state: 'approved', signedIn: await signIn(tx, account, ['user'], input.client) } as const;
  });
}

/** A request opened by its link on a signed-in device: only the account's own, still pending. */
export async function approvalByLink(db: Database, input: { linkToken: string; accountId: string }): Promise<ApprovalRow | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(input.linkToken)) return null;
  const row = await db.run((q) => findApprovalByLink(q, sha256(input.linkToken)));
  return row && row.accountId === input.accountId && row.status === 'pending' && !row.expired ? row : null;
}

export const approvalsAwaiting = (db: Database, accountId: string) => db.run((q) => pendingApprovals(q, accountId));

/** The signed-in person's answer: the number they picked (right → approved, wrong → denied), or a refusal. */
export async function decideApproval(db: Database, input: { id: string; accountId: string; picked: number | 'deny'; client: Client }): Promise<'approved' | 'denied' | 'gone'> {
  return db.transaction(async (tx) => {
    const row = await lockAccountApproval(tx, input.id, input.accountId);
    if (!row || row.status !== 'pending' || row.expired) return 'gone' as const;
    const right = input.picked === row.number;
    await setApprovalStatus(tx, row.id, right ? 'approved' : 'denied');
    await recordEvent(tx, { accountId: input.accountId, kind: 'approval', outcome: right ? 'success' : 'failure', reason: input.picked === 'deny' ? 'refused' : right ? null : 'wrong_number', client: input.client });
    return right ? ('approved' as const) : ('denied' as const);
  });
}

import { createHash, randomBytes } from 'node:crypto';
import type { Database, Sql } from '../../db/database.ts';
import type { Principal } from '../../core/access.ts';
import { sessionAcr, withSecondFactor, type Amr } from '../../core/assurance.ts';
import {
  completeSecondFactorRow,
  findLiveCitizenSession,
  insertCitizenSession,
  revokeAccountSessionRows,
  revokeCitizenSessionRow,
  type CitizenSessionRow,
} from './session-repository.ts';

/** How long a person stays signed in on the portal without signing in again. */
export const citizenSessionLifetimeSeconds = 12 * 60 * 60;

const secretPattern = /^[A-Za-z0-9_-]{43}$/;
const sessionIdOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

export type CitizenPrincipal = Extract<Principal, { kind: 'citizen' }>;

export interface CitizenSession extends CitizenSessionRow {
  principal: CitizenPrincipal;
}

/**
 * Signs a person in after their first factor. When their account has a second factor the
 * session is created owing it (`secondFactorPending`): it signs nobody in until
 * `completeSecondFactor`. Runs in the caller's transaction, so the sign-in event and the
 * session are written together. The cookie secret is returned once and never stored.
 */
export async function createCitizenSession(
  tx: Sql,
  input: { accountId: string; accountAssurance: 1 | 2; amr: readonly Amr[]; secondFactorPending: boolean },
): Promise<{ secret: string; csrfToken: string; sessionId: string }> {
  const secret = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const sessionId = sessionIdOf(secret);
  await insertCitizenSession(tx, {
    id: sessionId,
    accountId: input.accountId,
    csrfToken,
    acr: sessionAcr(input.accountAssurance, input.amr),
    amr: input.amr,
    secondFactorPending: input.secondFactorPending,
    lifetimeSeconds: citizenSessionLifetimeSeconds,
  });
  return { secret, csrfToken, sessionId };
}

/**
 * The live session behind a cookie value, or null (malformed, unknown, expired, revoked, or the
 * account disabled). A session still owing its second factor is returned with
 * `secondFactorPending` set and must not be treated as signed in.
 */
export async function findCitizenSession(db: Database, secret: string): Promise<CitizenSession | null> {
  if (!secretPattern.test(secret)) return null;
  const row = await db.run((q) => findLiveCitizenSession(q, sessionIdOf(secret)));
  if (!row) return null;
  return { ...row, principal: { kind: 'citizen', accountId: row.accountId, acr: row.acr, amr: row.amr } };
}

/** The owed second factor was verified: the session signs the person in at the higher level. */
export async function completeSecondFactor(tx: Sql, session: CitizenSessionRow, accountAssurance: 1 | 2, factor: Amr): Promise<boolean> {
  const amr = withSecondFactor(session.amr as Amr[], factor);
  return completeSecondFactorRow(tx, session.id, sessionAcr(accountAssurance, amr), amr);
}

export const revokeCitizenSession = (tx: Sql, sessionId: string) => revokeCitizenSessionRow(tx, sessionId);
export const revokeAccountSessions = (tx: Sql, accountId: string) => revokeAccountSessionRows(tx, accountId);

import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../db/database.ts';
import type { Principal } from '../core/access.ts';
import { authenticateToken, hashToken } from './staff.ts';
import { findLiveSession, findLiveTokenId, insertSession, revokeSessionRow } from './session-repository.ts';

/** How long a staff page session lasts: a working day, after which the token is asked again. */
export const sessionLifetimeSeconds = 8 * 60 * 60;

const secretPattern = /^[A-Za-z0-9_-]{43}$/;
const sessionIdOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

export interface StaffSession {
  /** SHA-256 of the cookie secret: safe to keep in memory and to revoke by. */
  id: string;
  csrfToken: string;
  staffName: string;
  principal: Extract<Principal, { kind: 'staff' }>;
}

/**
 * Signs a staff member in with one of their API tokens. Returns the cookie secret, which is
 * handed to the browser once and never stored, or null when the token does not verify.
 */
export async function createSession(db: Database, token: string): Promise<{ secret: string; csrfToken: string } | null> {
  const principal = await authenticateToken(db, token);
  if (!principal || principal.kind !== 'staff') return null;
  const secret = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const created = await db.transaction(async (tx) => {
    // Looked up again because the session is bound to the token: revoking it signs the person out.
    const apiTokenId = await findLiveTokenId(tx, hashToken(token));
    if (!apiTokenId) return false;
    await insertSession(tx, { id: sessionIdOf(secret), staffId: principal.staffId, apiTokenId, csrfToken, lifetimeSeconds: sessionLifetimeSeconds });
    return true;
  });
  return created ? { secret, csrfToken } : null;
}

/** The live session behind a cookie value, or null (malformed, unknown, expired, revoked). */
export async function findSession(db: Database, secret: string): Promise<StaffSession | null> {
  if (!secretPattern.test(secret)) return null;
  const row = await db.run((q) => findLiveSession(q, sessionIdOf(secret)));
  if (!row) return null;
  return {
    id: row.id,
    csrfToken: row.csrfToken,
    staffName: row.staffName,
    principal: { kind: 'staff', staffId: row.staffId, role: row.role, agencyCode: row.agencyCode, authenticatedBy: 'api_token' },
  };
}

export async function revokeSession(db: Database, sessionId: string): Promise<boolean> {
  return db.transaction((tx) => revokeSessionRow(tx, sessionId));
}

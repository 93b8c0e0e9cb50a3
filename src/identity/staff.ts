import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Database } from '../db/database.ts';
import { AppError } from '../core/errors.ts';
import type { Principal, StaffRole } from '../core/access.ts';
import { findActiveStaffByTokenHash, findStaff, insertStaff, insertToken, listStaff, selectStaffNames, type StaffRow } from './staff-repository.ts';
import { getAgency } from '../registry/index.ts';
import { mapConstraintViolations } from '../db/constraint-violation.ts';

const tokenPattern = /^ow_[A-Za-z0-9_-]{43}$/;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createStaff(db: Database, input: { name: string; role: StaffRole; agencyCode?: string | null }): Promise<StaffRow> {
  const agencyCode = input.agencyCode ?? null;
  if (input.role === 'agency_admin' && !agencyCode) throw new AppError('VALIDATION_FAILED', { message: 'An agency admin needs an agency' });
  if (input.role !== 'agency_admin' && agencyCode) throw new AppError('VALIDATION_FAILED', { message: 'Only an agency admin belongs to an agency' });
  return mapConstraintViolations(
    db.transaction(async (tx) => {
      if (agencyCode && !(await getAgency(tx, agencyCode))) throw new AppError('AGENCY_NOT_FOUND');
      return insertStaff(tx, { id: randomUUID(), name: input.name, role: input.role, agencyCode });
    }),
    { foreignKey: 'AGENCY_NOT_FOUND' },
  );
}

/** Issues a new bearer token; the plain token is returned once and only its hash is kept. */
export async function issueToken(db: Database, staffId: string, options: { label?: string; expiresAt?: Date | null } = {}): Promise<{ token: string; tokenId: string }> {
  const token = `ow_${randomBytes(32).toString('base64url')}`;
  const tokenId = randomUUID();
  await db.transaction(async (tx) => {
    if (!(await findStaff(tx, staffId))) throw new AppError('STAFF_NOT_FOUND');
    await insertToken(tx, { id: tokenId, staffId, tokenHash: hashToken(token), label: options.label ?? '', expiresAt: options.expiresAt?.toISOString() ?? null });
  });
  return { token, tokenId };
}

export async function authenticateToken(db: Database, token: string): Promise<Principal | null> {
  if (!tokenPattern.test(token)) return null;
  const staff = await db.run((q) => findActiveStaffByTokenHash(q, hashToken(token)));
  if (!staff) return null;
  return { kind: 'staff', staffId: staff.id, role: staff.role, agencyCode: staff.agencyCode, authenticatedBy: 'api_token' };
}

export const allStaff = (db: Database) => db.run(listStaff);

/** Who the staff accounts behind history entries are, for people reading the history. */
export const staffNames = (db: Database, ids: readonly string[]) => db.run((q) => selectStaffNames(q, ids));

import type { FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import type { Authenticator } from '../http/access.ts';
import { AppError } from '../core/errors.ts';
import { acrValues } from '../core/assurance.ts';
import { parseNationalCode } from '../core/national-code.ts';
import { mapConstraintViolations } from '../db/constraint-violation.ts';
import { findAccountByIdentifier, type IdentifierType } from './accounts/index.ts';
import { citizenSessionOf } from './citizen-sessions/index.ts';
import { findEnabledStaffByAccount, findStaff, setStaffAccount } from './staff-repository.ts';

/**
 * Staff sign in as the person they are: the same sign-in pages and portal session that the
 * OpenID Connect provider signs agencies' users in with, and a second factor required. Their
 * role stays in OneWindow's staff table, which names the person's account. API tokens remain for
 * machines. The second factor is not negotiable: a staff session that did not pass one gets no
 * staff role (the staff sign-in page tells the person how to set one up).
 */
export function staffSignOnAuthenticator(db: Database): Authenticator {
  return async (request) => {
    // Only where staff are asked for: on the portal's own pages a staff member is a person like any other.
    if (!Array.isArray(request.routeOptions.config?.access)) return null;
    const session = await citizenSessionOf(db, request);
    if (!session || session.secondFactorPending || session.acr !== acrValues.mfa) return null;
    const staff = await db.run((q) => findEnabledStaffByAccount(q, session.accountId));
    if (!staff) return null;
    request.staffSession = { id: session.id, csrfToken: session.csrfToken };
    request.staffName = staff.name;
    return { kind: 'staff', staffId: staff.id, role: staff.role, agencyCode: staff.agencyCode, authenticatedBy: 'single_sign_on' };
  };
}

/** Whether the person signed in on this request could open the staff area after a second factor. */
export async function staffAccountWithoutSecondFactor(db: Database, request: FastifyRequest): Promise<boolean> {
  const session = await citizenSessionOf(db, request);
  if (!session || session.acr === acrValues.mfa) return false;
  return (await db.run((q) => findEnabledStaffByAccount(q, session.accountId))) !== undefined;
}

/** Links a staff member to the registered person who they are (or unlinks with `null`). */
export async function linkStaffToPerson(db: Database, staffId: string, person: { identifierType: IdentifierType; identifier: string } | null): Promise<void> {
  let identifier = person?.identifier;
  if (person?.identifierType === 'national_code') {
    const parsed = parseNationalCode(person.identifier);
    if (!parsed.ok) throw new AppError('NATIONAL_CODE_INVALID');
    identifier = parsed.code;
  }
  await mapConstraintViolations(
    db.transaction(async (tx) => {
      if (!(await findStaff(tx, staffId))) throw new AppError('STAFF_NOT_FOUND');
      const account = person ? await findAccountByIdentifier(tx, person.identifierType, identifier!) : null;
      if (person && !account) throw new AppError('STAFF_PERSON_NOT_FOUND');
      await setStaffAccount(tx, staffId, account?.id ?? null);
    }),
    { unique: 'STAFF_PERSON_TAKEN' },
  );
}

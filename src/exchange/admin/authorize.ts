import { AppError } from '../../core/errors.ts';
import { mayManageAgency, mayReadAgency, type Principal } from '../../core/access.ts';

/**
 * Who may do what in the exchange's management: the operator (and OneWindow itself) everything;
 * an agency admin only for their own agency; an auditor reads everything and changes nothing.
 * Routes declare the roles; these checks repeat them so service functions are safe to call
 * without HTTP (the agency console, the demo loader).
 */
export function isOperator(p: Principal): boolean {
  return p.kind === 'system' || (p.kind === 'staff' && p.role === 'operator');
}

export function isAdminOf(p: Principal, agencyCode: string): boolean {
  return p.kind === 'staff' && p.role === 'agency_admin' && p.agencyCode === agencyCode;
}

function requireSignedIn(p: Principal): void {
  if (p.kind === 'anonymous') throw new AppError('UNAUTHENTICATED');
}

/** An agency admin is told the thing is another agency's; anyone else simply may not. */
const refusal = (p: Principal) => new AppError(p.kind === 'staff' && p.role === 'agency_admin' ? 'FORBIDDEN_OTHER_AGENCY' : 'FORBIDDEN');

export function assertOperator(p: Principal): void {
  requireSignedIn(p);
  if (!isOperator(p)) throw new AppError('FORBIDDEN');
}

/** Change something that belongs to `agencyCode`. */
export function assertManages(p: Principal, agencyCode: string): void {
  requireSignedIn(p);
  if (!mayManageAgency(p, agencyCode)) throw refusal(p);
}

/** Read something private to `agencyCode` (credentials, its requests). */
export function assertMayRead(p: Principal, agencyCode: string): void {
  requireSignedIn(p);
  if (!mayReadAgency(p, agencyCode)) throw refusal(p);
}

/** Read staff-only information about any agency (services with their upstreams). */
export function assertStaff(p: Principal): void {
  requireSignedIn(p);
}

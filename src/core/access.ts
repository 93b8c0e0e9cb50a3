/**
 * Who a caller is and what a role may do. Roles are independent of how the caller proved who
 * they are (an API token today, single sign-on later): authentication yields a Principal,
 * and only the Principal is consulted here.
 */
export const staffRoles = ['operator', 'agency_admin', 'auditor'] as const;
export type StaffRole = (typeof staffRoles)[number];

export type Principal =
  | { kind: 'anonymous' }
  /** `single_sign_on`: a person's portal session with a second factor, their account linked to the staff row. */
  | { kind: 'staff'; staffId: string; role: StaffRole; agencyCode: string | null; authenticatedBy: 'api_token' | 'single_sign_on' }
  /** A person signed in on the portal with their own account (a citizen or a foreign resident). */
  | { kind: 'citizen'; accountId: string; acr: string; amr: readonly string[] }
  /** OneWindow itself, e.g. the demo loader or a CLI run by the server's administrator. */
  | { kind: 'system'; name: string };

export const anonymous: Principal = { kind: 'anonymous' };

/**
 * What a route declares: who may call it at all — anyone, a signed-in person (acting only on
 * their own account; services check that), or staff of these roles. Finer checks (own agency,
 * own account) follow in services.
 */
export type RouteAccess = 'public' | 'citizen' | readonly StaffRole[];

export type AccessDecision = 'allow' | 'unauthenticated' | 'forbidden';

export function decideRouteAccess(access: RouteAccess, principal: Principal): AccessDecision {
  if (access === 'public') return 'allow';
  if (access === 'citizen') return principal.kind === 'citizen' ? 'allow' : principal.kind === 'anonymous' ? 'unauthenticated' : 'forbidden';
  // A person signed in on the portal is not yet staff: they are asked to sign in to the staff area.
  if (principal.kind !== 'staff') return 'unauthenticated';
  return access.includes(principal.role) ? 'allow' : 'forbidden';
}

/**
 * May change what belongs to this agency (its entry's services, its exchange members, systems,
 * services and backend addresses): agency admins act only on their own agency; the operator and
 * OneWindow itself (`system`) on every agency; auditors and anonymous callers on none.
 * The one copy of this rule: pages, services and imports all ask here.
 */
export function mayManageAgency(principal: Principal, agencyCode: string): boolean {
  if (principal.kind === 'system') return true;
  if (principal.kind !== 'staff') return false;
  if (principal.role === 'operator') return true;
  return principal.role === 'agency_admin' && principal.agencyCode === agencyCode;
}

/**
 * May read what is private to this agency in the staff area: everyone who may manage it, and
 * auditors, who read every agency and change nothing. Agency admins read only their own.
 */
export function mayReadAgency(principal: Principal, agencyCode: string): boolean {
  return readsEveryAgency(principal) || mayManageAgency(principal, agencyCode);
}

/** Sees what is private to every agency: the operator, auditors and OneWindow itself. */
export function readsEveryAgency(principal: Principal): boolean {
  if (principal.kind === 'system') return true;
  return principal.kind === 'staff' && (principal.role === 'operator' || principal.role === 'auditor');
}

/** A stable, non-personal label for history rows and logs. */
export function actorLabel(principal: Principal): string {
  if (principal.kind === 'staff') return `staff:${principal.staffId}`;
  if (principal.kind === 'citizen') return `account:${principal.accountId}`;
  return principal.kind === 'system' ? `system:${principal.name}` : 'anonymous';
}

import type { FieldIssue } from '../core/errors.ts';
import type { ErrorCode } from '../core/errors.ts';
import { maturityConsistent, type DeliveryStatus, type MaturityLevel } from '../core/maturity.ts';

/**
 * Registry rules that need more than one record to check. They are pure: the API passes
 * what the database holds, the bulk import passes the database plus the file, so a rule is
 * written once and both paths agree.
 */
export interface RuleViolation {
  code: ErrorCode;
  field: string;
  message: string;
}

/** Following parents from `start` — with `start`'s parent replaced — must never come back. */
export function wouldCycle(parents: ReadonlyMap<string, string | null>, start: string, newParent: string | null): boolean {
  const seen = new Set<string>([start]);
  let current = newParent;
  while (current) {
    if (seen.has(current)) return true;
    seen.add(current);
    current = parents.get(current) ?? null;
  }
  return false;
}

export function checkAgencyParent(parents: ReadonlyMap<string, string | null>, code: string, parentCode: string | null | undefined): RuleViolation | undefined {
  if (!parentCode) return undefined;
  if (!parents.has(parentCode)) return { code: 'AGENCY_PARENT_NOT_FOUND', field: 'parentCode', message: `No agency ${parentCode}` };
  if (wouldCycle(parents, code, parentCode)) return { code: 'AGENCY_TREE_CYCLE', field: 'parentCode', message: `${parentCode} is ${code} or one of its sub-agencies` };
  return undefined;
}

export function checkConnectedOn(connectedOn: string | null | undefined, today: string): RuleViolation | undefined {
  if (connectedOn && connectedOn > today) return { code: 'VALIDATION_FAILED', field: 'connectedOn', message: 'The connection date is in the future' };
  return undefined;
}

export interface ServiceFacts {
  id: string;
  agencyCode: string;
  parentId: string | null;
  status: 'active' | 'retired';
}

export function checkServiceParent(
  byId: ReadonlyMap<string, ServiceFacts>,
  self: { id: string | null; agencyCode: string },
  parentId: string | null | undefined,
): RuleViolation | undefined {
  if (!parentId) return undefined;
  const parent = byId.get(parentId);
  if (!parent || parent.status !== 'active') return { code: 'SERVICE_PARENT_NOT_FOUND', field: 'parentId', message: `No active service ${parentId}` };
  if (parent.agencyCode !== self.agencyCode) return { code: 'SERVICE_PARENT_OTHER_AGENCY', field: 'parentId', message: 'The parent service belongs to another agency' };
  if (self.id) {
    const parents = new Map([...byId.values()].map((s) => [s.id, s.parentId]));
    if (wouldCycle(parents, self.id, parentId)) return { code: 'SERVICE_TREE_CYCLE', field: 'parentId', message: 'The parent is this service or one of its sub-services' };
  }
  return undefined;
}

export function checkMaturity(maturity: MaturityLevel, deliveryStatus: DeliveryStatus): RuleViolation | undefined {
  if (maturityConsistent(maturity, deliveryStatus)) return undefined;
  return { code: 'SERVICE_MATURITY_INCONSISTENT', field: 'maturity', message: 'A service delivered through the window must be at least L2 (online request)' };
}

export function checkInquiryAgencies(inquiries: readonly { agencyCode: string }[] | undefined, agencyExists: (code: string) => boolean): RuleViolation | undefined {
  const missing = (inquiries ?? []).find((i) => !agencyExists(i.agencyCode));
  return missing ? { code: 'AGENCY_NOT_FOUND', field: 'inquiries', message: `No agency ${missing.agencyCode}` } : undefined;
}

export const toFieldIssue = (v: RuleViolation): FieldIssue => ({ field: v.field, code: v.code, message: v.message });

import type { ImportIssue, ImportRecord } from './parse.ts';
import { ServiceCreate } from '../schemas.ts';
import { rowValidator } from './schema-issues.ts';
import { checkInquiryAgencies, checkMaturity, wouldCycle, type RuleViolation } from '../rules.ts';
import type { Service } from '../model.ts';
import { parseServiceId } from '../../core/service-id.ts';
import type { CountryPack } from '../../core/country-packs/index.ts';
import { mayManageAgency as mayManageServicesOf, type Principal } from '../../core/access.ts';
import type { MaturityLevel } from '../../core/maturity.ts';

/** A row to insert: its parent is an existing service (`parentId`) or a new row of the file (`parentKey`). */
export interface ServiceCreateRow {
  line: number;
  key: string | null;
  parentKey: string | null;
  input: ServiceCreate & { parentId: string | null };
}

export interface ServicePlan {
  creates: ServiceCreateRow[];
  updates: { line: number; before: Service; input: ServiceCreate & { parentId: string | null } }[];
}

export interface ServicePlanContext {
  pack: CountryPack;
  principal: Principal;
  agencyCodes: Set<string>;
  /** Existing services by identifier (all of them: parents may be anywhere in the registry). */
  existing: Map<string, Pick<Service, 'id' | 'agencyCode' | 'parentId' | 'status'>>;
  /** How a field is named in the report: the CSV column or the JSON field. */
  label: (field: string) => string;
}

const validate = rowValidator(ServiceCreate);

/**
 * Checks every row against the schema, the rest of the file and the registry; writes nothing.
 * `fullRecords` holds the complete records of the services the file updates (for diffs).
 */
export function planServices(records: ImportRecord[], ctx: ServicePlanContext, fullRecords: Map<string, Service>): { plan: ServicePlan; issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  const push = (line: number, v: RuleViolation | undefined) => v && issues.push({ line, field: ctx.label(v.field), code: v.code, message: v.message });
  const plan: ServicePlan = { creates: [], updates: [] };
  const keys = new Map<string, { line: number; agencyCode: string }>();
  const ids = new Map<string, number>();
  const updatedAgency = new Map<string, string>();
  const parentOf = new Map<string, string | null>([...ctx.existing.values()].map((s) => [s.id, s.parentId]));
  const pendingParents: { line: number; self: string; agencyCode: string; parent: string; viaKey: boolean }[] = [];

  for (const { line, values } of records) {
    const { id: rawId, key, parentKey, parentId: rawParentId, ...fields } = values as Record<string, unknown> & { id?: string; key?: string; parentKey?: string; parentId?: string };
    const rowIssues = validate(line, fields, ctx.label);
    let id: string | null = null;
    if (rawId !== undefined) {
      const parsed = parseServiceId(ctx.pack, String(rawId));
      if (!parsed.ok) rowIssues.push({ line, field: ctx.label('id'), code: 'SERVICE_ID_INVALID', message: `"${String(rawId)}" is not a valid service identifier` });
      else if (ids.has(parsed.id)) rowIssues.push({ line, field: ctx.label('id'), code: 'DUPLICATE_KEY', message: `Service ${parsed.id} also appears on line ${ids.get(parsed.id)}` });
      else if (!fullRecords.has(parsed.id)) rowIssues.push({ line, field: ctx.label('id'), code: 'SERVICE_NOT_FOUND', message: `No service ${parsed.id}; leave the id empty to register a new service` });
      else if (fullRecords.get(parsed.id)!.status === 'retired') rowIssues.push({ line, field: ctx.label('id'), code: 'SERVICE_RETIRED', message: `Service ${parsed.id} is retired` });
      else {
        id = parsed.id;
        ids.set(id, line);
      }
    }
    if (key !== undefined && keys.has(String(key))) rowIssues.push({ line, field: ctx.label('key'), code: 'DUPLICATE_KEY', message: `Key ${String(key)} also appears on line ${keys.get(String(key))!.line}` });
    let parentId: string | null = null;
    if (rawParentId !== undefined) {
      const parsed = parseServiceId(ctx.pack, String(rawParentId));
      if (!parsed.ok) rowIssues.push({ line, field: ctx.label('parentId'), code: 'SERVICE_ID_INVALID', message: `"${String(rawParentId)}" is not a valid service identifier` });
      else parentId = parsed.id;
    }
    if (parentId && parentKey !== undefined) rowIssues.push({ line, field: ctx.label('parentKey'), code: 'INVALID_VALUE', message: 'Give parent_id or parent_key, not both' });
    if (rowIssues.length) {
      issues.push(...rowIssues);
      continue;
    }
    const input = { ...(fields as ServiceCreate), parentId };
    const before = id ? fullRecords.get(id)! : undefined;
    if (!ctx.agencyCodes.has(input.agencyCode)) push(line, { code: 'AGENCY_NOT_FOUND', field: 'agencyCode', message: `No agency ${input.agencyCode}` });
    else if (!mayManageServicesOf(ctx.principal, input.agencyCode) || (before && !mayManageServicesOf(ctx.principal, before.agencyCode))) {
      push(line, { code: 'FORBIDDEN_OTHER_AGENCY', field: 'agencyCode', message: `You may not manage services of ${input.agencyCode}` });
    }
    push(line, checkMaturity(input.maturity as MaturityLevel, input.deliveryStatus));
    push(line, checkInquiryAgencies(input.inquiries, (c) => ctx.agencyCodes.has(c)));
    if (input.externalCode && !ctx.pack.externalServiceCodePattern.test(input.externalCode)) {
      push(line, { code: 'VALIDATION_FAILED', field: 'externalCode', message: `"${input.externalCode}" is not a valid code of the earlier registry` });
    }
    const self = id ?? `key:${key ?? `line:${line}`}`;
    if (key !== undefined) keys.set(String(key), { line, agencyCode: input.agencyCode });
    if (parentId) pendingParents.push({ line, self, agencyCode: input.agencyCode, parent: parentId, viaKey: false });
    if (parentKey !== undefined) pendingParents.push({ line, self, agencyCode: input.agencyCode, parent: `key:${String(parentKey)}`, viaKey: true });
    parentOf.set(self, parentId ?? (parentKey !== undefined ? `key:${String(parentKey)}` : null));
    if (before) {
      plan.updates.push({ line, before, input });
      updatedAgency.set(before.id, input.agencyCode);
    }
    else plan.creates.push({ line, key: key === undefined ? null : String(key), parentKey: parentKey === undefined ? null : String(parentKey), input });
  }

  for (const p of pendingParents) {
    const parentAgency = p.viaKey ? keys.get(p.parent.slice(4))?.agencyCode : updatedAgency.has(p.parent) ? updatedAgency.get(p.parent) : ctx.existing.get(p.parent)?.status === 'active' ? ctx.existing.get(p.parent)?.agencyCode : undefined;
    if (!parentAgency) push(p.line, { code: 'SERVICE_PARENT_NOT_FOUND', field: p.viaKey ? 'parentKey' : 'parentId', message: `No active service ${p.viaKey ? `with key ${p.parent.slice(4)} in the file` : p.parent}` });
    else if (parentAgency !== p.agencyCode) push(p.line, { code: 'SERVICE_PARENT_OTHER_AGENCY', field: 'parentId', message: 'The parent service belongs to another agency' });
    else if (wouldCycle(parentOf, p.self, p.parent)) push(p.line, { code: 'SERVICE_TREE_CYCLE', field: 'parentId', message: 'The parent is this service or one of its sub-services' });
  }
  return { plan, issues: issues.sort((a, b) => a.line - b.line) };
}

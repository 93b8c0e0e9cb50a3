import { AppError } from '../core/errors.ts';
import { actorLabel, mayManageAgency as mayManageServicesOf, type Principal } from '../core/access.ts';
import { formatServiceId, parseServiceId } from '../core/service-id.ts';
import type { MaturityLevel } from '../core/maturity.ts';
import type { Service } from './model.ts';
import type { ServiceCreate, ServicePatch } from './schemas.ts';
import { checkInquiryAgencies, checkMaturity, checkServiceParent, type RuleViolation } from './rules.ts';
import { diff, recordHistory } from './history.ts';
import { bumpRegistryVersion } from './state.ts';
import { mapConstraintViolations } from '../db/constraint-violation.ts';
import { existingAgencyCodes } from './agency-repository.ts';
import {
  insertServices,
  nextSerials,
  selectActiveDescendants,
  selectService,
  selectServiceFacts,
  selectServices,
  updateServiceRow,
  type ServiceFilter,
  type ServiceValues,
} from './service-repository.ts';
import type { Sql } from '../db/database.ts';
import type { AppDeps } from '../db/app-deps.ts';

function refuse(violations: (RuleViolation | undefined)[]): void {
  const found = violations.filter((v): v is RuleViolation => v !== undefined);
  if (!found.length) return;
  throw new AppError(found[0]!.code, { message: found[0]!.message, extensions: { errors: found.map((v) => ({ field: v.field, code: v.code, message: v.message })) } });
}

/** Canonical form of a service identifier from a URL or a form, or SERVICE_ID_INVALID. */
export function canonicalServiceId(deps: Pick<AppDeps, 'pack'>, input: string): string {
  const parsed = parseServiceId(deps.pack, input);
  if (!parsed.ok) throw new AppError('SERVICE_ID_INVALID', { extensions: { reason: parsed.reason } });
  return parsed.id;
}

function assertMayManage(principal: Principal, agencyCode: string): void {
  if (!mayManageServicesOf(principal, agencyCode)) throw new AppError('FORBIDDEN_OTHER_AGENCY');
}

async function agencyExistsCheck(tx: Sql, codes: string[]): Promise<(code: string) => boolean> {
  const found = await existingAgencyCodes(tx, codes);
  return (code) => found.has(code);
}

/** The services the tree rules look at: the agency's own, and the proposed parent's agency's. */
async function treeFacts(tx: Sql, agencyCode: string, parentId: string | null) {
  const parent = parentId ? await selectService(tx, parentId) : undefined;
  return selectServiceFacts(tx, [...new Set([agencyCode, parent?.agencyCode ?? agencyCode])]);
}

/** Identifiers come from a sequence, so only a reference the checks passed can still be refused by the database. */
const serviceViolations = { constraints: { services_parent_id_fkey: 'SERVICE_PARENT_NOT_FOUND', services_agency_code_fkey: 'AGENCY_NOT_FOUND' } } as const;

export async function createService(deps: AppDeps, principal: Principal, input: ServiceCreate): Promise<Service> {
  assertMayManage(principal, input.agencyCode);
  const parentId = input.parentId ? canonicalServiceId(deps, input.parentId) : null;
  return mapConstraintViolations(deps.db.transaction(async (tx) => {
    const agencyExists = await agencyExistsCheck(tx, [input.agencyCode, ...(input.inquiries ?? []).map((i) => i.agencyCode)]);
    if (!agencyExists(input.agencyCode)) throw new AppError('AGENCY_NOT_FOUND');
    refuse([
      checkMaturity(input.maturity as MaturityLevel, input.deliveryStatus),
      checkInquiryAgencies(input.inquiries, agencyExists),
      checkServiceParent(await treeFacts(tx, input.agencyCode, parentId), { id: null, agencyCode: input.agencyCode }, parentId),
    ]);
    const [serial] = await nextSerials(tx, 1);
    const id = formatServiceId(deps.pack, serial!);
    const values = serviceValues(input, id, serial!, parentId);
    await insertServices(tx, [values]);
    const { serial: _s, ...recorded } = values;
    await recordHistory(tx, [{ entity: 'service', entityKey: id, action: 'create', actor: actorLabel(principal), changes: recorded }]);
    await bumpRegistryVersion(tx);
    return (await selectService(tx, id))!;
    }), serviceViolations);
}

/** Fills every optional field of a new service with its documented default. */
export function serviceValues(input: ServiceCreate, id: string, serial: number, parentId: string | null) {
  return {
    id,
    serial,
    agencyCode: input.agencyCode,
    parentId,
    externalCode: input.externalCode ?? null,
    nameFa: input.nameFa,
    nameEn: input.nameEn,
    descriptionFa: input.descriptionFa ?? '',
    descriptionEn: input.descriptionEn ?? '',
    topic: input.topic as Service['topic'],
    audiences: (input.audiences ?? []) as Service['audiences'],
    lifeEvents: (input.lifeEvents ?? []) as Service['lifeEvents'],
    maturity: input.maturity as MaturityLevel,
    deliveryStatus: input.deliveryStatus,
    channels: (input.channels ?? []) as Service['channels'],
    feeAmount: input.feeAmount ?? null,
    slaDays: input.slaDays ?? null,
    requiredEvidence: input.requiredEvidence ?? [],
    inquiries: input.inquiries ?? [],
    serviceType: input.serviceType,
    nature: input.nature,
    serviceLevel: input.serviceLevel,
    trigger: input.trigger,
    inPersonVisits: input.inPersonVisits ?? 0,
    avgProcessingDays: input.avgProcessingDays ?? null,
    accessUrl: input.accessUrl ?? null,
    annualUsers: input.annualUsers ?? null,
    complaintChannel: input.complaintChannel ?? null,
  };
}

export async function updateService(deps: AppDeps, principal: Principal, rawId: string, patch: ServicePatch): Promise<Service> {
  const id = canonicalServiceId(deps, rawId);
  const parentId = patch.parentId ? canonicalServiceId(deps, patch.parentId) : patch.parentId;
  return mapConstraintViolations(deps.db.transaction(async (tx) => {
    const before = await selectService(tx, id, true);
    if (!before) throw new AppError('SERVICE_NOT_FOUND');
    assertMayManage(principal, before.agencyCode);
    if (before.status === 'retired') throw new AppError('SERVICE_RETIRED');
    if (patch.version !== undefined && patch.version !== before.version) throw new AppError('VERSION_CONFLICT');
    const agencyExists = await agencyExistsCheck(tx, (patch.inquiries ?? []).map((i) => i.agencyCode));
    refuse([
      checkMaturity((patch.maturity ?? before.maturity) as MaturityLevel, patch.deliveryStatus ?? before.deliveryStatus),
      checkInquiryAgencies(patch.inquiries, agencyExists),
      parentId === undefined ? undefined : checkServiceParent(await treeFacts(tx, before.agencyCode, parentId), { id, agencyCode: before.agencyCode }, parentId),
    ]);
    const { version: _v, ...rest } = patch;
    const values = { ...rest, ...(parentId === undefined ? {} : { parentId }) } as Partial<ServiceValues>;
    const changes = diff(before, values);
    if (!Object.keys(changes).length) return before;
    const after = await updateServiceRow(tx, id, values);
    await recordHistory(tx, [{ entity: 'service', entityKey: id, action: 'update', actor: actorLabel(principal), changes }]);
    await bumpRegistryVersion(tx);
    return after;
    }), serviceViolations);
}

/** Retires a service and its active sub-services. Identifiers stay taken forever. */
export async function retireService(deps: AppDeps, principal: Principal, rawId: string): Promise<Service> {
  const id = canonicalServiceId(deps, rawId);
  return deps.db.transaction(async (tx) => {
    const before = await selectService(tx, id, true);
    if (!before) throw new AppError('SERVICE_NOT_FOUND');
    assertMayManage(principal, before.agencyCode);
    if (before.status === 'retired') throw new AppError('SERVICE_RETIRED');
    const retiredAt = new Date(deps.now());
    const ids = [id, ...(await selectActiveDescendants(tx, id))];
    for (const target of ids) await updateServiceRow(tx, target, { status: 'retired', retiredAt });
    await recordHistory(
      tx,
      ids.map((target) => ({ entity: 'service' as const, entityKey: target, action: 'retire' as const, actor: actorLabel(principal), changes: { status: ['active', 'retired'], ...(target === id ? {} : { retiredWith: id }) } })),
    );
    await bumpRegistryVersion(tx);
    return (await selectService(tx, id))!;
  });
}

export async function getServiceOrFail(deps: Pick<AppDeps, 'db' | 'pack'>, rawId: string): Promise<Service> {
  const id = canonicalServiceId(deps, rawId);
  const service = await deps.db.run((q) => selectService(q, id));
  if (!service) throw new AppError('SERVICE_NOT_FOUND');
  return service;
}

export function listServices(deps: Pick<AppDeps, 'db'>, filter: ServiceFilter, page: { offset: number; limit: number }) {
  return deps.db.run((q) => selectServices(q, filter, page));
}

import { AppError } from '../../core/errors.ts';
import { mayManageAgency, type Principal } from '../../core/access.ts';
import { withServers } from '../openapi-servers.ts';
import type { ExchangeService } from '../model.ts';
import type { ServiceCreate, ServicePatch } from './schemas.ts';
import { refreshAfterWrite, type ExchangeAdminDeps } from './deps.ts';
import { assertManages, assertStaff } from './authorize.ts';
import { checkDataSubject, checkIdentifier, checkRateLimit, checkUpstreamUrl, resolveEndpoints } from './rules.ts';
import { mapUniqueViolation, refuse } from './refuse.ts';
import { mapConstraintViolations } from '../../db/constraint-violation.ts';
import { bumpExchangeVersion } from '../state.ts';
import type { Sql } from '../../db/database.ts';
import { selectSubsystem } from './subsystem-repository.ts';
import { checkServiceUpstream, withUpstreamFor } from './upstream-registrations.ts';
import {
  insertExchangeService,
  registryServiceExists,
  selectExchangeService,
  selectServiceByCode,
  selectServices,
  selectServiceSummary,
  updateExchangeServiceRow,
  type ServiceFilter,
  type ServiceSummary,
  type ServiceView,
  type ServiceValues,
} from './service-repository.ts';

/** The references of a service row the database may still refuse after the checks passed. */
const serviceReferences = { exchange_services_subsystem_id_fkey: 'EXCHANGE_SUBSYSTEM_NOT_FOUND', exchange_services_registry_service_id_fkey: 'EXCHANGE_REGISTRY_SERVICE_NOT_FOUND' } as const;

async function checkRegistryService(tx: Sql, id: string | null | undefined): Promise<void> {
  if (id && !(await registryServiceExists(tx, id))) {
    throw new AppError('EXCHANGE_REGISTRY_SERVICE_NOT_FOUND', { extensions: { errors: [{ field: 'registryServiceId', code: 'EXCHANGE_REGISTRY_SERVICE_NOT_FOUND', message: `No catalog service ${id}` }] } });
  }
}

function endpointsOrRefuse(openapi: Record<string, unknown> | undefined, endpoints: ServiceValues['endpoints'] | undefined) {
  const resolved = resolveEndpoints(openapi, endpoints);
  if (!resolved.ok) refuse(resolved.violation);
  return resolved as Extract<typeof resolved, { ok: true }>;
}

/** Publishes a service of a provider subsystem (the operator, or the subsystem's agency admin). */
export async function createExchangeService(deps: ExchangeAdminDeps, principal: Principal, subsystemId: number, input: ServiceCreate): Promise<ServiceSummary> {
  const subsystem = await deps.db.run((q) => selectSubsystem(q, subsystemId));
  if (!subsystem) throw new AppError('EXCHANGE_SUBSYSTEM_NOT_FOUND');
  assertManages(principal, subsystem.agencyCode);
  const resolved = endpointsOrRefuse(input.openapi, input.endpoints);
  const values: ServiceValues = {
    subsystemId,
    code: input.code,
    serviceVersion: input.serviceVersion ?? null,
    nameFa: input.nameFa,
    nameEn: input.nameEn,
    registryServiceId: input.registryServiceId ?? null,
    serviceType: resolved.serviceType,
    upstreamUrl: input.upstreamUrl,
    openapi: resolved.openapi,
    endpoints: resolved.endpoints,
    timeoutMs: input.timeoutMs ?? 30_000,
    maxBodyBytes: input.maxBodyBytes ?? 10 * 1024 * 1024,
    dataSubject: input.dataSubject ?? null,
    rateLimitPerSecond: input.rateLimitPerSecond ?? null,
    rateLimitBurst: input.rateLimitBurst ?? null,
    status: input.status ?? 'active',
  };
  refuse(
    checkIdentifier('code', values.code),
    values.serviceVersion === null ? undefined : checkIdentifier('serviceVersion', values.serviceVersion),
    checkUpstreamUrl(values.upstreamUrl),
    checkDataSubject(values.dataSubject, values.endpoints),
    checkRateLimit(values.rateLimitPerSecond, values.rateLimitBurst),
  );
  await checkServiceUpstream(deps, subsystem.agencyCode, values.upstreamUrl);
  const created = await mapUniqueViolation(
    deps.db.transaction(async (tx) => {
      if (await selectServiceByCode(tx, subsystemId, values.code)) throw new AppError('EXCHANGE_SERVICE_CODE_TAKEN');
      await checkRegistryService(tx, values.registryServiceId);
      const service = await insertExchangeService(tx, values);
      await bumpExchangeVersion(tx);
      return (await selectServiceSummary(tx, service.id))!;
    }),
    'EXCHANGE_SERVICE_CODE_TAKEN',
    serviceReferences,
  );
  await refreshAfterWrite(deps);
  return created;
}

/**
 * Changes a service. A new OpenAPI document replaces the endpoints (type OPENAPI); explicit
 * endpoints drop the document (type REST). The data-subject rule is checked on the result.
 */
export async function updateExchangeService(deps: ExchangeAdminDeps, principal: Principal, id: number, patch: ServicePatch): Promise<ServiceSummary> {
  if (patch.upstreamUrl !== undefined) {
    // Resolved before the transaction, not inside it; a service never changes its member.
    const current = await deps.db.run((q) => selectServiceSummary(q, id));
    if (!current) throw new AppError('EXCHANGE_SERVICE_NOT_FOUND');
    assertManages(principal, current.agencyCode);
    if (checkUpstreamUrl(patch.upstreamUrl) === undefined) await checkServiceUpstream(deps, current.agencyCode, patch.upstreamUrl);
  }
  const updated = await mapConstraintViolations(deps.db.transaction(async (tx) => {
    const before = await selectExchangeService(tx, id, true);
    if (!before) throw new AppError('EXCHANGE_SERVICE_NOT_FOUND');
    const subsystem = (await selectSubsystem(tx, before.subsystemId))!;
    assertManages(principal, subsystem.agencyCode);
    if (patch.version !== undefined && patch.version !== before.version) throw new AppError('VERSION_CONFLICT');
    const { version: _v, openapi, endpoints, ...rest } = patch;
    const values: Partial<ServiceValues> = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    if (openapi !== undefined || endpoints !== undefined) {
      const resolved = endpointsOrRefuse(openapi, endpoints);
      Object.assign(values, { serviceType: resolved.serviceType, endpoints: resolved.endpoints, openapi: resolved.openapi });
    }
    const after = { ...before, ...values };
    refuse(
      after.serviceVersion === null ? undefined : checkIdentifier('serviceVersion', after.serviceVersion),
      checkUpstreamUrl(after.upstreamUrl),
      checkDataSubject(after.dataSubject, after.endpoints),
      checkRateLimit(after.rateLimitPerSecond, after.rateLimitBurst),
    );
    if (values.registryServiceId !== undefined) await checkRegistryService(tx, values.registryServiceId);
    const changed = (Object.keys(values) as (keyof ServiceValues)[]).some((k) => JSON.stringify(values[k]) !== JSON.stringify(before[k]));
    if (changed) {
      await updateExchangeServiceRow(tx, id, values, deps.now());
      await bumpExchangeVersion(tx);
    }
    return (await selectServiceSummary(tx, id))!;
  }), { constraints: serviceReferences });
  await refreshAfterWrite(deps);
  return updated;
}

/** Staff read every service (consumer agencies browse them to file requests). */
export async function getExchangeServiceOrFail(deps: Pick<ExchangeAdminDeps, 'db'>, principal: Principal, id: number): Promise<ServiceView> {
  assertStaff(principal);
  const service = await deps.db.run((q) => selectServiceSummary(q, id));
  if (!service) throw new AppError('EXCHANGE_SERVICE_NOT_FOUND');
  return withUpstreamFor(principal, service);
}

export async function getServiceOpenApi(deps: Pick<ExchangeAdminDeps, 'db'>, principal: Principal, id: number): Promise<NonNullable<ExchangeService['openapi']>> {
  assertStaff(principal);
  const found = await deps.db.run(async (q) => {
    const service = await selectExchangeService(q, id);
    return service && { service, subsystem: (await selectSubsystem(q, service.subsystemId))! };
  });
  if (!found) throw new AppError('EXCHANGE_SERVICE_NOT_FOUND');
  const { openapi } = found.service;
  if (!openapi) throw new AppError('EXCHANGE_OPENAPI_NOT_FOUND');
  // Its `servers` name the backend: only the operator and the provider's admins see them.
  return mayManageAgency(principal, found.subsystem.agencyCode) ? openapi : withServers(openapi, undefined);
}

export async function listExchangeServices(deps: Pick<ExchangeAdminDeps, 'db'>, principal: Principal, filter: ServiceFilter, page: { offset: number; limit: number }): Promise<{ total: number; items: ServiceView[] }> {
  assertStaff(principal);
  const found = await deps.db.run((q) => selectServices(q, filter, page));
  return { total: found.total, items: found.items.map((s) => withUpstreamFor(principal, s)) };
}

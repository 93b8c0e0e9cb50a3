import { AppError } from '../../core/errors.ts';
import { actorLabel, type Principal } from '../../core/access.ts';
import type { Sql } from '../../db/database.ts';
import type { AccessRequestEvent, AccessRequestStatus } from '../model.ts';
import type { AccessRequestCreate, TransitionBody } from './schemas.ts';
import { refreshAfterWrite, type ExchangeAdminDeps } from './deps.ts';
import { assertManages, assertMayRead, assertOperator, isAdminOf, isOperator } from './authorize.ts';
import { checkRequestedEndpoints } from './rules.ts';
import { refuse } from './refuse.ts';
import { mapConstraintViolations } from '../../db/constraint-violation.ts';
import { decideTransition, type RequestAction } from './transitions.ts';
import { bumpExchangeVersion } from '../state.ts';
import { selectSubsystem } from './subsystem-repository.ts';
import { selectExchangeService } from './service-repository.ts';
import {
  insertAccessRequest,
  insertAccessRequestEvent,
  selectAccessRequest,
  selectAccessRequestEvents,
  selectAccessRequests,
  selectOpenRequestId,
  updateAccessRequestStatus,
  type AccessRequestFilter,
  type AccessRequestView,
} from './request-repository.ts';

export type AccessRequestDetail = AccessRequestView & { events: AccessRequestEvent[] };

/** Checks and writes a new request (with its first status event) in `tx`; returns its id. */
async function insertRequest(tx: Sql, deps: ExchangeAdminDeps, principal: Principal, input: AccessRequestCreate, status: AccessRequestStatus, message: string): Promise<number> {
  // Locked, so two identical requests filed at once queue here and the second sees the first
  // in the duplicate check below; only open requests must be unique, which no plain index says.
  const consumer = await selectSubsystem(tx, input.consumerSubsystemId, true);
  if (!consumer) throw new AppError('EXCHANGE_SUBSYSTEM_NOT_FOUND');
  assertManages(principal, consumer.agencyCode);
  const service = await selectExchangeService(tx, input.serviceId);
  if (!service) throw new AppError('EXCHANGE_SERVICE_NOT_FOUND');
  const endpoints = input.endpoints ? input.endpoints.map((e) => ({ method: e.method.toUpperCase(), path: e.path })) : null;
  refuse(checkRequestedEndpoints(endpoints, service.endpoints));
  if (await selectOpenRequestId(tx, consumer.id, service.id)) throw new AppError('EXCHANGE_REQUEST_DUPLICATE');
  const at = deps.now();
  const id = await insertAccessRequest(tx, {
    consumerSubsystemId: consumer.id,
    serviceId: service.id,
    endpoints,
    purpose: input.purpose,
    legalBasis: input.legalBasis,
    status,
    boardRequired: deps.settings.boardApproval,
    createdAt: at,
    updatedAt: at,
  });
  await insertAccessRequestEvent(tx, id, { at: at.toISOString(), status, actor: actorLabel(principal), message });
  await bumpExchangeVersion(tx);
  return id;
}

const requestReferences = {
  constraints: { exchange_access_requests_consumer_subsystem_id_fkey: 'EXCHANGE_SUBSYSTEM_NOT_FOUND', exchange_access_requests_service_id_fkey: 'EXCHANGE_SERVICE_NOT_FOUND' },
} as const;

export async function accessRequestDetail(q: Sql, id: number): Promise<AccessRequestDetail> {
  const request = await selectAccessRequest(q, id);
  if (!request) throw new AppError('EXCHANGE_REQUEST_NOT_FOUND');
  return { ...request, events: await selectAccessRequestEvents(q, id) };
}

/**
 * The consumer agency (its admin, or the operator) asks for access to a service for one of its
 * subsystems: status `pending`, waiting for the provider (and the board where required).
 */
export async function fileAccessRequest(deps: ExchangeAdminDeps, principal: Principal, input: AccessRequestCreate): Promise<AccessRequestDetail> {
  const created = await mapConstraintViolations(deps.db.transaction(async (tx) => accessRequestDetail(tx, await insertRequest(tx, deps, principal, input, 'pending', input.message ?? ''))), requestReferences);
  await refreshAfterWrite(deps);
  return created;
}

/** The operator grants a right directly: an approved request whose history says so. */
export async function grantAccess(deps: ExchangeAdminDeps, principal: Principal, input: AccessRequestCreate): Promise<AccessRequestDetail> {
  assertOperator(principal);
  const note = 'Granted directly by the operator · اعطای مستقیم توسط راهبر';
  const message = input.message ? `${note}: ${input.message}` : note;
  const created = await mapConstraintViolations(deps.db.transaction(async (tx) => accessRequestDetail(tx, await insertRequest(tx, deps, principal, input, 'approved', message))), requestReferences);
  await refreshAfterWrite(deps);
  return created;
}

/**
 * Moves a request along its life (see transitions.ts). The status change, its history event
 * and the configuration version are written in one transaction: all or nothing.
 */
export async function transitionAccessRequest(deps: ExchangeAdminDeps, principal: Principal, id: number, action: RequestAction, body: TransitionBody): Promise<AccessRequestDetail> {
  if (principal.kind === 'anonymous') throw new AppError('UNAUTHENTICATED');
  if ((action === 'refuse' || action === 'revoke') && !body.message?.trim()) {
    throw new AppError('VALIDATION_FAILED', { message: `A message is required to ${action}`, extensions: { errors: [{ field: 'body/message', code: 'required', message: 'is required' }] } });
  }
  const updated = await deps.db.transaction(async (tx) => {
    const request = await selectAccessRequest(tx, id, true);
    if (!request) throw new AppError('EXCHANGE_REQUEST_NOT_FOUND');
    const sides = { operator: isOperator(principal), consumer: isAdminOf(principal, request.consumerAgencyCode), provider: isAdminOf(principal, request.providerAgencyCode) };
    const decision = decideTransition(action, request, sides);
    if (!decision.ok) throw new AppError(decision.code, { message: decision.message });
    if (body.version !== undefined && body.version !== request.version) throw new AppError('VERSION_CONFLICT');
    const at = deps.now();
    await updateAccessRequestStatus(tx, id, decision.status, at);
    await insertAccessRequestEvent(tx, id, { at: at.toISOString(), status: decision.status, actor: actorLabel(principal), message: body.message ?? '' });
    await bumpExchangeVersion(tx);
    return accessRequestDetail(tx, id);
  });
  await refreshAfterWrite(deps);
  return updated;
}

export const approveAccessRequest = (deps: ExchangeAdminDeps, principal: Principal, id: number, body: TransitionBody = {}) => transitionAccessRequest(deps, principal, id, 'approve', body);
export const refuseAccessRequest = (deps: ExchangeAdminDeps, principal: Principal, id: number, body: { message: string; version?: number }) => transitionAccessRequest(deps, principal, id, 'refuse', body);
export const withdrawAccessRequest = (deps: ExchangeAdminDeps, principal: Principal, id: number, body: TransitionBody = {}) => transitionAccessRequest(deps, principal, id, 'withdraw', body);
export const revokeAccessRight = (deps: ExchangeAdminDeps, principal: Principal, id: number, body: { message: string; version?: number }) => transitionAccessRequest(deps, principal, id, 'revoke', body);

/** One request with its status history: the operator, auditors, and admins of either party. */
export async function getAccessRequestOrFail(deps: Pick<ExchangeAdminDeps, 'db'>, principal: Principal, id: number): Promise<AccessRequestDetail> {
  if (principal.kind === 'anonymous') throw new AppError('UNAUTHENTICATED');
  const found = await deps.db.run((q) => accessRequestDetail(q, id));
  if (!isAdminOf(principal, found.providerAgencyCode)) assertMayRead(principal, found.consumerAgencyCode);
  return found;
}

/**
 * Requests by consumer agency, provider agency, subsystem, service or status. An agency admin
 * sees only requests their agency is a party to.
 */
export async function listAccessRequests(deps: Pick<ExchangeAdminDeps, 'db'>, principal: Principal, filter: AccessRequestFilter, page: { offset: number; limit: number }): Promise<{ total: number; items: AccessRequestView[] }> {
  if (principal.kind === 'anonymous') throw new AppError('UNAUTHENTICATED');
  const scoped = principal.kind === 'staff' && principal.role === 'agency_admin' ? { ...filter, involvingAgencyCode: principal.agencyCode ?? '' } : filter;
  return deps.db.run((q) => selectAccessRequests(q, scoped, page));
}

/** Who may call this service: its approved rights (the provider's admin, the operator, auditors). */
export async function listServiceRights(deps: Pick<ExchangeAdminDeps, 'db'>, principal: Principal, serviceId: number, page: { offset: number; limit: number }): Promise<{ total: number; items: AccessRequestView[] }> {
  return deps.db.run(async (q) => {
    const service = await selectExchangeService(q, serviceId);
    if (!service) throw new AppError('EXCHANGE_SERVICE_NOT_FOUND');
    assertMayRead(principal, (await selectSubsystem(q, service.subsystemId))!.agencyCode);
    return selectAccessRequests(q, { serviceId, status: 'approved' }, page);
  });
}

/** What this consumer subsystem may call: its approved rights (its agency's admin, the operator, auditors). */
export async function listSubsystemRights(deps: Pick<ExchangeAdminDeps, 'db'>, principal: Principal, subsystemId: number, page: { offset: number; limit: number }): Promise<{ total: number; items: AccessRequestView[] }> {
  return deps.db.run(async (q) => {
    const subsystem = await selectSubsystem(q, subsystemId);
    if (!subsystem) throw new AppError('EXCHANGE_SUBSYSTEM_NOT_FOUND');
    assertMayRead(principal, subsystem.agencyCode);
    return selectAccessRequests(q, { consumerSubsystemId: subsystemId, status: 'approved' }, page);
  });
}

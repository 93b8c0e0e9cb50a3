import { AppError } from '../../core/errors.ts';
import { actorLabel, type Principal } from '../../core/access.ts';
import type { Subsystem } from '../model.ts';
import type { OwnRateLimit } from './schemas.ts';
import { refreshAfterWrite, type ExchangeAdminDeps } from './deps.ts';
import { assertManages, assertOperator } from './authorize.ts';
import { checkRateLimit } from './rules.ts';
import { refuse } from './refuse.ts';
import { bumpExchangeVersion } from '../state.ts';
import { selectSubsystem, updateSubsystemRow } from './subsystem-repository.ts';
import { insertAccessRequestEvent, selectAccessRequest, updateAccessRequestQuota } from './request-repository.ts';
import { accessRequestDetail, type AccessRequestDetail } from './access-requests.ts';

/**
 * Limits beyond the service's own (which its provider sets with the service): a consumer
 * subsystem's limit across every service it calls, and an access right's quota. Every node
 * applies them from its configuration snapshot, in buckets shared through Redis (ADR 0008).
 */

const own = (input: OwnRateLimit) => ({ rateLimitPerSecond: input.rateLimitPerSecond, rateLimitBurst: input.rateLimitBurst ?? null });

/**
 * A consumer subsystem's own limit, in place of RATE_LIMIT_CONSUMER_* (null: the default again).
 * The operator's alone: it bounds what one consumer may take from every provider, so the
 * consumer's agency must not raise it for itself.
 */
export async function setConsumerRateLimit(deps: ExchangeAdminDeps, principal: Principal, subsystemId: number, input: OwnRateLimit): Promise<Subsystem> {
  assertOperator(principal);
  const limit = own(input);
  refuse(checkRateLimit(limit.rateLimitPerSecond, limit.rateLimitBurst));
  const updated = await deps.db.transaction(async (tx) => {
    const before = await selectSubsystem(tx, subsystemId, true);
    if (!before) throw new AppError('EXCHANGE_SUBSYSTEM_NOT_FOUND');
    if (input.version !== undefined && input.version !== before.version) throw new AppError('VERSION_CONFLICT');
    if (before.rateLimitPerSecond === limit.rateLimitPerSecond && before.rateLimitBurst === limit.rateLimitBurst) return before;
    const after = await updateSubsystemRow(tx, subsystemId, limit, deps.now());
    await bumpExchangeVersion(tx);
    return after;
  });
  await refreshAfterWrite(deps);
  return updated;
}

/** The status history's note for a quota change, in both languages as the operator's grant note is. */
function quotaNote(limit: { rateLimitPerSecond: number | null; rateLimitBurst: number | null }): string {
  if (limit.rateLimitPerSecond === null) return 'Quota removed · سهمیه برداشته شد';
  const burst = limit.rateLimitBurst ?? 2 * limit.rateLimitPerSecond;
  const fa = (n: number) => n.toLocaleString('fa-IR');
  return `Quota: ${limit.rateLimitPerSecond} calls/s, ${burst} at once · سهمیه: ${fa(limit.rateLimitPerSecond)} فراخوانی در ثانیه، ${fa(burst)} هم‌زمان`;
}

/**
 * An access right's own quota, taken on top of the consumer's and the service's limits (null:
 * none). The provider's admin sets it (it is their service the quota protects) or the operator;
 * on a pending request it applies from approval. A closed request takes none. The change is in
 * the request's status history.
 */
export async function setRightQuota(deps: ExchangeAdminDeps, principal: Principal, requestId: number, input: OwnRateLimit): Promise<AccessRequestDetail> {
  if (principal.kind === 'anonymous') throw new AppError('UNAUTHENTICATED');
  const limit = own(input);
  refuse(checkRateLimit(limit.rateLimitPerSecond, limit.rateLimitBurst));
  const updated = await deps.db.transaction(async (tx) => {
    const request = await selectAccessRequest(tx, requestId, true);
    if (!request) throw new AppError('EXCHANGE_REQUEST_NOT_FOUND');
    assertManages(principal, request.providerAgencyCode);
    if (request.status === 'refused' || request.status === 'withdrawn' || request.status === 'revoked') throw new AppError('EXCHANGE_REQUEST_CLOSED');
    if (input.version !== undefined && input.version !== request.version) throw new AppError('VERSION_CONFLICT');
    if (request.rateLimitPerSecond === limit.rateLimitPerSecond && request.rateLimitBurst === limit.rateLimitBurst) return accessRequestDetail(tx, requestId);
    const at = deps.now();
    await updateAccessRequestQuota(tx, requestId, limit, at);
    await insertAccessRequestEvent(tx, requestId, { at: at.toISOString(), status: request.status, actor: actorLabel(principal), message: quotaNote(limit) });
    await bumpExchangeVersion(tx);
    return accessRequestDetail(tx, requestId);
  });
  await refreshAfterWrite(deps);
  return updated;
}

import type { ErrorCode } from '../../core/errors.ts';
import type { AccessRequestStatus } from '../model.ts';

/**
 * The life of an access request, as a table. Who acts is described by the sides the caller
 * stands on; the operator (the interoperability board) may act on every request.
 *
 *   pending ──approve(provider)──▶ approved            (no board approval required)
 *   pending ──approve(provider)──▶ provider_approved   (board approval required)
 *   pending | provider_approved ──approve(operator)──▶ approved
 *   pending | provider_approved ──refuse(provider, operator)──▶ refused
 *   pending | provider_approved ──withdraw(consumer, operator)──▶ withdrawn
 *   approved ──revoke(provider, operator)──▶ revoked
 */
export const requestActions = ['approve', 'refuse', 'withdraw', 'revoke'] as const;
export type RequestAction = (typeof requestActions)[number];

export interface ActorSides {
  operator: boolean;
  /** An admin of the consumer subsystem's agency. */
  consumer: boolean;
  /** An admin of the providing agency. */
  provider: boolean;
}

export type TransitionDecision = { ok: true; status: AccessRequestStatus } | { ok: false; code: ErrorCode; message: string };

const mayAct: Record<RequestAction, (a: ActorSides) => boolean> = {
  approve: (a) => a.operator || a.provider,
  refuse: (a) => a.operator || a.provider,
  withdraw: (a) => a.operator || a.consumer,
  revoke: (a) => a.operator || a.provider,
};

const open: readonly AccessRequestStatus[] = ['pending', 'provider_approved'];

export function decideTransition(action: RequestAction, request: { status: AccessRequestStatus; boardRequired: boolean }, actor: ActorSides): TransitionDecision {
  if (!mayAct[action](actor)) {
    const side = action === 'withdraw' ? 'consumer' : 'provider';
    return { ok: false, code: 'FORBIDDEN_OTHER_AGENCY', message: `Only the ${side} agency's admin or the operator may ${action} this request` };
  }
  const invalid = (): TransitionDecision => ({ ok: false, code: 'EXCHANGE_REQUEST_TRANSITION_INVALID', message: `A ${request.status} request cannot be ${action === 'withdraw' ? 'withdrawn' : `${action}d`}` });
  switch (action) {
    case 'approve':
      if (request.status === 'pending') return { ok: true, status: actor.operator || !request.boardRequired ? 'approved' : 'provider_approved' };
      if (request.status === 'provider_approved') {
        return actor.operator ? { ok: true, status: 'approved' } : { ok: false, code: 'EXCHANGE_REQUEST_AWAITS_BOARD', message: 'The provider has approved; the interoperability board approves next' };
      }
      return invalid();
    case 'refuse':
      return open.includes(request.status) ? { ok: true, status: 'refused' } : invalid();
    case 'withdraw':
      return open.includes(request.status) ? { ok: true, status: 'withdrawn' } : invalid();
    case 'revoke':
      return request.status === 'approved' ? { ok: true, status: 'revoked' } : invalid();
  }
}

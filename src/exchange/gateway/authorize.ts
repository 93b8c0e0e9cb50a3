/**
 * authorize: the consumer may call this service (and this endpoint). A right without endpoints
 * covers the whole service; otherwise one of its method + path patterns must match the call.
 * Revoked rights are not in the snapshot, so a revocation is effective on the next call the
 * node answers from a newer snapshot.
 */
import type { Exchange } from './exchange.ts';
import { GatewayError } from './errors.ts';

export function authorize(x: Exchange): void {
  const { consumer, service, target } = x;
  if (consumer === undefined || service === undefined || target?.kind !== 'service') throw new Error('authorize runs after authenticate and resolve');
  const method = x.req.method ?? 'GET';
  for (const right of x.snapshot.rights(consumer.subsystem.id, service.service.id)) {
    if (right.endpoints === null || right.endpoints.some((e) => e.matches(method, target.path))) {
      x.right = right;
      return;
    }
  }
  throw new GatewayError('Server.ServerProxy.AccessDenied', `the client has no access right to ${method} ${target.path || '/'} of this service`);
}

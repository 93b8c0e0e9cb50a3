import type { Exchange } from './exchange.ts';
import { formatClientId, formatServiceId } from '../protocol/identifiers.ts';

/**
 * The X-Road headers on every gateway answer, success and error alike: who called (the
 * authenticated consumer, else the client it claimed to be), which service, the message id
 * (`X-Road-Id`, the caller's or ours), the request id the gateway generated for this call and,
 * once forward computed it, the request hash. Values come only from validated identifiers and
 * generated ids, so nothing here can carry a CR/LF the caller sent.
 */
export function protocolResponseHeaders(x: Exchange): [string, string][] {
  const out: [string, string][] = [];
  const client = x.consumer?.key ?? (x.claimedClient ? formatClientId(x.claimedClient) : undefined);
  if (client !== undefined) out.push(['X-Road-Client', client]);
  const service = serviceHeader(x);
  if (service !== undefined) out.push(['X-Road-Service', service]);
  out.push(['X-Road-Id', x.messageId]);
  if (x.requestId !== undefined) out.push(['X-Road-Request-Id', x.requestId]);
  if (x.requestHash !== undefined) out.push(['X-Road-Request-Hash', x.requestHash]);
  return out;
}

/** `X-Road-Service` (and the log's service key): the resolved service, else the target as parsed. */
export function serviceHeader(x: Exchange): string | undefined {
  if (x.service) return x.service.key;
  const t = x.target;
  if (t === undefined) return undefined;
  if (t.kind === 'service') return formatServiceId(t.service);
  return formatClientId(t.provider) + '/' + t.metaservice;
}

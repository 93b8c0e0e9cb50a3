/**
 * The exchange-log record of one call, from its state when the pipeline stopped. Strings come
 * from validated identifiers or are bounded, so a hostile request cannot bloat the log.
 */
import type { ExchangeRecord } from '../log/index.ts';
import { formatClientId } from '../protocol/identifiers.ts';
import type { Exchange } from './exchange.ts';
import { serviceHeader } from './response-headers.ts';

/** A path the gateway could not parse is logged cut to this length. */
export const MAX_LOGGED_PATH = 1024;

export function toExchangeRecord(x: Exchange, endNs: bigint): ExchangeRecord {
  return {
    messageId: x.messageId,
    at: x.receivedAt,
    consumer: x.consumer?.key ?? (x.claimedClient ? formatClientId(x.claimedClient) : null),
    service: x.listClients !== undefined ? 'listClients' : (serviceHeader(x) ?? null),
    method: x.req.method ?? '',
    path: loggedPath(x),
    endpoint: x.endpoint ? `${x.endpoint.pattern.method} ${x.endpoint.pattern.path}` : null,
    userId: x.userId ?? null,
    dataSubject: x.dataSubject ?? null,
    purpose: x.purpose ?? null,
    status: x.status ?? x.res.statusCode,
    errorType: x.errorType ?? null,
    latencyMs: Number(endNs - x.startedNs) / 1e6,
    requestHash: x.requestHash ?? null,
    responseHash: x.responseHash ?? null,
  };
}

function loggedPath(x: Exchange): string {
  const t = x.target;
  if (t?.kind === 'service') return t.path;
  if (t?.kind === 'metaservice' || x.listClients !== undefined) return '';
  const url = x.req.url ?? '';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  // eslint-disable-next-line no-control-regex -- a refused target may hold anything
  return (path.length > MAX_LOGGED_PATH ? path.slice(0, MAX_LOGGED_PATH) : path).replace(/[\x00-\x1f\x7f]/g, '');
}

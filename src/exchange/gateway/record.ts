/**
 * The exchange-log records of one call. Strings come from validated identifiers or are bounded,
 * so a hostile request cannot bloat the log.
 *
 * - `recordIntent` (a pipeline step, just before forward): the intent record, appended and —
 *   in durable mode — committed before the provider is called. When it cannot be written the
 *   call is refused with `Server.ClientProxy.LoggingFailed` and the provider is never called.
 * - `toExchangeRecord` (after the pipeline stopped): the call's record, or for a forwarded
 *   call its outcome record, with the status, error type, latency and hashes.
 */
import { INTENT_STATUS, type ExchangeLogWriter, type ExchangeRecord } from '../log/index.ts';
import { formatClientId } from '../protocol/identifiers.ts';
import { GatewayError } from './errors.ts';
import type { Exchange, Step } from './exchange.ts';
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
    representedParty: x.representedParty ?? null,
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

/** The intent record: who asks for whom and why, before the call is forwarded (status `INTENT_STATUS`, no outcome yet). */
export function toIntentRecord(x: Exchange, nowNs: bigint): ExchangeRecord {
  return { ...toExchangeRecord(x, nowNs), status: INTENT_STATUS, errorType: null, responseHash: null };
}

/**
 * The step that writes the intent record. Durable mode: it waits for the commit, so no provider
 * is called unless the database holds the record. Async mode: the writer only queues it (see
 * docs/exchange-log.md: async mode cannot give this guarantee).
 */
export function createRecordIntent(writer: ExchangeLogWriter): Step {
  return (x) => {
    let appended: Promise<void>;
    try {
      appended = writer.append(toIntentRecord(x, process.hrtime.bigint()));
    } catch (e) {
      appended = Promise.reject(e);
    }
    return appended.then(undefined, (e: unknown) => {
      throw new IntentNotRecorded(e);
    });
  };
}

/** The intent record could not be written: the call is refused before it reaches the provider. */
export class IntentNotRecorded extends GatewayError {
  constructor(cause: unknown) {
    super(
      'Server.ClientProxy.LoggingFailed',
      'The call could not be recorded in the exchange log, so it was not forwarded. / ثبت فراخوانی در دفتر تبادل ممکن نشد؛ فراخوانی ارسال نشد.',
      {},
      `intent record not written: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    this.name = 'IntentNotRecorded';
    this.cause = cause;
  }
}

import type { XRoadErrorType } from '../protocol/errors.ts';

/**
 * One exchange-log record: every call through the gateway, refused and failed ones included.
 * Metadata only; bodies are represented by their hashes. The writer adds the node, the
 * sequence number on the node's chain and the chain hashes.
 */
export interface ExchangeRecord {
  /** `X-Road-Id`: the caller's or the one the gateway generated. */
  messageId: string;
  /** When the gateway received the call. */
  at: Date;
  /** `formatClientId` of the authenticated consumer subsystem; else the claimed one; null if none. */
  consumer: string | null;
  /** `formatServiceId` of the resolved service (or of the target when unresolved); metaservices: `.../listMethods`. */
  service: string | null;
  method: string;
  /** Provider path without the query string. */
  path: string;
  /** The endpoint pattern that matched (`GET /persons/{nationalCode}`), when one did. */
  endpoint: string | null;
  /** `X-Road-UserId` as sent (country prefix included). */
  userId: string | null;
  /**
   * `X-Road-Represented-Party` as sent (`[CLASS/]CODE`): the legal entity the user acted for.
   * Optional so producers that never see one need not say so; absent and null are the same.
   */
  representedParty?: string | null;
  /** National code of the person the data is about, extracted per the service's configuration. */
  dataSubject: string | null;
  /** `X-Road-Issue`: the case or purpose reference. */
  purpose: string | null;
  /** HTTP status returned to the consumer. */
  status: number;
  /** Gateway error type, when the gateway refused or failed the call. */
  errorType: XRoadErrorType | null;
  latencyMs: number;
  /** base64 SHA-512 (the `X-Road-Request-Hash`), null when the request never got that far. */
  requestHash: string | null;
  responseHash: string | null;
}

/**
 * The status of an intent record: written, and committed in durable mode, before the gateway
 * forwards a call to its provider. It holds who asked for whom and why (consumer, service,
 * endpoint, data subject, user id, purpose, message id, time); the call's outcome follows as a
 * second record with the same message id on the same node's chain. 0 is no HTTP status, so an
 * intent record cannot be mistaken for an answered call.
 */
export const INTENT_STATUS = 0;

/** An intent record (see `INTENT_STATUS`): usage buckets do not count it, its outcome record does. */
export const isIntentRecord = (r: Pick<ExchangeRecord, 'status'>): boolean => r.status === INTENT_STATUS;

/** Appends records to the log. */
export interface ExchangeLogWriter {
  /**
   * Queues the record for the next batch. In durable mode the promise resolves when the batch
   * holding it is committed (and rejects if the commit fails); in async mode it resolves at once.
   */
  append(record: ExchangeRecord): Promise<void>;
  /** Writes what is queued and stops accepting records. */
  close(): Promise<void>;
}

/** Why a record could not be logged; the gateway answers `Server.ClientProxy.LoggingFailed`. */
export class ExchangeLogError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ExchangeLogError';
  }
}

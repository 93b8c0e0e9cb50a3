/**
 * The gateway's errors share one base, `GatewayFault`, with the shape of the product's
 * `AppError` (src/core/errors.ts): a stable `code`, its HTTP `status`, a public message, and a
 * private `detail` for the server log only. The code is an X-Road error type
 * (protocol/errors.ts: `Client.*`, `Server.ClientProxy.*`, `Server.ServerProxy.*`) rather than
 * an `ErrorCode` of the problem+json catalog: the gateway answers in X-Road's error body, and
 * `respond.ts` maps every `GatewayFault` to that body by its code alone (anything else is
 * `Server.ClientProxy.InternalError`). `status` is the informative default; the answer applies
 * GATEWAY_ERROR_STATUSES (`x-road`: 500 for `Server.*`, 400 for the rest).
 */
import { xroadErrorStatus, type XRoadErrorType } from '../protocol/errors.ts';

export class GatewayFault extends Error {
  readonly code: XRoadErrorType;
  readonly status: number;
  /** Private detail for the server log (e.g. why a credential was refused); never sent to a caller. */
  readonly detail: string | undefined;
  /** Extra response headers, e.g. Retry-After for rate limits. */
  readonly headers: Record<string, string>;

  constructor(code: XRoadErrorType, message: string, options: { detail?: string; headers?: Record<string, string>; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'GatewayFault';
    this.code = code;
    this.status = xroadErrorStatus(code);
    this.detail = options.detail;
    this.headers = options.headers ?? {};
  }

  /** The code under its protocol name: the `type` of the X-Road error body. */
  get type(): XRoadErrorType {
    return this.code;
  }
}

/** A step's refusal or failure with its X-Road error type; the message is safe to show the caller. */
export class GatewayError extends GatewayFault {
  constructor(type: XRoadErrorType, message: string, headers: Record<string, string> = {}, detail?: string) {
    super(type, message, detail === undefined ? { headers } : { headers, detail });
    this.name = 'GatewayError';
  }
}

/**
 * A refusal that also carries a private reason for the server log (e.g. `unknown_key`), kept
 * out of the answer so a caller cannot tell, say, an unknown key from a wrong signature.
 */
export class RefusalWithReason extends GatewayError {
  constructor(type: XRoadErrorType, message: string, reason: string) {
    super(type, message, {}, reason);
    this.name = 'RefusalWithReason';
  }

  /** The private reason: this refusal's `detail`. */
  get reason(): string {
    return this.detail ?? '';
  }
}

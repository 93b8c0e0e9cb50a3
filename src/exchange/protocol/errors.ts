/**
 * X-Road gateway errors as data. The type strings follow the real security server
 * (`ee.ria.xroad.common.ErrorCodes`: prefix `Client`, `Server.ClientProxy` or
 * `Server.ServerProxy`, then a code, optionally a dotted sub-code) so that clients written
 * against X-Road, which match on the `X-Road-Error` header, keep working. Types marked
 * "OneWindow" have no counterpart in X-Road; they reuse its prefixes and dotted sub-codes so a
 * client matching on a prefix (`Server.ServerProxy.ServiceFailed*`) still classifies them.
 *
 * Status codes: the real server answers 500 for every `Server.*` type and 400 for every other
 * (see `xroadCompatStatus`). The shared spec asks for informative statuses (403 for denied,
 * 5xx family for upstream faults), so `status` below is the default and the compatibility
 * status is available for deployments whose clients expect the real server's behaviour.
 * A test fails when this list changes without the test being updated, because clients and
 * dashboards depend on these strings.
 */
export const xroadErrorCatalog = {
  /** Malformed r1 path, query or header (including CR/LF/NUL injection), duplicate protocol header. */
  'Client.BadRequest': { status: 400 },
  /** `X-Road-Client` missing, malformed, or naming a member rather than a subsystem where one is needed. */
  'Client.InvalidClientIdentifier': { status: 400 },
  /** A path under `/r1` that names another protocol version (`/r2/...`). */
  'Client.InvalidProtocolVersion': { status: 400 },
  /** A verb the protocol does not carry, or a metaservice called with something other than GET. */
  'Client.InvalidHttpMethod': { status: 405 },
  /** OneWindow: request body larger than the service's limit; detected while streaming. */
  'Client.RequestTooLarge': { status: 413 },
  /** OneWindow: the consumer's (or the service's) token bucket is empty; answered with Retry-After. */
  'Client.RateLimitExceeded': { status: 429 },
  /**
   * OneWindow: the service declares where the data subject (national code) is, and the call
   * carries it more than once (even with the same value), as a list, empty, or not a valid
   * national code. Refused before forwarding so no call reaches a provider with a person the
   * exchange log does not name (gateway/data-subject.ts).
   */
  'Client.InvalidDataSubject': { status: 400 },
  /**
   * Client authentication failed: no or unknown client certificate, bad or expired client
   * assertion, or an `X-Road-Client` that is not the subsystem the credential belongs to. Real
   * X-Road reports certificate mismatches under this name; 401 so clients re-authenticate.
   */
  'Server.ClientProxy.SslAuthenticationFailed': { status: 401 },
  /** The provider member or subsystem named in the path is not registered. */
  'Server.ClientProxy.UnknownMember': { status: 404 },
  /** The provider subsystem does not provide this service code (or `getOpenAPI?serviceCode=` names none). */
  'Server.ServerProxy.UnknownService': { status: 404 },
  /** The consumer has no right to the service or endpoint, or the right was revoked. */
  'Server.ServerProxy.AccessDenied': { status: 403 },
  /** The provider has switched the service off (maintenance); temporary by nature. */
  'Server.ServerProxy.ServiceDisabled': { status: 503 },
  /** The provider's upstream cannot be reached: connection refused or reset before a response, DNS failure. */
  'Server.ClientProxy.NetworkError': { status: 502 },
  /** The upstream answered but the exchange broke: reset mid-response, unreadable response. */
  'Server.ServerProxy.ServiceFailed': { status: 502 },
  /** OneWindow: the upstream did not answer (headers or body) within the service's timeout. */
  'Server.ServerProxy.ServiceFailed.Timeout': { status: 504 },
  /** OneWindow: the upstream's circuit breaker is open, so the call was not attempted. */
  'Server.ServerProxy.ServiceFailed.CircuitOpen': { status: 503 },
  /**
   * The exchange-log record could not be committed in durable mode, so the response is withheld.
   * 500 rather than 503: the provider may already have acted, so a blind retry is not safe.
   */
  'Server.ClientProxy.LoggingFailed': { status: 500 },
  /** A gateway fault not covered above; the detail UUID links the answer to the server log. */
  'Server.ClientProxy.InternalError': { status: 500 },
} as const satisfies Record<string, { status: number }>;

export type XRoadErrorType = keyof typeof xroadErrorCatalog;

export const xroadErrorTypes = Object.keys(xroadErrorCatalog) as XRoadErrorType[];

export const X_ROAD_ERROR_HEADER = 'X-Road-Error';

/** The real server sets this exact value; some clients compare it literally. */
export const X_ROAD_ERROR_CONTENT_TYPE = 'application/json;charset=utf-8';

export interface XRoadErrorBody {
  type: XRoadErrorType;
  message: string;
  /** A UUID that the gateway also logs, so support can find the private detail. */
  detail: string;
}

export function isXRoadErrorType(value: string): value is XRoadErrorType {
  return Object.hasOwn(xroadErrorCatalog, value);
}

export function xroadErrorStatus(type: XRoadErrorType): number {
  return xroadErrorCatalog[type].status;
}

/** The status the real security server would answer with. */
export function xroadCompatStatus(type: XRoadErrorType): number {
  return type.startsWith('Server.') ? 500 : 400;
}

/**
 * The message is public: callers pass a sentence about the request, never upstream error
 * text or stack traces, which could reveal another member's internals.
 */
export function xroadErrorBody(type: XRoadErrorType, message: string, detailUuid: string): XRoadErrorBody {
  return { type, message, detail: detailUuid };
}

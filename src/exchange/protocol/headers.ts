/**
 * Which headers cross the gateway, in which form. Headers are kept as an ordered list of
 * `[name, value]` pairs (Node's `rawHeaders` order) rather than a record, because the request
 * hash is computed over the headers in the order they are sent and duplicates must be seen
 * to be refused.
 */
import type { XRoadErrorType } from './errors.ts';
import { decodeIdentifierPart, formatClientId, formatServiceId, type ClientId, type ServiceId } from './identifiers.ts';

export type HeaderList = ReadonlyArray<readonly [name: string, value: string]>;

export type HeaderErrorReason = 'header_injection' | 'bad_header_value' | 'bad_header_name' | 'duplicate_header' | 'conflicting_client_headers' | 'bad_user_id' | 'bad_represented_party';

export interface HeaderError {
  reason: HeaderErrorReason;
  header: string;
  errorType: XRoadErrorType;
  message: string;
}

export type HeaderResult<T> = { ok: true; value: T } | { ok: false; error: HeaderError };

/** RFC 9110 §7.6.1 plus the proxy-era names still seen in the wild. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/**
 * Besides hop-by-hop: `host` and `user-agent` belong to the gateway's own connection (the spec
 * says drop them); `expect` is handled by the gateway's HTTP server and undici refuses it; the
 * `forwarded` family is dropped because a provider must identify its caller by `X-Road-Client`,
 * never by an address a client can write.
 */
const REQUEST_DROPPED = new Set(['host', 'user-agent', 'server', 'expect', 'forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'x-real-ip']);

/** The X-Road headers a provider must see, each at most once. */
export const PROTOCOL_REQUEST_HEADERS = ['x-road-client', 'x-road-id', 'x-road-userid', 'x-road-issue', 'x-road-represented-party'] as const;
const PROTOCOL = new Set<string>(PROTOCOL_REQUEST_HEADERS);

/**
 * The X-Road headers only the gateway writes, never passed on from either side: a client must
 * not forge the service, hash or error of its own call, a provider must not fake another
 * request's hash or an X-Road error. `X-Road-Security-Server` addresses a security server and
 * means nothing past the gateway. Every other `x-road-*` header is an extension, which PR-REST
 * §4.3 says X-Road "handles like any user defined header": it passes unchanged.
 */
export const GATEWAY_WRITTEN_HEADERS = ['x-road-client', 'x-road-service', 'x-road-id', 'x-road-request-id', 'x-road-request-hash', 'x-road-error', 'x-road-security-server'] as const;
const GATEWAY_WRITTEN = new Set<string>(GATEWAY_WRITTEN_HEADERS);

/**
 * Credentials the client presented to the gateway. A provider authorizes by `X-Road-Client`
 * and must never receive another party's credential, so these are dropped unless the gateway
 * says otherwise. `X-OneWindow-Client-Secret` is the demo shared secret (gateway/authenticate.ts).
 */
export const DEFAULT_CONSUMED_HEADERS = ['authorization', 'cookie', 'x-onewindow-client-secret'] as const;
const DEFAULT_CONSUMED = new Set<string>(DEFAULT_CONSUMED_HEADERS);

/** The GovStack names for the client header: the spec file says one, the shared README the other. */
export const GOVSTACK_CLIENT_HEADERS = ['x-govstack-client', 'information-mediator-client'] as const;
const GOVSTACK_CLIENT = new Set<string>(GOVSTACK_CLIENT_HEADERS);

export const DEFAULT_ACCEPT = 'application/json';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const INJECTION = /[\r\n\0]/;
/** Other controls are not injection but are still not allowed in a field value (RFC 9110 §5.5). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]/;

function fail<T>(reason: HeaderErrorReason, header: string, message: string, errorType: XRoadErrorType = 'Client.BadRequest'): HeaderResult<T> {
  return { ok: false, error: { reason, header, errorType, message } };
}

/** Node's `rawHeaders`: `[name, value, name, value, ...]`. */
export function headersFromRaw(raw: readonly string[]): HeaderList {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i] ?? '', raw[i + 1] ?? '']);
  return out;
}

/** Flat form for undici's `headers` option. */
export function headersToRaw(list: HeaderList): string[] {
  const out: string[] = new Array(list.length * 2);
  for (let i = 0; i < list.length; i++) {
    const [name, value] = list[i]!;
    out[2 * i] = name;
    out[2 * i + 1] = value;
  }
  return out;
}

export function headerValues(list: HeaderList, name: string): string[] {
  const lower = name.toLowerCase();
  return list.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
}

/** Names and values that could split a message or smuggle a header are refused, never repaired. */
export function validateHeaders(list: HeaderList): HeaderResult<HeaderList> {
  for (const [name, value] of list) {
    if (!TOKEN.test(name)) return fail('bad_header_name', name, 'a header name is not an HTTP token');
    if (INJECTION.test(value)) return fail('header_injection', name, `header ${name} contains CR, LF or NUL`);
    if (CONTROL.test(value)) return fail('bad_header_value', name, `header ${name} contains a control character`);
  }
  return { ok: true, value: list };
}

/** A protocol header given twice is ambiguous (which user? which purpose?), so it is refused. */
export function singleHeader(list: HeaderList, name: string): HeaderResult<string | undefined> {
  const values = headerValues(list, name);
  if (values.length > 1) return fail('duplicate_header', name, `header ${name} is given more than once`);
  return { ok: true, value: values[0] };
}

function addConnectionTokens(tokens: Set<string>, value: string): void {
  for (const t of value.split(',')) {
    const name = t.trim().toLowerCase();
    if (name !== '') tokens.add(name);
  }
}

function connectionTokens(list: HeaderList): Set<string> {
  const tokens = new Set<string>();
  for (const v of headerValues(list, 'connection')) addConnectionTokens(tokens, v);
  return tokens;
}

export interface RequestForwardContext {
  /** The authenticated client; replaces whatever `X-Road-Client` said. */
  client: ClientId;
  /** The client's `X-Road-Id`, or the UUID the gateway generated when it had none. */
  messageId: string;
  /** Sent to the provider as `X-Road-Request-Id` when given, as the real server does. */
  requestId?: string;
  /** Credential headers the gateway consumed (lower-case names); default `DEFAULT_CONSUMED_HEADERS`. */
  consumed?: ReadonlySet<string>;
}

/**
 * The headers to send to a provider: the received ones in order minus everything dropped above,
 * then `X-Road-Client`, `X-Road-Id` (and `X-Road-Request-Id`) written by the gateway, then
 * `Accept: application/json` when the client sent no Accept.
 *
 * Protocol headers survive even when `Connection` names them, so the provider sees the same
 * end user and purpose the exchange log records.
 */
export function forwardRequestHeaders(list: HeaderList, ctx: RequestForwardContext): HeaderResult<HeaderList> {
  // Every call passes here, so the list is walked twice, names lower-cased once: first to
  // validate, find duplicated protocol headers and the names `Connection` lists, then to copy.
  const lowerNames: string[] = new Array(list.length);
  const seenProtocol = new Set<string>();
  const named = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const [name, value] = list[i]!;
    if (!TOKEN.test(name)) return fail('bad_header_name', name, 'a header name is not an HTTP token');
    if (INJECTION.test(value)) return fail('header_injection', name, `header ${name} contains CR, LF or NUL`);
    if (CONTROL.test(value)) return fail('bad_header_value', name, `header ${name} contains a control character`);
    const lower = name.toLowerCase();
    lowerNames[i] = lower;
    if (PROTOCOL.has(lower)) {
      if (seenProtocol.has(lower)) return fail('duplicate_header', lower, `header ${lower} is given more than once`);
      seenProtocol.add(lower);
    }
    if (lower === 'connection') addConnectionTokens(named, value);
  }
  const consumed = ctx.consumed ?? DEFAULT_CONSUMED;
  const out: Array<readonly [string, string]> = [];
  let hasAccept = false;
  for (let i = 0; i < list.length; i++) {
    const lower = lowerNames[i]!;
    if (GATEWAY_WRITTEN.has(lower)) continue;
    if (GOVSTACK_CLIENT.has(lower)) continue;
    if (HOP_BY_HOP.has(lower) || REQUEST_DROPPED.has(lower) || consumed.has(lower)) continue;
    if (named.has(lower) && !PROTOCOL.has(lower)) continue;
    if (lower === 'accept') hasAccept = true;
    out.push(list[i]!);
  }
  // Only what the gateway adds still needs checking.
  const added: Array<readonly [string, string]> = [['X-Road-Client', formatClientId(ctx.client)], ['X-Road-Id', ctx.messageId]];
  if (ctx.requestId !== undefined) added.push(['X-Road-Request-Id', ctx.requestId]);
  if (!hasAccept) added.push(['Accept', DEFAULT_ACCEPT]);
  const checked = validateHeaders(added);
  if (!checked.ok) return checked;
  out.push(...added);
  return { ok: true, value: out };
}

export interface ResponseForwardContext {
  client: ClientId;
  service: ServiceId;
  messageId: string;
  requestId: string;
  requestHash: string;
}

/**
 * The provider's headers minus hop-by-hop and `Server`, minus the X-Road headers the gateway
 * writes (a provider must not be able to fake `X-Road-Error` or another request's hash), plus
 * the gateway's own X-Road response headers. X-Road extension headers pass, as user headers do.
 */
export function forwardResponseHeaders(list: HeaderList, ctx: ResponseForwardContext): HeaderList {
  const out = filterResponseHeaders(list);
  out.push(
    ['X-Road-Client', formatClientId(ctx.client)],
    ['X-Road-Service', formatServiceId(ctx.service)],
    ['X-Road-Id', ctx.messageId],
    ['X-Road-Request-Id', ctx.requestId],
    ['X-Road-Request-Hash', ctx.requestHash],
  );
  return out;
}

/**
 * The provider's headers that reach the client: `forwardResponseHeaders` without the X-Road
 * headers appended, for callers that write those themselves (the gateway's forward step adds
 * the same ones its error answers carry).
 */
export function filterResponseHeaders(list: HeaderList): Array<readonly [string, string]> {
  const named = connectionTokens(list);
  return list.filter(([name]) => {
    const lower = name.toLowerCase();
    return !HOP_BY_HOP.has(lower) && !named.has(lower) && lower !== 'server' && !GATEWAY_WRITTEN.has(lower);
  });
}

export interface ClientHeader {
  /** Decides the metaservice answer shape: X-Road snake_case or GovStack camelCase. */
  dialect: 'xroad' | 'govstack';
  value: string | undefined;
}

/** Reads the client header under its X-Road or GovStack names; differing values are refused. */
export function pickClientHeader(list: HeaderList): HeaderResult<ClientHeader> {
  const found: Array<{ name: string; value: string }> = [];
  for (const name of ['x-road-client', ...GOVSTACK_CLIENT_HEADERS]) {
    const single = singleHeader(list, name);
    if (!single.ok) return { ok: false, error: { ...single.error, errorType: 'Client.InvalidClientIdentifier' } };
    if (single.value !== undefined) found.push({ name, value: single.value.trim() });
  }
  const first = found[0];
  if (first === undefined) return { ok: true, value: { dialect: 'xroad', value: undefined } };
  if (found.some((f) => f.value !== first.value)) return fail('conflicting_client_headers', first.name, 'the client headers name different clients', 'Client.InvalidClientIdentifier');
  return { ok: true, value: { dialect: first.name === 'x-road-client' ? 'xroad' : 'govstack', value: first.value } };
}

export interface UserId {
  /** ISO 3166-1 alpha-2, upper-case. */
  country: string;
  id: string;
}

const USER_ID = /^([A-Z]{2})([0-9A-Za-z._-]{1,64})$/;

/** `X-Road-UserId: IR0012345678`. Identifier checksums are the country pack's business, not the protocol's. */
export function parseUserId(value: string): HeaderResult<UserId> {
  const m = USER_ID.exec(value.trim());
  if (m === null) return fail('bad_user_id', 'X-Road-UserId', 'X-Road-UserId must be a two-letter country code followed by an identifier');
  return { ok: true, value: { country: m[1] ?? '', id: m[2] ?? '' } };
}

export interface RepresentedParty {
  partyClass?: string;
  partyCode: string;
}

/** `X-Road-Represented-Party: [CLASS/]CODE`, parts percent-encoded like identifiers. */
export function parseRepresentedParty(value: string): HeaderResult<RepresentedParty> {
  const parts = value.trim().split('/');
  const bad = (message: string) => fail<RepresentedParty>('bad_represented_party', 'X-Road-Represented-Party', message);
  if (parts.length > 2) return bad('X-Road-Represented-Party must be [CLASS/]CODE');
  const decoded: string[] = [];
  for (const [i, raw] of parts.entries()) {
    const r = decodeIdentifierPart(raw, parts.length === 2 && i === 0 ? 'partyClass' : 'partyCode', 'Client.BadRequest');
    if (!r.ok) return bad(`X-Road-Represented-Party: ${r.error.message}`);
    decoded.push(r.value);
  }
  const [a = '', b] = decoded;
  return { ok: true, value: b === undefined ? { partyCode: a } : { partyClass: a, partyCode: b } };
}

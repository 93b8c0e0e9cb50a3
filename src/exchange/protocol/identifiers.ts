/**
 * X-Road identifiers and the r1 request target. Every identifier part is percent-encoded on
 * its own, so a part is decoded only after the path has been split at real `/` characters;
 * decoding first would let `%2F` smuggle an extra level into an identifier.
 */
import type { XRoadErrorType } from './errors.ts';
import { providerPathProblem, type ProviderPathProblem } from './provider-path.ts';

export interface ClientId {
  instance: string;
  memberClass: string;
  memberCode: string;
  /** Absent for a member; consumers and providers on the exchange are always subsystems. */
  subsystemCode?: string;
}

export interface ServiceId {
  instance: string;
  memberClass: string;
  memberCode: string;
  subsystemCode: string;
  serviceCode: string;
  /** REST services in r1 carry no version in the path; kept for the registry and the log. */
  serviceVersion?: string;
}

export const METASERVICES = ['listMethods', 'allowedMethods', 'getOpenAPI'] as const;
export type Metaservice = (typeof METASERVICES)[number];

export type IdentifierErrorReason =
  | 'too_few_parts'
  | 'too_many_parts'
  | 'empty_part'
  | 'too_long'
  | 'bad_encoding'
  | 'bad_character'
  | 'dot_segment'
  | 'encoded_separator'
  | 'empty_segment'
  | 'path_parameter'
  | 'nested_encoding'
  | 'not_r1'
  | 'unsupported_version';

export interface IdentifierError {
  reason: IdentifierErrorReason;
  /** Which part failed, e.g. `memberCode`, or `path` for the provider path. */
  part?: string;
  /** The gateway answers with this X-Road error type. */
  errorType: XRoadErrorType;
  message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: IdentifierError };

/** The identifier character set of the shared spec; everything else, `/` and `%` included, is refused. */
const IDENTIFIER_CHARS = /^[A-Za-z0-9'()+,\-.=?]+$/;
/** X-Road stores identifier parts in 255-character columns. */
export const MAX_PART_LENGTH = 255;

/** Whether an already decoded value may be an identifier part (registering members, subsystems, services). */
export function isIdentifierPart(value: string): boolean {
  return value.length > 0 && value.length <= MAX_PART_LENGTH && value !== '.' && value !== '..' && IDENTIFIER_CHARS.test(value);
}

const CLIENT_PARTS = ['instance', 'memberClass', 'memberCode', 'subsystemCode'] as const;
const SERVICE_PARTS = ['instance', 'memberClass', 'memberCode', 'subsystemCode', 'serviceCode'] as const;

function fail<T>(errorType: XRoadErrorType, reason: IdentifierErrorReason, message: string, part?: string): Parsed<T> {
  return { ok: false, error: part === undefined ? { reason, errorType, message } : { reason, part, errorType, message } };
}

/** Decodes and validates one identifier part. */
export function decodeIdentifierPart(raw: string, part: string, errorType: XRoadErrorType): Parsed<string> {
  if (raw === '') return fail(errorType, 'empty_part', `${part} is empty`, part);
  let decoded = raw;
  // Most parts hold no escapes; decoding only those that do keeps the parse step cheap.
  if (raw.includes('%')) {
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      return fail(errorType, 'bad_encoding', `${part} is not valid percent-encoded UTF-8`, part);
    }
  }
  if (decoded === '') return fail(errorType, 'empty_part', `${part} is empty`, part);
  if (decoded.length > MAX_PART_LENGTH) return fail(errorType, 'too_long', `${part} is longer than ${MAX_PART_LENGTH} characters`, part);
  // Checked before the character set so the answer names the real problem: a proxy or URL
  // library normalising `..` would silently change which member is addressed.
  if (decoded === '.' || decoded === '..') return fail(errorType, 'dot_segment', `${part} is a dot segment`, part);
  if (!IDENTIFIER_CHARS.test(decoded)) return fail(errorType, 'bad_character', `${part} contains a character outside A-Z a-z 0-9 ' ( ) + , - . = ?`, part);
  return { ok: true, value: decoded };
}

/** `X-Road-Client: INSTANCE/CLASS/MEMBER[/SUBSYSTEM]`, parts percent-decoded as the real server does. */
export function parseClientHeader(value: string | undefined): Parsed<ClientId> {
  const errorType: XRoadErrorType = 'Client.InvalidClientIdentifier';
  if (value === undefined || value.trim() === '') return fail(errorType, 'empty_part', 'X-Road-Client header is missing');
  const raw = value.trim().split('/');
  if (raw.length < 3) return fail(errorType, 'too_few_parts', 'X-Road-Client needs INSTANCE/CLASS/MEMBER[/SUBSYSTEM]');
  if (raw.length > 4) return fail(errorType, 'too_many_parts', 'X-Road-Client has more than four parts');
  const parts: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const r = decodeIdentifierPart(raw[i] ?? '', CLIENT_PARTS[i] ?? 'part', errorType);
    if (!r.ok) return r;
    parts.push(r.value);
  }
  const [instance = '', memberClass = '', memberCode = '', subsystemCode] = parts;
  return { ok: true, value: subsystemCode === undefined ? { instance, memberClass, memberCode } : { instance, memberClass, memberCode, subsystemCode } };
}

export type R1Target =
  | {
      kind: 'service';
      service: ServiceId;
      /** The provider path after the service code, percent-encoding as received; `''` when none. */
      path: string;
      /** Raw query without `?`; `undefined` when the target had none. */
      query: string | undefined;
    }
  | { kind: 'metaservice'; metaservice: Metaservice; provider: ClientId & { subsystemCode: string }; query: string | undefined };

/**
 * Splits an r1 request target (`/r1/...` with an optional `?query`). The provider path keeps
 * its encoding so the upstream sees exactly what the client sent, but what an upstream could
 * normalise into a dot segment or a separator is refused (`provider-path.ts` has the rule): an
 * upstream that normalises or decodes it could be led outside the endpoint the access right
 * was granted for.
 */
export function parseR1Target(target: string): Parsed<R1Target> {
  const bad: XRoadErrorType = 'Client.BadRequest';
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  const query = q === -1 ? undefined : target.slice(q + 1);
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\x00-\x20\x7f#]/.test(target)) return fail(bad, 'bad_character', 'the request target contains a control character, space or #');

  const segments = path.split('/');
  if (segments[0] !== '' || segments[1] === undefined || !/^r\d+$/.test(segments[1])) return fail(bad, 'not_r1', 'the request target does not start with /r1/');
  if (segments[1] !== 'r1') return fail('Client.InvalidProtocolVersion', 'unsupported_version', `protocol version ${segments[1]} is not supported`);
  if (segments.length < 7) return fail(bad, 'too_few_parts', 'the path needs /r1/INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE');

  const ids: string[] = [];
  for (let i = 0; i < SERVICE_PARTS.length; i++) {
    const r = decodeIdentifierPart(segments[i + 2] ?? '', SERVICE_PARTS[i] ?? 'part', bad);
    if (!r.ok) return r;
    ids.push(r.value);
  }
  const [instance = '', memberClass = '', memberCode = '', subsystemCode = '', serviceCode = ''] = ids;
  const rest = segments.slice(7);
  const providerPath = rest.length === 0 ? '' : '/' + rest.join('/');

  if ((METASERVICES as readonly string[]).includes(serviceCode)) {
    if (providerPath !== '') return fail(bad, 'too_many_parts', `${serviceCode} takes no path after its name`, 'path');
    return { ok: true, value: { kind: 'metaservice', metaservice: serviceCode as Metaservice, provider: { instance, memberClass, memberCode, subsystemCode }, query } };
  }
  const problem = providerPathProblem(providerPath);
  if (problem !== null) return fail(bad, problem, PATH_MESSAGES[problem], 'path');
  return { ok: true, value: { kind: 'service', service: { instance, memberClass, memberCode, subsystemCode, serviceCode }, path: providerPath, query } };
}

/** Public: they say what the rule is, so a legitimate client can fix its call. */
const PATH_MESSAGES: Record<ProviderPathProblem, string> = {
  empty_segment: 'the provider path has an empty segment (// or a bare ;parameter); only one trailing / is allowed / مسیر ارائه‌دهنده بخش خالی دارد',
  dot_segment: 'the provider path contains a dot segment (., .., also encoded or with a ;parameter) / مسیر ارائه‌دهنده بخش نقطه‌ای دارد',
  path_parameter: 'the provider path contains a ; (a path parameter, which upstreams drop before routing); use a query parameter / مسیر ارائه‌دهنده نویسهٔ ; دارد؛ از پارامتر پرس‌وجو استفاده کنید',
  encoded_separator: 'the provider path contains an encoded / or a \\ / مسیر ارائه‌دهنده جداکنندهٔ رمزگذاری‌شده دارد',
  bad_encoding: 'the provider path is not valid percent-encoded UTF-8 / رمزگذاری درصدی مسیر ارائه‌دهنده نامعتبر است',
  nested_encoding: 'the provider path is percent-encoded more than once / مسیر ارائه‌دهنده بیش از یک بار رمزگذاری شده است',
  bad_character: 'the provider path encodes a control character / مسیر ارائه‌دهنده نویسهٔ کنترلی دارد',
};

const enc = encodeURIComponent;

/** `IR/GOV/1234[/SUB]`, the `X-Road-Client` header form; round-trips through `parseClientHeader`. */
export function formatClientId(id: ClientId): string {
  const parts = [id.instance, id.memberClass, id.memberCode];
  if (id.subsystemCode !== undefined) parts.push(id.subsystemCode);
  return parts.map(enc).join('/');
}

/** `IR/GOV/1234/SUB/service[/version]`, the `X-Road-Service` header and log form. */
export function formatServiceId(id: ServiceId): string {
  const parts = [id.instance, id.memberClass, id.memberCode, id.subsystemCode, id.serviceCode];
  if (id.serviceVersion !== undefined) parts.push(id.serviceVersion);
  return parts.map(enc).join('/');
}

/** `/r1/IR/GOV/1234/SUB/service` + provider path; the version is not part of an r1 path. */
export function r1ServicePath(id: ServiceId, providerPath = ''): string {
  return '/r1/' + [id.instance, id.memberClass, id.memberCode, id.subsystemCode, id.serviceCode].map(enc).join('/') + providerPath;
}

export function r1MetaservicePath(provider: ClientId & { subsystemCode: string }, metaservice: Metaservice): string {
  return '/r1/' + formatClientId(provider) + '/' + metaservice;
}

export function sameClient(a: ClientId, b: ClientId): boolean {
  return a.instance === b.instance && a.memberClass === b.memberClass && a.memberCode === b.memberCode && a.subsystemCode === b.subsystemCode;
}

/** The provider subsystem of a service. */
export function providerOf(service: ServiceId): ClientId & { subsystemCode: string } {
  return { instance: service.instance, memberClass: service.memberClass, memberCode: service.memberCode, subsystemCode: service.subsystemCode };
}

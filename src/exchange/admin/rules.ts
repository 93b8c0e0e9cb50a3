import type { ErrorCode } from '../../core/errors.ts';
import { isIdentifierPart } from '../protocol/identifiers.ts';
import { compileEndpoint, type EndpointPattern } from '../protocol/endpoints.ts';
import { openApiEndpoints } from '../openapi-endpoints.ts';
import type { DataSubjectLocation } from '../model.ts';

/** A broken rule, with the field it is about; services turn it into an AppError. */
export interface RuleViolation {
  code: ErrorCode;
  field: string;
  message: string;
  reason?: string;
}

export function checkIdentifier(field: string, value: string): RuleViolation | undefined {
  if (isIdentifierPart(value)) return undefined;
  return { code: 'EXCHANGE_IDENTIFIER_INVALID', field, message: `${field} may hold only A-Z a-z 0-9 and ' ( ) + , - . = ?` };
}

/** The upstream base URL: http(s), a host, no user info, query or fragment (the provider path is appended). */
export function checkUpstreamUrl(value: string): RuleViolation | undefined {
  const bad = (message: string): RuleViolation => ({ code: 'EXCHANGE_UPSTREAM_URL_INVALID', field: 'upstreamUrl', message });
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return bad('The upstream URL is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return bad('The upstream URL must use http or https');
  if (!url.hostname) return bad('The upstream URL has no host');
  if (url.username || url.password) return bad('The upstream URL must not carry credentials');
  if (url.search || url.hash || value.includes('?') || value.includes('#')) return bad('The upstream URL must not have a query or fragment');
  return undefined;
}

/** An own burst (a service's, a consumer's, a right's) only makes sense on top of an own rate. */
export function checkRateLimit(perSecond: number | null, burst: number | null): RuleViolation | undefined {
  if (burst !== null && perSecond === null) return { code: 'VALIDATION_FAILED', field: 'rateLimitBurst', message: 'A burst needs a rate (rateLimitPerSecond)' };
  return undefined;
}

export type EndpointSource = { kind: 'openapi'; document: Record<string, unknown> } | { kind: 'explicit'; endpoints: EndpointPattern[] };

/** The service's endpoints and type, from exactly one of an OpenAPI document or an explicit list. */
export function resolveEndpoints(
  openapi: Record<string, unknown> | undefined,
  endpoints: EndpointPattern[] | undefined,
): { ok: true; serviceType: 'REST' | 'OPENAPI'; endpoints: EndpointPattern[]; openapi: Record<string, unknown> | null } | { ok: false; violation: RuleViolation } {
  if (openapi !== undefined && endpoints !== undefined) {
    return { ok: false, violation: { code: 'EXCHANGE_SERVICE_ENDPOINTS_INVALID', field: 'endpoints', message: 'Give either an OpenAPI document or explicit endpoints, not both' } };
  }
  if (openapi !== undefined) {
    const result = openApiEndpoints(openapi);
    if (!result.ok) return { ok: false, violation: { code: 'EXCHANGE_OPENAPI_INVALID', field: 'openapi', message: result.error.message, reason: result.error.reason } };
    return { ok: true, serviceType: 'OPENAPI', endpoints: result.value, openapi };
  }
  if (endpoints === undefined || endpoints.length === 0) {
    return { ok: false, violation: { code: 'EXCHANGE_SERVICE_ENDPOINTS_INVALID', field: 'endpoints', message: 'A service needs an OpenAPI document or at least one endpoint' } };
  }
  const unique = [...new Map(endpoints.map((e) => [`${e.method.toUpperCase()} ${e.path}`, { method: e.method.toUpperCase(), path: e.path }])).values()];
  return { ok: true, serviceType: 'REST', endpoints: unique, openapi: null };
}

/** Names of the whole-segment `{param}` templates in an endpoint path. */
export function templateParameters(path: string): string[] {
  return path
    .split('/')
    .filter((s) => /^\{[^{}/]+\}$/.test(s))
    .map((s) => s.slice(1, -1));
}

/** A path data subject must be a template parameter of at least one endpoint. */
export function checkDataSubject(dataSubject: DataSubjectLocation | null, endpoints: readonly EndpointPattern[]): RuleViolation | undefined {
  if (!dataSubject || dataSubject.in !== 'path') return undefined;
  if (endpoints.some((e) => templateParameters(e.path).includes(dataSubject.name))) return undefined;
  return { code: 'EXCHANGE_DATA_SUBJECT_INVALID', field: 'dataSubject', message: `No endpoint has a path parameter {${dataSubject.name}}` };
}

/**
 * Each endpoint of a request must fall inside one of the service's endpoints: the requested
 * pattern, read as a path, must match a service endpoint (`GET /persons/{nationalCode}` fits
 * the service's `GET /persons/{nationalCode}`; `*` for the method needs a service endpoint with `*`).
 */
export function checkRequestedEndpoints(requested: readonly EndpointPattern[] | null, service: readonly EndpointPattern[]): RuleViolation | undefined {
  if (!requested) return undefined;
  const compiled = service.map(compileEndpoint);
  const outside = requested.find((r) => !compiled.some((c) => c.matches(r.method, r.path)));
  if (!outside) return undefined;
  return { code: 'EXCHANGE_REQUEST_ENDPOINT_NOT_IN_SERVICE', field: 'endpoints', message: `${outside.method} ${outside.path} is not an endpoint of the service` };
}

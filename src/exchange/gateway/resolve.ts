/**
 * resolve: the service the call addresses, the endpoint it matches and the person the data is
 * about.
 *
 * - Unknown provider subsystem → `Server.ClientProxy.UnknownMember`; unknown service code →
 *   `Server.ServerProxy.UnknownService`; a switched-off service (or provider subsystem) →
 *   `Server.ServerProxy.ServiceDisabled`.
 * - Endpoint: the most specific declared endpoint matching method and path (more literal
 *   segments win, so `/persons/search` beats `/persons/{id}`). An OPENAPI service offers only
 *   what its document declares, so a call matching none is refused as
 *   `Server.ServerProxy.UnknownService` (404: "this provider offers nothing there"), not as
 *   AccessDenied, which would send the consumer off to ask for a right that cannot exist. The
 *   declared endpoints are public through `listMethods` anyway. A REST service without matching
 *   endpoint is passed on with no endpoint; its access rights decide.
 * - Data subject: read from the configured path parameter (of the matched endpoint), query
 *   parameter or header, Persian and Arabic-Indic digits normalised, and kept only when it has
 *   the shape of a national code (10 digits). Anything else is logged as null and the call is
 *   NOT refused: validating the provider's input is the provider's business (its API may take
 *   a tracking number in the same place), and the gateway must not be stricter than it.
 */
import { formatClientId, formatServiceId, providerOf } from '../protocol/identifiers.ts';
import { headerValues } from '../protocol/headers.ts';
import type { CompiledEndpoint } from '../protocol/endpoints.ts';
import type { DataSubjectLocation } from '../model.ts';
import { asciiDigits } from '../../core/national-code.ts';
import { GatewayError, type Exchange } from './exchange.ts';

const NATIONAL_CODE = /^[0-9]{10}$/;

/** A national code in the shape the log keeps (10 ASCII digits), or null. */
export function nationalCodeShape(raw: string | undefined, encoded: boolean): string | null {
  if (raw === undefined) return null;
  let value = raw;
  if (encoded) {
    try {
      value = decodeURIComponent(raw.replace(/\+/g, ' '));
    } catch {
      return null;
    }
  }
  value = asciiDigits(value.trim());
  return NATIONAL_CODE.test(value) ? value : null;
}

/** The matching endpoint with the most literal segments (ties: declaration order). */
export function bestEndpoint(endpoints: readonly CompiledEndpoint[], method: string, path: string): CompiledEndpoint | undefined {
  let best: CompiledEndpoint | undefined;
  let bestScore = -1;
  for (const e of endpoints) {
    if (!e.matches(method, path)) continue;
    if (best === undefined) {
      best = e;
      continue;
    }
    // Only when two endpoints match (rare) is specificity computed.
    if (bestScore === -1) bestScore = literalSegments(best.pattern.path);
    const score = literalSegments(e.pattern.path);
    if (score > bestScore) {
      best = e;
      bestScore = score;
    }
  }
  return best;
}

function literalSegments(path: string): number {
  let n = 0;
  for (const s of path.split('/')) if (s !== '' && !s.includes('*') && !s.includes('{')) n++;
  return n;
}

export function resolve(x: Exchange): void {
  const target = x.target;
  if (target?.kind !== 'service') throw new Error('resolve runs only for service calls');
  const entry = x.snapshot.service(formatServiceId(target.service));
  if (entry === undefined) {
    if (x.snapshot.subsystem(formatClientId(providerOf(target.service))) === undefined) {
      throw new GatewayError('Server.ClientProxy.UnknownMember', 'the provider subsystem in the path is not registered');
    }
    throw new GatewayError('Server.ServerProxy.UnknownService', `the provider offers no service ${target.service.serviceCode}`);
  }
  x.service = entry;
  if (entry.service.status !== 'active' || entry.provider.subsystem.status !== 'active') {
    throw new GatewayError('Server.ServerProxy.ServiceDisabled', 'the service is switched off by its provider for now');
  }
  if (entry.registration === undefined) {
    // Its upstream lies outside every address the operator registered for the provider (never
    // registered, or since revoked): nothing is sent there.
    throw new GatewayError('Server.ServerProxy.ServiceDisabled', "the service's backend address is not registered for its provider; the window's operator registers it");
  }
  const method = x.req.method ?? 'GET';
  const path = target.path;
  const endpoint = bestEndpoint(entry.endpoints, method, path);
  if (endpoint === undefined && entry.service.serviceType === 'OPENAPI') {
    throw new GatewayError('Server.ServerProxy.UnknownService', `the service declares no endpoint ${method} ${path || '/'}`);
  }
  if (endpoint !== undefined) x.endpoint = endpoint;
  const subject = entry.service.dataSubject;
  if (subject !== null) {
    const found = dataSubject(x, subject, endpoint, method, path, target.query);
    if (found !== null) x.dataSubject = found;
  }
}

function dataSubject(x: Exchange, where: DataSubjectLocation, endpoint: CompiledEndpoint | undefined, method: string, path: string, query: string | undefined): string | null {
  switch (where.in) {
    case 'path':
      return nationalCodeShape(endpoint?.params(method, path)?.[where.name], true);
    case 'query':
      return query === undefined ? null : nationalCodeShape(queryParam(query, where.name), true);
    case 'header': {
      const values = headerValues(x.headers, where.name);
      // Given twice, the subject is ambiguous: log none rather than pick one.
      return values.length === 1 ? nationalCodeShape(values[0], false) : null;
    }
  }
}

/** The raw (still encoded) value of a query parameter given exactly once; undefined otherwise. */
export function queryParam(query: string, name: string): string | undefined {
  let found: string | undefined;
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    const key = eq === -1 ? pair : pair.slice(0, eq);
    let decodedKey: string;
    try {
      decodedKey = decodeURIComponent(key.replace(/\+/g, ' '));
    } catch {
      continue;
    }
    if (decodedKey !== name) continue;
    if (found !== undefined) return undefined;
    found = eq === -1 ? '' : pair.slice(eq + 1);
  }
  return found;
}

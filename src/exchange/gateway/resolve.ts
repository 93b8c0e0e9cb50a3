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
 * - Data subject (`data-subject.ts`): where the service declares one, a call that carries it
 *   more than once, as a list, empty or not a valid national code is refused with
 *   `Client.InvalidDataSubject` before it is forwarded; otherwise its canonical code is logged.
 *   A call that does not carry it at all is passed on with no subject. Passing the others on
 *   with no subject would let a caller hide the person from the log: the provider still reads
 *   one of the copies, or reads a person out of a value the gateway did not recognise.
 */
import { formatClientId, formatServiceId, providerOf } from '../protocol/identifiers.ts';
import type { CompiledEndpoint } from '../protocol/endpoints.ts';
import type { DataSubjectLocation } from '../model.ts';
import { readDataSubject, type SubjectRefusal } from './data-subject.ts';
import type { Exchange } from './exchange.ts';
import { GatewayError } from './errors.ts';

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
  const where = entry.service.dataSubject;
  if (where === null) return;
  const subject = readDataSubject(where, { method, path, query: target.query, headers: x.headers, endpoint });
  if (subject.kind === 'absent') return;
  if (subject.code !== undefined) x.dataSubject = subject.code;
  if (subject.kind === 'refused') throw new GatewayError('Client.InvalidDataSubject', SUBJECT_MESSAGES[subject.reason](where));
}

/** Public: they name the parameter, never the values, which are personal data. */
const SUBJECT_MESSAGES: Record<SubjectRefusal, (where: DataSubjectLocation) => string> = {
  repeated: (w) => `The ${w.in} parameter ${w.name} (the national code of the person the data is about) is given more than once or as a list. / پارامتر ${w.name} (کد ملی شخص موضوع داده) بیش از یک بار یا به‌صورت فهرست آمده است.`,
  conflicting: (w) => `The ${w.in} parameter ${w.name} (the national code of the person the data is about) is given more than once or as a list, with different or invalid values. / پارامتر ${w.name} (کد ملی شخص موضوع داده) چند بار یا به‌صورت فهرست، با مقدارهای متفاوت یا نامعتبر آمده است.`,
  malformed: (w) => `The ${w.in} parameter ${w.name} is not a valid national code. / پارامتر ${w.name} کد ملی معتبری نیست.`,
};

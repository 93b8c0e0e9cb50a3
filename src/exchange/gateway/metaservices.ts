/**
 * Metaservices and the GovStack directory API, answered from the snapshot: `listClients` at the
 * root, `listMethods`, `allowedMethods` (only what the authenticated caller holds a right to) and
 * `getOpenAPI` under a provider. The answer shape follows the dialect parse decided: X-Road
 * snake_case or GovStack camelCase.
 *
 * The answer is prepared like a forwarded one: status and headers are set but not sent, the
 * body is left in `x.finalChunk`, and the runner ends the response after the log record.
 *
 * `getOpenAPI` returns the provider's document with `servers` replaced by the gateway's r1
 * address of the service: the provider's own upstream URL is internal and must not reach
 * other members.
 *
 * Like every answer the gateway gives for a provider, these carry `X-Road-Request-Hash`: here
 * the gateway is the provider, so the hash covers the request as received (method, target,
 * headers; a GET has no body). X-Road `listClients` answers XML when asked for XML only
 * (`wantsXml`). GovStack answers say `application/json; charset=utf-8`, the form the GovStack
 * directory test suite compares literally; X-Road ones the real server's form without a space.
 */
import { createMessageHasher, requestHash, serializeResponseHead } from '../protocol/hash.ts';
import { headerValues } from '../protocol/headers.ts';
import { formatClientId, formatServiceId, isIdentifierPart, r1ServicePath, type ClientId } from '../protocol/identifiers.ts';
import { govstackClientList, govstackServiceList, selectAllowedMethods, selectClients, selectMethods, wantsXml, xroadClientList, xroadClientListXml, xroadServiceList, type Grant } from '../protocol/metaservices.ts';
import type { ExchangeSnapshot, SubsystemEntry } from '../snapshot/index.ts';
import { withServers } from '../openapi-servers.ts';
import type { Exchange, Step } from './exchange.ts';
import { GatewayError } from './errors.ts';
import { protocolResponseHeaders } from './response-headers.ts';

const JSON_TYPE = 'application/json;charset=utf-8';
const GOVSTACK_JSON_TYPE = 'application/json; charset=utf-8';
const XML_TYPE = 'text/xml;charset=utf-8';

export interface MetaserviceOptions {
  /** The gateway's public URL, for the `servers` of `getOpenAPI` documents. */
  publicUrl: string;
}

export function createMetaservices(options: MetaserviceOptions): Step {
  const base = options.publicUrl.replace(/\/$/, '');
  return function answerMetaservice(x) {
    x.requestHash = requestHash(x.req.method ?? 'GET', x.req.url ?? '', x.headers);
    const xml = x.listClients !== undefined && x.dialect !== 'govstack' && wantsXml(headerValues(x.headers, 'accept').join(','));
    const body = xml ? Buffer.from(xroadClientListXml(clientEntries(x))) : Buffer.from(JSON.stringify(answer(x, base)));
    const type = xml ? XML_TYPE : x.dialect === 'govstack' ? GOVSTACK_JSON_TYPE : JSON_TYPE;
    const headers: [string, string][] = [['Content-Type', type], ['Content-Length', String(body.length)], ...protocolResponseHeaders(x)];
    const hasher = createMessageHasher(serializeResponseHead(200, headers));
    hasher.update(body);
    x.responseHash = hasher.digest();
    x.status = 200;
    x.head = { status: 200, headers: headers.flat() };
    x.finalChunk = body;
  };
}

function clientEntries(x: Exchange) {
  return selectClients(x.snapshot.directoryMembers(), x.listClients?.instance);
}

function answer(x: Exchange, base: string): unknown {
  const snapshot = x.snapshot;
  if (x.listClients !== undefined) {
    const entries = clientEntries(x);
    return x.dialect === 'govstack' ? govstackClientList(entries) : xroadClientList(entries);
  }
  const target = x.target;
  if (target?.kind !== 'metaservice') throw new Error('answerMetaservice runs only for metaservice calls');
  const provider = snapshot.subsystem(formatClientId(target.provider));
  if (provider === undefined) throw new GatewayError('Server.ClientProxy.UnknownMember', 'the provider subsystem in the path is not registered');
  const params = new URLSearchParams(target.query ?? '');
  // X-Road names the filter serviceCode; the GovStack yaml names it serviceId for the lists.
  const serviceCode = params.get('serviceCode') ?? params.get('serviceId') ?? undefined;
  const services = snapshot.directoryServices();
  switch (target.metaservice) {
    case 'listMethods': {
      const list = selectMethods(services, target.provider, serviceCode);
      return x.dialect === 'govstack' ? govstackServiceList(list) : xroadServiceList(list);
    }
    case 'allowedMethods': {
      if (x.consumer === undefined) throw new Error('allowedMethods runs after authenticate');
      const list = selectAllowedMethods(services, target.provider, grantsOf(snapshot, x.consumer, target.provider), serviceCode);
      return x.dialect === 'govstack' ? govstackServiceList(list) : xroadServiceList(list);
    }
    case 'getOpenAPI':
      return openApiOf(snapshot, provider, params.get('serviceCode') ?? undefined, base);
  }
}

/** The caller's rights on a provider's services, as the selection functions take them. */
export function grantsOf(snapshot: ExchangeSnapshot, consumer: SubsystemEntry, provider: ClientId): Grant[] {
  const providerKey = formatClientId(provider);
  const grants: Grant[] = [];
  for (const service of snapshot.services()) {
    if (service.provider.key !== providerKey) continue;
    for (const { right } of snapshot.rights(consumer.subsystem.id, service.service.id)) {
      grants.push(right.endpoints === null ? { serviceCode: service.service.code } : { serviceCode: service.service.code, endpoints: right.endpoints });
    }
  }
  return grants;
}

function openApiOf(snapshot: ExchangeSnapshot, provider: SubsystemEntry, serviceCode: string | undefined, base: string): unknown {
  if (serviceCode === undefined || serviceCode === '') throw new GatewayError('Client.BadRequest', 'getOpenAPI needs the query parameter serviceCode');
  // A code no service can have is a malformed request (400), not an unknown service (404).
  if (!isIdentifierPart(serviceCode)) throw new GatewayError('Client.BadRequest', 'The serviceCode is not a valid service code. / serviceCode شناسهٔ معتبری برای خدمت نیست.');
  const entry = snapshot.service(formatServiceId({ ...provider.id, serviceCode }));
  if (entry === undefined || entry.service.status !== 'active' || provider.subsystem.status !== 'active') {
    throw new GatewayError('Server.ServerProxy.UnknownService', `the provider offers no service ${serviceCode}`);
  }
  if (entry.service.openapi === null) throw new GatewayError('Server.ServerProxy.UnknownService', `service ${serviceCode} has no OpenAPI description`);
  return withServers(entry.service.openapi, base + r1ServicePath(entry.id));
}

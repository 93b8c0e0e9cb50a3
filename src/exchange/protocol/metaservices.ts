/**
 * Metaservice answers in both dialects from one input model. Selection (which clients, which
 * services and endpoints) is separate from shape, so `listMethods` in X-Road snake_case and in
 * GovStack camelCase can never disagree about content.
 *
 * X-Road shapes follow what the real security server answers (shared spec README), not the
 * older schemas in `xroad-metaservices-rest.yaml`. GovStack shapes follow
 * `govstack-im-directory-services.yaml`, including its odd top-level `member` key for services.
 */
import { compileEndpoint, type EndpointPattern } from './endpoints.ts';
import { METASERVICES, sameClient, type ClientId } from './identifiers.ts';

export type ServiceType = 'OPENAPI' | 'REST';

export interface DirectoryMember {
  instance: string;
  memberClass: string;
  memberCode: string;
  name: string;
  subsystems: ReadonlyArray<{ code: string; name?: string }>;
}

export interface DirectoryService {
  provider: ClientId & { subsystemCode: string };
  code: string;
  version?: string;
  type: ServiceType;
  /** From the OpenAPI document for OPENAPI services; usually `* /**` for plain REST ones. */
  endpoints: readonly EndpointPattern[];
}

/** One access right of the calling client on a provider; no `endpoints` means the whole service. */
export interface Grant {
  serviceCode: string;
  endpoints?: readonly EndpointPattern[];
}

export interface ClientEntry {
  member: DirectoryMember;
  subsystem?: { code: string; name?: string };
}

/** Members and their subsystems, in input order, each member before its subsystems. */
export function selectClients(members: readonly DirectoryMember[], instance?: string): ClientEntry[] {
  const out: ClientEntry[] = [];
  for (const member of members) {
    if (instance !== undefined && member.instance !== instance) continue;
    out.push({ member });
    for (const subsystem of member.subsystems) out.push({ member, subsystem });
  }
  return out;
}

const isMetaservice = (code: string) => (METASERVICES as readonly string[]).includes(code);

/** `listMethods`: the provider's services (one, when `serviceCode` is given); metaservices never. */
export function selectMethods(services: readonly DirectoryService[], provider: ClientId, serviceCode?: string): DirectoryService[] {
  return services.filter((s) => sameClient(s.provider, provider) && !isMetaservice(s.code) && (serviceCode === undefined || s.code === serviceCode));
}

const covers = (a: EndpointPattern, b: EndpointPattern) => compileEndpoint(a).matches(b.method, b.path);

/**
 * `allowedMethods`: the services the caller holds a grant on, each with the endpoints it may call.
 * For a partial grant these are the declared endpoints a granted pattern covers, plus each
 * granted pattern that no listed endpoint already covers, so a grant narrower than any
 * declared endpoint (`GET /persons/{id}` under `* /**`) is still shown to the caller.
 */
export function selectAllowedMethods(services: readonly DirectoryService[], provider: ClientId, grants: readonly Grant[], serviceCode?: string): DirectoryService[] {
  const out: DirectoryService[] = [];
  for (const service of selectMethods(services, provider, serviceCode)) {
    const mine = grants.filter((g) => g.serviceCode === service.code);
    if (mine.length === 0) continue;
    if (mine.some((g) => g.endpoints === undefined)) {
      out.push(service);
      continue;
    }
    const granted = mine.flatMap((g) => g.endpoints ?? []);
    const covered = service.endpoints.filter((e) => granted.some((g) => covers(g, e)));
    const extra = granted.filter((g, i) => !covered.some((e) => covers(e, g)) && granted.findIndex((h) => h.method === g.method && h.path === g.path) === i);
    out.push({ ...service, endpoints: [...covered, ...extra] });
  }
  return out;
}

// X-Road dialect (snake_case)

export interface XRoadClientListItem {
  id: { member_class: string; member_code: string; subsystem_code?: string; object_type: 'MEMBER' | 'SUBSYSTEM'; xroad_instance: string };
  name: string;
  subsystem_name?: string;
}

export function xroadClientList(entries: readonly ClientEntry[]): { member: XRoadClientListItem[] } {
  return {
    member: entries.map(({ member, subsystem }) => {
      if (subsystem === undefined) {
        return { id: { member_class: member.memberClass, member_code: member.memberCode, object_type: 'MEMBER', xroad_instance: member.instance }, name: member.name };
      }
      const item: XRoadClientListItem = {
        id: { member_class: member.memberClass, member_code: member.memberCode, subsystem_code: subsystem.code, object_type: 'SUBSYSTEM', xroad_instance: member.instance },
        name: member.name,
      };
      if (subsystem.name !== undefined) item.subsystem_name = subsystem.name;
      return item;
    }),
  };
}

/**
 * Endpoint paths as a security server lists them: OpenAPI path parameters (`{nationalCode}`)
 * become `*`, the wildcard X-Road endpoints use, and the whole service (`/**` here) is `**`,
 * X-Road's "any path" (the endpoint a REST service gets by default: method `*`, path `**`).
 * Internally the template is kept (the gateway reads the data subject from it); on the wire
 * clients see the form they know.
 */
export function wireEndpointPath(path: string): string {
  if (path === '/**') return '**';
  return path.replace(/\{[^{}/]*\}/g, '*');
}

const wireEndpoints = (endpoints: readonly EndpointPattern[]) => endpoints.map(({ method, path }) => ({ method, path: wireEndpointPath(path) }));

export interface XRoadServiceListItem {
  member_class: string;
  member_code: string;
  object_type: 'SERVICE';
  service_code: string;
  service_type: ServiceType;
  subsystem_code: string;
  xroad_instance: string;
  endpoint_list: Array<{ method: string; path: string }>;
}

export function xroadServiceList(services: readonly DirectoryService[]): { service: XRoadServiceListItem[] } {
  return {
    service: services.map((s) => ({
      member_class: s.provider.memberClass,
      member_code: s.provider.memberCode,
      object_type: 'SERVICE',
      service_code: s.code,
      service_type: s.type,
      subsystem_code: s.provider.subsystemCode,
      xroad_instance: s.provider.instance,
      endpoint_list: wireEndpoints(s.endpoints),
    })),
  };
}

/**
 * `listClients` answers XML unless asked for JSON (PR-META §2: "If the header value is
 * `application/json` … application/json response … Otherwise … `text/xml`"). We answer JSON
 * by default, to no Accept and to the any-type wildcard (what fetch and curl send), as the
 * shared spec and GovStack clients expect; XML when the client names an XML type and no JSON
 * one, wildcards aside.
 */
export function wantsXml(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  const types = accept.split(',').map((t) => (t.split(';')[0] ?? '').trim().toLowerCase());
  if (types.some((t) => t === 'application/json' || t.endsWith('+json') || t === 'application/*')) return false;
  return types.some((t) => t === 'text/xml' || t === 'application/xml' || t === 'text/*');
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const xml = (text: string) => text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);

/**
 * The `clientList` element of PR-META Annex A, with the namespace prefixes of the real
 * server's example (Annex C.1), so clients that match on them keep working.
 */
export function xroadClientListXml(entries: readonly ClientEntry[]): string {
  let out = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<ns2:clientList xmlns:ns1="http://x-road.eu/xsd/identifiers" xmlns:ns2="http://x-road.eu/xsd/xroad.xsd">';
  for (const { member, subsystem } of entries) {
    out += `<ns2:member><ns2:id ns1:objectType="${subsystem === undefined ? 'MEMBER' : 'SUBSYSTEM'}">`;
    out += `<ns1:xRoadInstance>${xml(member.instance)}</ns1:xRoadInstance><ns1:memberClass>${xml(member.memberClass)}</ns1:memberClass><ns1:memberCode>${xml(member.memberCode)}</ns1:memberCode>`;
    if (subsystem !== undefined) out += `<ns1:subsystemCode>${xml(subsystem.code)}</ns1:subsystemCode>`;
    out += `</ns2:id><ns2:name>${xml(member.name)}</ns2:name>`;
    if (subsystem?.name !== undefined) out += `<ns2:subsystemName>${xml(subsystem.name)}</ns2:subsystemName>`;
    out += '</ns2:member>';
  }
  return out + '</ns2:clientList>';
}

// GovStack Information Mediator dialect (camelCase)

export interface GovStackClientListItem {
  name: string;
  id: { objectType: 'MEMBER' | 'APPLICATION'; instanceId: string; memberClass: string; memberCode: string; applicationCode?: string };
}

/** The GovStack schema has one `name`: the member's, as X-Road's `name` is. */
export function govstackClientList(entries: readonly ClientEntry[]): { member: GovStackClientListItem[] } {
  return {
    member: entries.map(({ member, subsystem }) => ({
      name: member.name,
      id:
        subsystem === undefined
          ? { objectType: 'MEMBER', instanceId: member.instance, memberClass: member.memberClass, memberCode: member.memberCode }
          : { objectType: 'APPLICATION', instanceId: member.instance, memberClass: member.memberClass, memberCode: member.memberCode, applicationCode: subsystem.code },
    })),
  };
}

export interface GovStackServiceListItem {
  objectType: 'SERVICE';
  serviceType: ServiceType;
  instanceId: string;
  memberClass: string;
  memberCode: string;
  applicationCode: string;
  serviceCode: string;
  serviceVersion?: string;
  endpointList: { member: Array<{ method: string; path: string }> };
}

export function govstackServiceList(services: readonly DirectoryService[]): { member: GovStackServiceListItem[] } {
  return {
    member: services.map((s) => {
      const item: GovStackServiceListItem = {
        objectType: 'SERVICE',
        serviceType: s.type,
        instanceId: s.provider.instance,
        memberClass: s.provider.memberClass,
        memberCode: s.provider.memberCode,
        applicationCode: s.provider.subsystemCode,
        serviceCode: s.code,
        endpointList: { member: wireEndpoints(s.endpoints) },
      };
      if (s.version !== undefined) item.serviceVersion = s.version;
      return item;
    }),
  };
}

import { formatClientId, formatServiceId } from '../protocol/identifiers.ts';
import type { ExchangeSnapshot } from '../snapshot/index.ts';
import type { Member } from '../model.ts';

/**
 * Turns the string keys of the log and the usage buckets (`IR/GOV/CODE/SUB` for a consumer,
 * `IR/GOV/CODE/SUB/service[/version]` for a service, parts percent-encoded as
 * `formatClientId`/`formatServiceId` write them) back into agencies, systems and services
 * with their names, from the exchange configuration snapshot — the one the gateway answers
 * from. Usage outlives configuration: a key naming nothing in the snapshot (a claimed but
 * unknown client, a service or system since removed, a member since left) resolves to what
 * the key itself says, with the names of whatever of it is still there — a removed service
 * still shows its provider agency, a removed system its member's agency.
 */
export interface AgencyRef {
  code: string;
  nameFa: string;
  nameEn: string;
}

export interface NamedRef {
  code: string;
  nameFa: string | null;
  nameEn: string | null;
}

export interface ResolvedClient {
  key: string;
  /** The member's agency; null when the member is not registered. */
  agency: AgencyRef | null;
  /** The subsystem; names null when it is not registered. */
  subsystem: NamedRef | null;
}

export interface ResolvedService extends ResolvedClient {
  /** The service code and the exchange service's names. */
  service: NamedRef;
  /** The catalog (registry) service the API serves, with its names, when it has one. */
  catalog: { id: string; nameFa: string; nameEn: string } | null;
}

/** Names of catalog services by id (`selectCatalogNames`): the snapshot holds only the id. */
export type CatalogNames = ReadonlyMap<string, { nameFa: string; nameEn: string }>;

/** Splits a key at real `/` and decodes each part; null when a part is not valid percent-encoding. */
export function splitKey(key: string): string[] | null {
  const parts: string[] = [];
  for (const raw of key.split('/')) {
    try {
      parts.push(decodeURIComponent(raw));
    } catch {
      return null;
    }
  }
  return parts;
}

/** Members by X-Road identifier and by agency; built once per snapshot, which never changes. */
interface MemberIndex {
  byId: Map<string, Member>;
  byAgency: Map<string, Member>;
}
const memberIndexes = new WeakMap<ExchangeSnapshot, MemberIndex>();
const memberKey = (instance: string, memberClass: string, memberCode: string) => formatClientId({ instance, memberClass, memberCode });

function memberIndex(snapshot: ExchangeSnapshot): MemberIndex {
  let index = memberIndexes.get(snapshot);
  if (!index) {
    index = { byId: new Map(), byAgency: new Map() };
    for (const m of snapshot.members) {
      index.byId.set(memberKey(m.instance, m.memberClass, m.memberCode), m);
      index.byAgency.set(m.agencyCode, m);
    }
    memberIndexes.set(snapshot, index);
  }
  return index;
}

export class Directory {
  readonly #snapshot: ExchangeSnapshot;
  readonly #members: MemberIndex;
  readonly #catalog: CatalogNames;
  // A table of usage names the same few hundred keys thousands of times: resolve each once.
  readonly #clients = new Map<string, ResolvedClient>();
  readonly #services = new Map<string, ResolvedService>();

  constructor(snapshot: ExchangeSnapshot, catalog: CatalogNames = new Map()) {
    this.#snapshot = snapshot;
    this.#members = memberIndex(snapshot);
    this.#catalog = catalog;
  }

  /** The same directory, naming catalog services from `catalog`. */
  withCatalog(catalog: CatalogNames): Directory {
    return new Directory(this.#snapshot, catalog);
  }

  /**
   * The key prefix (`IR/GOV/CODE/`) under which an agency's subsystems and services appear in
   * the log and the usage buckets; null when the agency is not a member of the exchange.
   */
  memberPrefix(agencyCode: string): string | null {
    const m = this.#members.byAgency.get(agencyCode);
    return m ? memberKey(m.instance, m.memberClass, m.memberCode) + '/' : null;
  }

  client(key: string): ResolvedClient {
    let resolved = this.#clients.get(key);
    if (!resolved) this.#clients.set(key, (resolved = this.#resolveClient(key)));
    return resolved;
  }

  service(key: string): ResolvedService {
    let resolved = this.#services.get(key);
    if (!resolved) this.#services.set(key, (resolved = this.#resolveService(key)));
    return resolved;
  }

  #resolveClient(key: string): ResolvedClient {
    const parts = splitKey(key);
    if (!parts || parts.length < 3) return { key, agency: null, subsystem: null };
    const [instance = '', memberClass = '', memberCode = '', subsystemCode] = parts;
    const member = this.#members.byId.get(memberKey(instance, memberClass, memberCode));
    const agency = member ? { code: member.agencyCode, nameFa: member.nameFa, nameEn: member.nameEn } : null;
    if (subsystemCode === undefined) return { key, agency, subsystem: null };
    const sub = member ? this.#snapshot.subsystem(formatClientId({ instance, memberClass, memberCode, subsystemCode }))?.subsystem : undefined;
    return { key, agency, subsystem: { code: subsystemCode, nameFa: sub?.nameFa ?? null, nameEn: sub?.nameEn ?? null } };
  }

  #resolveService(key: string): ResolvedService {
    const parts = splitKey(key);
    const provider = this.client(parts && parts.length >= 4 ? key.split('/').slice(0, 4).join('/') : key);
    const code = parts && parts.length >= 5 ? parts[4]! : key;
    const found = this.#entry(parts);
    const catalogId = found?.registryServiceId ?? null;
    const catalog = catalogId !== null ? this.#catalog.get(catalogId) : undefined;
    return {
      ...provider,
      key,
      service: { code, nameFa: found?.nameFa ?? null, nameEn: found?.nameEn ?? null },
      catalog: catalogId !== null && catalog ? { id: catalogId, ...catalog } : null,
    };
  }

  /** The catalog services (registry ids) the services of these keys serve: what `selectCatalogNames` is asked for. */
  catalogIds(serviceKeys: Iterable<string>): string[] {
    const ids = new Set<string>();
    for (const key of serviceKeys) {
      const id = this.#entry(splitKey(key))?.registryServiceId;
      if (id) ids.add(id);
    }
    return [...ids];
  }

  /** The exchange service a split service key names (its version part, if any, aside). */
  #entry(parts: string[] | null) {
    if (!parts || parts.length < 5) return undefined;
    const [instance = '', memberClass = '', memberCode = '', subsystemCode = '', serviceCode = ''] = parts;
    return this.#snapshot.service(formatServiceId({ instance, memberClass, memberCode, subsystemCode, serviceCode }))?.service;
  }
}

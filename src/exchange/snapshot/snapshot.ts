import { compileEndpoint, type CompiledEndpoint } from '../protocol/endpoints.ts';
import { formatClientId, formatServiceId, type ClientId, type ServiceId } from '../protocol/identifiers.ts';
import type { DirectoryMember, DirectoryService } from '../protocol/metaservices.ts';
import type { AccessRight, ClientCredential, ExchangeService, Member, Subsystem } from '../model.ts';
import { coveringRegistration, parseUpstream, type UpstreamRegistration } from '../upstream-addresses/registrations.ts';

/** Everything the snapshot is built from; `loadSnapshotInput` reads it from the database. */
export interface SnapshotInput {
  version: number;
  members: Member[];
  subsystems: Subsystem[];
  credentials: ClientCredential[];
  services: ExchangeService[];
  rights: AccessRight[];
  /** The members' active backend address registrations. */
  upstreams: Pick<UpstreamRegistration, 'id' | 'agencyCode' | 'urlPrefix' | 'internalAddresses' | 'revokedAt'>[];
}

export interface SubsystemEntry {
  subsystem: Subsystem;
  member: Member;
  id: ClientId & { subsystemCode: string };
  /** `formatClientId(id)`, e.g. `IR/GOV/MIN-HEALTH/insurance`; the log's consumer/provider key. */
  key: string;
}

export interface ServiceEntry {
  service: ExchangeService;
  provider: SubsystemEntry;
  id: ServiceId;
  /** `formatServiceId(id)`; the log's service key. */
  key: string;
  endpoints: CompiledEndpoint[];
  /**
   * The provider member's registration its upstream URL lies inside, with the internal addresses
   * it may reach; undefined when there is none, and the gateway refuses to forward.
   */
  registration: { id: number; internalAddresses: readonly string[] } | undefined;
}

export interface RightEntry {
  right: AccessRight;
  /** null: every endpoint of the service. */
  endpoints: CompiledEndpoint[] | null;
}

export interface CredentialEntry {
  credential: ClientCredential;
  subsystem: SubsystemEntry;
}

/**
 * An immutable, indexed view of the exchange configuration at one version. The gateway answers
 * every call from one of these without touching the database; a node swaps in a new one when
 * the configuration version changes. Endpoint patterns are compiled once here.
 */
export class ExchangeSnapshot {
  readonly version: number;
  readonly members: readonly Member[];
  readonly #subsystems = new Map<string, SubsystemEntry>();
  readonly #subsystemsById = new Map<number, SubsystemEntry>();
  readonly #services = new Map<string, ServiceEntry>();
  readonly #servicesById = new Map<number, ServiceEntry>();
  readonly #credentials = new Map<string, CredentialEntry>();
  readonly #rights = new Map<string, RightEntry[]>();

  constructor(input: SnapshotInput) {
    this.version = input.version;
    this.members = input.members;
    const members = new Map(input.members.map((m) => [m.agencyCode, m]));
    for (const subsystem of input.subsystems) {
      const member = members.get(subsystem.agencyCode);
      if (!member) continue;
      const id = { instance: member.instance, memberClass: member.memberClass, memberCode: member.memberCode, subsystemCode: subsystem.code };
      const entry: SubsystemEntry = { subsystem, member, id, key: formatClientId(id) };
      this.#subsystems.set(entry.key, entry);
      this.#subsystemsById.set(subsystem.id, entry);
    }
    const registrations = new Map<string, SnapshotInput['upstreams']>();
    for (const r of input.upstreams) registrations.set(r.agencyCode, [...(registrations.get(r.agencyCode) ?? []), r]);
    for (const service of input.services) {
      const provider = this.#subsystemsById.get(service.subsystemId);
      if (!provider) continue;
      const id: ServiceId = { ...provider.id, serviceCode: service.code, ...(service.serviceVersion ? { serviceVersion: service.serviceVersion } : {}) };
      const url = parseUpstream(service.upstreamUrl);
      const covering = url && coveringRegistration(registrations.get(provider.member.agencyCode) ?? [], url);
      const registration = covering ? { id: covering.id, internalAddresses: covering.internalAddresses } : undefined;
      const entry: ServiceEntry = { service, provider, id, key: formatServiceId({ ...provider.id, serviceCode: service.code }), endpoints: service.endpoints.map(compileEndpoint), registration };
      this.#services.set(entry.key, entry);
      this.#servicesById.set(service.id, entry);
    }
    for (const credential of input.credentials) {
      const subsystem = this.#subsystemsById.get(credential.subsystemId);
      if (!subsystem || credential.revokedAt) continue;
      this.#credentials.set(`${credential.kind}:${credential.fingerprint}`, { credential, subsystem });
    }
    for (const right of input.rights) {
      const key = `${right.consumerSubsystemId}:${right.serviceId}`;
      const list = this.#rights.get(key) ?? [];
      list.push({ right, endpoints: right.endpoints ? right.endpoints.map(compileEndpoint) : null });
      this.#rights.set(key, list);
    }
  }

  /** By `formatClientId` of a subsystem client id. */
  subsystem(key: string): SubsystemEntry | undefined {
    return this.#subsystems.get(key);
  }

  subsystemById(id: number): SubsystemEntry | undefined {
    return this.#subsystemsById.get(id);
  }

  /** By `formatServiceId` (without version) of a service id. */
  service(key: string): ServiceEntry | undefined {
    return this.#services.get(key);
  }

  serviceById(id: number): ServiceEntry | undefined {
    return this.#servicesById.get(id);
  }

  /** Active (not revoked) credential by kind and fingerprint. */
  credential(kind: ClientCredential['kind'], fingerprint: string): CredentialEntry | undefined {
    return this.#credentials.get(`${kind}:${fingerprint}`);
  }

  /** The consumer's approved rights on a service (usually zero or one). */
  rights(consumerSubsystemId: number, serviceId: number): readonly RightEntry[] {
    return this.#rights.get(`${consumerSubsystemId}:${serviceId}`) ?? [];
  }

  subsystems(): IterableIterator<SubsystemEntry> {
    return this.#subsystems.values();
  }

  services(): IterableIterator<ServiceEntry> {
    return this.#services.values();
  }

  /** Members with their active subsystems, for `listClients`. */
  directoryMembers(): DirectoryMember[] {
    return this.members.map((m) => ({
      instance: m.instance,
      memberClass: m.memberClass,
      memberCode: m.memberCode,
      name: m.nameEn,
      subsystems: [...this.#subsystems.values()].filter((s) => s.member === m && s.subsystem.status === 'active').map((s) => ({ code: s.subsystem.code, name: s.subsystem.nameEn })),
    }));
  }

  /** Active services for `listMethods` / `allowedMethods`. */
  directoryServices(): DirectoryService[] {
    return [...this.#services.values()]
      .filter((s) => s.service.status === 'active' && s.provider.subsystem.status === 'active')
      .map((s) => ({ provider: s.provider.id, code: s.service.code, ...(s.service.serviceVersion ? { version: s.service.serviceVersion } : {}), type: s.service.serviceType, endpoints: s.service.endpoints }));
  }
}

export const emptySnapshot = new ExchangeSnapshot({ version: -1, members: [], subsystems: [], credentials: [], services: [], rights: [], upstreams: [] });

/** Where the gateway gets the current configuration: synchronous, never waits on the database. */
export interface SnapshotSource {
  current(): ExchangeSnapshot;
  /** Rebuilds now (after a change on this node), so the next call already sees it. */
  refreshNow(): Promise<void>;
}

import { formatClientId } from '../protocol/identifiers.ts';
import type { DirectoryMemberRow, DirectoryServiceRow, DirectorySubsystemRow } from './repository.ts';

/**
 * Turns the string keys of the log and the usage buckets (`IR/GOV/CODE/SUB` for a consumer,
 * `IR/GOV/CODE/SUB/service[/version]` for a service, parts percent-encoded as
 * `formatClientId`/`formatServiceId` write them) back into agencies, systems and services
 * with their names. A key naming nothing registered (a claimed but unknown client, a service
 * since removed) resolves to what the key itself says, with no names.
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

const tuple = (...parts: string[]) => JSON.stringify(parts);

export class Directory {
  readonly #members = new Map<string, DirectoryMemberRow>();
  readonly #agencies = new Map<string, DirectoryMemberRow>();
  readonly #subsystems = new Map<string, DirectorySubsystemRow>();
  readonly #services = new Map<string, DirectoryServiceRow>();

  constructor(data: { members: readonly DirectoryMemberRow[]; subsystems: readonly DirectorySubsystemRow[]; services: readonly DirectoryServiceRow[] }) {
    for (const m of data.members) {
      this.#members.set(tuple(m.instance, m.memberClass, m.memberCode), m);
      this.#agencies.set(m.agencyCode, m);
    }
    for (const s of data.subsystems) this.#subsystems.set(tuple(s.agencyCode, s.code), s);
    for (const s of data.services) this.#services.set(tuple(s.agencyCode, s.subsystemCode, s.code), s);
  }

  /**
   * The key prefix (`IR/GOV/CODE/`) under which an agency's subsystems and services appear in
   * the log and the usage buckets; null when the agency is not a member of the exchange.
   */
  memberPrefix(agencyCode: string): string | null {
    const m = this.#agencies.get(agencyCode);
    return m ? formatClientId({ instance: m.instance, memberClass: m.memberClass, memberCode: m.memberCode }) + '/' : null;
  }

  client(key: string): ResolvedClient {
    const parts = splitKey(key);
    if (!parts || parts.length < 3) return { key, agency: null, subsystem: null };
    const [instance = '', memberClass = '', memberCode = '', subsystemCode] = parts;
    const member = this.#members.get(tuple(instance, memberClass, memberCode));
    const agency = member ? { code: member.agencyCode, nameFa: member.nameFa, nameEn: member.nameEn } : null;
    if (subsystemCode === undefined) return { key, agency, subsystem: null };
    const sub = member ? this.#subsystems.get(tuple(member.agencyCode, subsystemCode)) : undefined;
    return { key, agency, subsystem: { code: subsystemCode, nameFa: sub?.nameFa ?? null, nameEn: sub?.nameEn ?? null } };
  }

  service(key: string): ResolvedService {
    const parts = splitKey(key);
    const provider = this.client(parts && parts.length >= 4 ? key.split('/').slice(0, 4).join('/') : key);
    const code = parts && parts.length >= 5 ? parts[4]! : key;
    const found = provider.agency && provider.subsystem ? this.#services.get(tuple(provider.agency.code, provider.subsystem.code, code)) : undefined;
    return {
      ...provider,
      key,
      service: { code, nameFa: found?.nameFa ?? null, nameEn: found?.nameEn ?? null },
      catalog: found?.registryServiceId && found.catalogNameFa !== null && found.catalogNameEn !== null ? { id: found.registryServiceId, nameFa: found.catalogNameFa, nameEn: found.catalogNameEn } : null,
    };
  }
}

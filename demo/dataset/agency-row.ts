import type { AgencyKind } from '../../src/core/taxonomy.ts';
import type { DomainKey } from './domains.ts';

/** One agency of the demo as written in the tables; the generator turns it into an Agency. */
export interface AgencyRow {
  code: string;
  fa: string;
  en: string;
  kind: AgencyKind;
  parent: string | null;
  /** Host label of the agency's fake web site and mailbox: `{slug}.example` (hosts.ts). */
  slug: string;
  /** Its mandate: the service domains its services come from, the first one giving its main topic. */
  domains: DomainKey[];
  eligible: boolean;
  /** Figures the seed report states or implies for this agency: identified and delivered services. */
  pin?: { services: number; delivered: number };
  /** Connection year when the story needs it; otherwise the generator draws one. */
  joined?: 2021 | 2022 | 2023 | 'never';
  /** Relative size (number of services) against others of its kind; 1 when unset. */
  size?: number;
  /** Telephone area code (Tehran unless set). */
  area?: string;
}

export type AgencyExtra = Pick<AgencyRow, 'pin' | 'joined' | 'size' | 'area'>;

export function rowOf(
  kind: AgencyKind,
  parent: string | null,
  code: string,
  fa: string,
  en: string,
  slug: string,
  domains: DomainKey[],
  extra: AgencyExtra = {},
  eligible = true,
): AgencyRow {
  return { code, fa, en, kind, parent, slug, domains, eligible, ...extra };
}

/** The catalog search engine's inputs and outputs. It is given documents; it does no I/O. */

export const textFields = ['nameFa', 'nameEn', 'descriptionFa', 'descriptionEn', 'agencyNameFa', 'agencyNameEn'] as const;
export type TextField = (typeof textFields)[number];
/** Identifier fields are matched as whole codes (exact or prefix), never as words. */
export type IdField = 'serviceId' | 'externalCode';
export type SearchField = TextField | IdField;

export const facetNames = ['agency', 'topic', 'audience', 'lifeEvent', 'maturity', 'delivery'] as const;
export type FacetName = (typeof facetNames)[number];

export interface SearchDocument {
  id: string;
  fields: Record<TextField, string> & { serviceId: string; externalCode: string | null };
  facets: { agency: string; topic: string; audience: string[]; lifeEvent: string[]; maturity: string; delivery: string };
  /** Popularity tie-breaker, e.g. log(1 + annual users); higher first. */
  boost?: number;
}

export interface SearchQuery {
  q?: string;
  /** Values of one facet are OR-ed; different facets are AND-ed. */
  filters?: Partial<Record<FacetName, string[]>>;
  offset?: number;
  limit?: number;
}

export interface Highlight {
  field: SearchField;
  /** [start, end) UTF-16 offsets into the ORIGINAL field text, sorted, not overlapping. */
  ranges: [number, number][];
}

export interface SearchHit {
  id: string;
  score: number;
  highlights: Highlight[];
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
  facets: Record<FacetName, FacetCount[]>;
}

import { facetNames, type FacetName } from '../search/index.ts';
import { isFacetValue } from '../catalog-query.ts';

/** Everything a catalog search page shows is decided by these, and they all live in the address. */
export interface CatalogState {
  q: string;
  filters: Record<FacetName, string[]>;
  page: number;
}

export const PAGE_SIZE = 20;

type RawQuery = Partial<Record<FacetName, string[] | undefined>> & { q?: string; page?: string };

/**
 * Reads the address leniently: values no facet can have are dropped, and a page that is not a
 * positive whole number means the first page — a shared link with a typo still shows results.
 */
export function readCatalogState(query: RawQuery): { state: CatalogState; askedPage: string | null } {
  const filters = Object.fromEntries(facetNames.map((f) => [f, [...new Set((query[f] ?? []).filter((v) => isFacetValue(f, v)))]])) as Record<FacetName, string[]>;
  const digits = /^\d{1,20}$/.test(query.page ?? '') ? query.page! : null;
  const page = digits ? Math.max(1, Math.min(Number(digits), Number.MAX_SAFE_INTEGER)) : 1;
  return { state: { q: (query.q ?? '').trim(), filters, page }, askedPage: digits };
}

/** The query parameters of a state, in a stable order, for links and hidden form fields. */
export function stateParams(state: CatalogState, omit: readonly ('q' | FacetName | 'page')[] = []): [string, string][] {
  const out: [string, string][] = [];
  if (state.q && !omit.includes('q')) out.push(['q', state.q]);
  for (const f of facetNames) if (!omit.includes(f)) for (const v of state.filters[f]) out.push([f, v]);
  if (state.page > 1 && !omit.includes('page')) out.push(['page', String(state.page)]);
  return out;
}

export function catalogHref(state: CatalogState): string {
  const query = new URLSearchParams(stateParams(state)).toString();
  return query ? `/services?${query}` : '/services';
}

export const noFilters = (): Record<FacetName, string[]> => ({ agency: [], topic: [], audience: [], lifeEvent: [], maturity: [], delivery: [] });

export const hasFilters = (state: CatalogState) => facetNames.some((f) => state.filters[f].length > 0);

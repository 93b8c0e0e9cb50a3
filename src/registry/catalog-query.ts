import Value from 'typebox/value';
import { audiences, lifeEvents, topics } from '../core/taxonomy.ts';
import { deliveryStatuses, deliveryStatusNames, maturityNames, type DeliveryStatus, type MaturityLevel } from '../core/maturity.ts';
import type { Bilingual } from './model.ts';
import type { Catalog, CatalogEntry } from './catalog.ts';
import { facetNames, type FacetName, type Highlight } from './search/index.ts';
import { agencyCode } from './schemas.ts';

/** What a catalog search asks: words, facet filters (OR within a facet, AND across) and a window. */
export interface CatalogQuery {
  q: string;
  filters: Partial<Record<FacetName, string[]>>;
  offset: number;
  limit: number;
}

export interface CatalogItem extends CatalogEntry {
  agencyName: Bilingual | undefined;
  score: number;
  highlights: Highlight[];
}

export interface LabelledFacetCount {
  value: string;
  count: number;
  label: Bilingual;
}

export interface CatalogAnswer {
  demo: boolean;
  total: number;
  items: CatalogItem[];
  facets: Record<FacetName, LabelledFacetCount[]>;
}

const maturityValues = ['0', '1', '2', '3', '4', '5'];

/** Whether a value can be a filter of this facet at all; the API refuses others, pages drop them. */
export function isFacetValue(facet: FacetName, value: string): boolean {
  switch (facet) {
    case 'agency':
      return Value.Check(agencyCode, value);
    case 'topic':
      return Object.hasOwn(topics, value);
    case 'audience':
      return (audiences as readonly string[]).includes(value);
    case 'lifeEvent':
      return Object.hasOwn(lifeEvents, value);
    case 'maturity':
      return maturityValues.includes(value);
    case 'delivery':
      return (deliveryStatuses as readonly string[]).includes(value);
  }
}

/** Keeps the facets that were asked for, dropping empty lists. */
export function pickFilters(query: Partial<Record<FacetName, readonly string[] | undefined>>): Partial<Record<FacetName, string[]>> {
  return Object.fromEntries(facetNames.flatMap((f) => (query[f]?.length ? [[f, [...query[f]]]] : []))) as Partial<Record<FacetName, string[]>>;
}

/**
 * Runs a search on the node's catalog and dresses the answer for people: each hit with its
 * catalog entry and agency name, each facet value with a label in both languages.
 */
export async function queryCatalog(catalog: Catalog, query: CatalogQuery): Promise<CatalogAnswer> {
  const { result, snapshot } = await catalog.search(query);
  const label = (facet: FacetName, value: string): Bilingual => {
    if (facet === 'agency') return snapshot.agencyNames.get(value) ?? { fa: value, en: value };
    if (facet === 'topic') return topics[value as keyof typeof topics] ?? { fa: value, en: value };
    if (facet === 'lifeEvent') return lifeEvents[value as keyof typeof lifeEvents] ?? { fa: value, en: value };
    if (facet === 'maturity') {
      const m = maturityNames[Number(value) as MaturityLevel];
      return m ? { fa: m.fa, en: m.en } : { fa: value, en: value };
    }
    if (facet === 'delivery') return deliveryStatusNames[value as DeliveryStatus] ?? { fa: value, en: value };
    return { fa: value, en: value };
  };
  return {
    demo: snapshot.demo,
    total: result.total,
    items: result.hits.map((hit) => {
      const entry = snapshot.entries.get(hit.id)!;
      return { ...entry, agencyName: snapshot.agencyNames.get(entry.agencyCode), score: hit.score, highlights: hit.highlights };
    }),
    facets: Object.fromEntries(facetNames.map((f) => [f, result.facets[f].map((c) => ({ ...c, label: label(f, c.value) }))])) as Record<FacetName, LabelledFacetCount[]>,
  };
}

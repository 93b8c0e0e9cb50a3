/**
 * Facet values per document, stored as numbers (CSR per facet), with disjunctive counting:
 * each facet's counts are taken over the documents that pass every OTHER facet's filter, so
 * ticking «Ministry of Health» still shows how many results the other ministries would give.
 */
import { drain } from './lexicon.ts';
import { facetNames, type FacetCount, type FacetName, type SearchDocument } from './types.ts';

export interface FacetColumn {
  values: string[];
  ids: Map<string, number>;
  /** When every document has exactly one value: that value's id, read without indirection. */
  single: Int32Array | null;
  start: Int32Array;
  vals: Int32Array;
  counts: Int32Array;
}

function valuesOf(doc: SearchDocument, facet: FacetName): string[] {
  const v = doc.facets[facet];
  return Array.isArray(v) ? v : [v];
}

function* buildColumn(docs: readonly SearchDocument[], facet: FacetName): Generator<void, FacetColumn> {
  const distinct = new Set<string>();
  for (let i = 0; i < docs.length; i++) {
    if ((i & 1023) === 1023) yield;
    for (const v of valuesOf(docs[i]!, facet)) distinct.add(v);
  }
  const values = [...distinct].sort();
  const ids = new Map(values.map((v, i) => [v, i]));
  const start = new Int32Array(docs.length + 1);
  const flat: number[] = [];
  for (let i = 0; i < docs.length; i++) {
    if ((i & 1023) === 1023) yield;
    for (const v of new Set(valuesOf(docs[i]!, facet))) flat.push(ids.get(v)!);
    start[i + 1] = flat.length;
  }
  const vals = Int32Array.from(flat);
  const single = vals.length === docs.length && docs.every((_, i) => start[i + 1]! - start[i]! === 1) ? vals : null;
  return { values, ids, single, start, vals, counts: new Int32Array(values.length) };
}

/** Every facet's column, pausing between steps. */
export function* facetColumns(docs: readonly SearchDocument[]): Generator<void, FacetColumn[]> {
  const columns: FacetColumn[] = [];
  for (const f of facetNames) columns.push(yield* buildColumn(docs, f));
  return columns;
}

/** A filter ready to test: per facet, a flag per value id (null when the facet is not filtered). */
export type CompiledFilters = (Uint8Array | null)[];

export class FacetStore {
  private readonly columns: FacetColumn[];
  /** Per candidate position: bit f set when the candidate fails facet f's filter. */
  private readonly failed: Uint8Array;

  /** `columns` come from `facetColumns` (drained here unless the caller ran it in steps). */
  constructor(docs: readonly SearchDocument[], columns: FacetColumn[] = drain(facetColumns(docs))) {
    this.columns = columns;
    this.failed = new Uint8Array(docs.length);
  }

  compile(filters: Partial<Record<FacetName, string[]>> | undefined): CompiledFilters {
    return facetNames.map((f, i) => {
      const wanted = filters?.[f];
      if (!wanted || wanted.length === 0) return null;
      const col = this.columns[i]!;
      const flags = new Uint8Array(col.values.length);
      for (const v of wanted) {
        const id = col.ids.get(v);
        if (id !== undefined) flags[id] = 1;
      }
      return flags;
    });
  }

  /**
   * Keeps the candidates that pass every filter (in their order, written into `accepted`) and
   * counts facet values disjunctively. Returns how many were accepted. Column by column, so
   * each loop is a tight walk over typed arrays.
   */
  filterAndCount(candidates: Int32Array, n: number, filters: CompiledFilters, accepted: Int32Array): number {
    const cols = this.columns;
    const failed = this.failed;
    const anyFilter = filters.some((f) => f !== null);
    if (anyFilter) failed.fill(0, 0, n);
    for (let f = 0; f < cols.length; f++) {
      const flags = filters[f];
      if (!flags) continue;
      const { single, start, vals } = cols[f]!;
      const bit = 1 << f;
      for (let k = 0; k < n; k++) {
        const doc = candidates[k]!;
        let pass = false;
        if (single) pass = flags[single[doc]!] === 1;
        else for (let p = start[doc]!, end = start[doc + 1]!; p < end; p++) if (flags[vals[p]!] === 1) pass = true;
        if (!pass) failed[k] = failed[k]! | bit;
      }
    }
    for (let f = 0; f < cols.length; f++) {
      const { single, start, vals, counts } = cols[f]!;
      counts.fill(0);
      const others = ~(1 << f);
      for (let k = 0; k < n; k++) {
        if (anyFilter && (failed[k]! & others) !== 0) continue;
        const doc = candidates[k]!;
        if (single) counts[single[doc]!]!++;
        else for (let p = start[doc]!, end = start[doc + 1]!; p < end; p++) counts[vals[p]!]!++;
      }
    }
    if (!anyFilter) {
      if (accepted !== candidates) accepted.set(candidates.subarray(0, n));
      return n;
    }
    let kept = 0;
    for (let k = 0; k < n; k++) if (failed[k] === 0) accepted[kept++] = candidates[k]!;
    return kept;
  }

  /** Counts from the last filterAndCount, most frequent first; selected values always listed. */
  results(filters: Partial<Record<FacetName, string[]>> | undefined): Record<FacetName, FacetCount[]> {
    const out = {} as Record<FacetName, FacetCount[]>;
    facetNames.forEach((f, i) => {
      const col = this.columns[i]!;
      const list: FacetCount[] = [];
      for (let v = 0; v < col.values.length; v++) if (col.counts[v]! > 0) list.push({ value: col.values[v]!, count: col.counts[v]! });
      for (const selected of new Set(filters?.[f] ?? [])) {
        const id = col.ids.get(selected);
        if (id === undefined || col.counts[id] === 0) list.push({ value: selected, count: 0 });
      }
      list.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
      out[f] = list;
    });
    return out;
  }
}

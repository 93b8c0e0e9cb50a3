/**
 * Facet values per document, stored as numbers (CSR per facet), with disjunctive counting:
 * each facet's counts are taken over the documents that pass every OTHER facet's filter, so
 * ticking «Ministry of Health» still shows how many results the other ministries would give.
 */
import { facetNames, type FacetCount, type FacetName, type SearchDocument } from './types.ts';

interface FacetColumn {
  values: string[];
  ids: Map<string, number>;
  start: Int32Array;
  vals: Int32Array;
  counts: Int32Array;
}

function valuesOf(doc: SearchDocument, facet: FacetName): string[] {
  const v = doc.facets[facet];
  return Array.isArray(v) ? v : [v];
}

function buildColumn(docs: readonly SearchDocument[], facet: FacetName): FacetColumn {
  const values = [...new Set(docs.flatMap((d) => valuesOf(d, facet)))].sort();
  const ids = new Map(values.map((v, i) => [v, i]));
  const start = new Int32Array(docs.length + 1);
  const flat: number[] = [];
  docs.forEach((d, i) => {
    for (const v of new Set(valuesOf(d, facet))) flat.push(ids.get(v)!);
    start[i + 1] = flat.length;
  });
  return { values, ids, start, vals: Int32Array.from(flat), counts: new Int32Array(values.length) };
}

/** A filter ready to test: per facet, a flag per value id (null when the facet is not filtered). */
export type CompiledFilters = (Uint8Array | null)[];

export class FacetStore {
  private readonly columns: FacetColumn[];

  constructor(docs: readonly SearchDocument[]) {
    this.columns = facetNames.map((f) => buildColumn(docs, f));
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
   * counts facet values disjunctively. Returns how many were accepted.
   */
  filterAndCount(candidates: Int32Array, n: number, filters: CompiledFilters, accepted: Int32Array): number {
    const cols = this.columns;
    for (const c of cols) c.counts.fill(0);
    let kept = 0;
    for (let k = 0; k < n; k++) {
      const doc = candidates[k]!;
      let failed = 0;
      for (let f = 0; f < cols.length; f++) {
        const flags = filters[f];
        if (!flags) continue;
        const col = cols[f]!;
        let pass = false;
        for (let p = col.start[doc]!; p < col.start[doc + 1]! && !pass; p++) pass = flags[col.vals[p]!] === 1;
        if (!pass) failed |= 1 << f;
      }
      if (failed === 0) accepted[kept++] = doc;
      for (let f = 0; f < cols.length; f++) {
        if ((failed & ~(1 << f)) !== 0) continue;
        const col = cols[f]!;
        for (let p = col.start[doc]!; p < col.start[doc + 1]!; p++) col.counts[col.vals[p]!]!++;
      }
    }
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

/**
 * The vocabulary and postings of the catalog: every distinct normalised word, sorted so that a
 * prefix is a contiguous range, and for each word the documents containing it with a bit mask
 * of the fields it occurs in. Postings live in three flat typed arrays (CSR layout) so 100,000
 * documents cost a few megabytes and a query walks memory in order.
 */
import { normaliseText, tokenRanges } from '../../core/text/normalise.ts';
import { sortInSteps } from './select.ts';

export class Lexicon {
  /** Sorted; a term's id is its index here. */
  readonly terms: string[];
  readonly postStart: Int32Array;
  readonly postDocs: Int32Array;
  readonly postMasks: Uint8Array;
  private readonly ids = new Map<string, number>();
  private readonly topCache = new Map<string, Int32Array>();

  /**
   * `fieldsOf(doc)` gives the texts of one document; field i sets bit i of the mask. The
   * postings are collected by `collectPostings` (drained here unless the caller ran it in steps).
   */
  constructor(docCount: number, fieldsOf: (doc: number) => readonly string[], collected: CollectedPostings = drain(collectPostings(docCount, fieldsOf))) {
    ({ terms: this.terms, postStart: this.postStart, postDocs: this.postDocs, postMasks: this.postMasks } = collected);
    this.terms.forEach((t, i) => this.ids.set(t, i));
  }

  id(term: string): number | undefined {
    return this.ids.get(term);
  }

  df(term: number): number {
    return this.postStart[term + 1]! - this.postStart[term]!;
  }

  /** Does `doc` contain `term`? Its field mask, or 0. Binary search over the term's postings. */
  maskOf(term: number, doc: number): number {
    let lo = this.postStart[term]!;
    let hi = this.postStart[term + 1]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const d = this.postDocs[mid]!;
      if (d === doc) return this.postMasks[mid]!;
      if (d < doc) lo = mid + 1;
      else hi = mid;
    }
    return 0;
  }

  /**
   * Terms that start with `prefix` (itself included), at most `limit` of them: the most
   * frequent when there are more, so a one-letter prefix costs the same as a long one.
   */
  prefixTerms(prefix: string, limit: number): Int32Array {
    const lo = this.lowerBound(prefix);
    const hi = this.lowerBound(prefix + '\uffff');
    if (hi - lo <= limit) {
      const all = new Int32Array(hi - lo);
      for (let i = 0; i < all.length; i++) all[i] = lo + i;
      return all;
    }
    const key = `${limit}:${prefix}`;
    let top = this.topCache.get(key);
    if (!top) {
      const ids = Array.from({ length: hi - lo }, (_, i) => lo + i);
      ids.sort((a, b) => this.df(b) - this.df(a) || a - b);
      top = Int32Array.from(ids.slice(0, limit)).sort();
      if (this.topCache.size >= 10_000) this.topCache.clear();
      this.topCache.set(key, top);
    }
    return top;
  }

  private lowerBound(s: string): number {
    let lo = 0;
    let hi = this.terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.terms[mid]! < s) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** The sorted vocabulary and its postings (CSR), as the lexicon holds them. */
export interface CollectedPostings {
  terms: string[];
  postStart: Int32Array;
  postDocs: Int32Array;
  postMasks: Uint8Array;
}

/** Runs a stepwise build to its end in one go. */
export function drain<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * Tokenises every document (the bulk of building an index) and sorts the postings by term. A
 * generator that pauses every few documents, so a caller can build in slices and let other
 * work run in between.
 */
export function* collectPostings(docCount: number, fieldsOf: (doc: number) => readonly string[]): Generator<void, CollectedPostings> {
  const tmpIds = new Map<string, number>();
  const tmpTerms: string[] = [];
  let cap = 1 << 16;
  let pTerm: Int32Array = new Int32Array(cap);
  let pDoc: Int32Array = new Int32Array(cap);
  let pMask = new Uint8Array(cap);
  let n = 0;
  // The document a term was last seen in, and where its posting for that document is.
  let lastDoc: Int32Array = new Int32Array(1024).fill(-1);
  let slot: Int32Array = new Int32Array(1024);
  for (let doc = 0; doc < docCount; doc++) {
    if ((doc & 31) === 31) yield;
    const fields = fieldsOf(doc);
    for (let f = 0; f < fields.length; f++) {
      const text = normaliseText(fields[f]!);
      const ranges = tokenRanges(text);
      for (let k = 0; k < ranges.length; k += 2) {
        const token = text.slice(ranges[k], ranges[k + 1]);
        let id = tmpIds.get(token);
        if (id === undefined) {
          id = tmpTerms.length;
          tmpIds.set(token, id);
          tmpTerms.push(token);
          if (id === lastDoc.length) {
            lastDoc = grow(lastDoc, id * 2, -1);
            slot = grow(slot, id * 2, 0);
          }
        }
        if (lastDoc[id] === doc) {
          pMask[slot[id]!] = pMask[slot[id]!]! | (1 << f);
          continue;
        }
        if (n === cap) {
          cap *= 2;
          pTerm = grow(pTerm, cap, 0);
          pDoc = grow(pDoc, cap, 0);
          const m = new Uint8Array(cap);
          m.set(pMask);
          pMask = m;
        }
        lastDoc[id] = doc;
        slot[id] = n;
        pTerm[n] = id;
        pDoc[n] = doc;
        pMask[n++] = 1 << f;
      }
    }
  }  yield;

  const order = yield* sortInSteps(
    tmpTerms.map((_, i) => i),
    (a, b) => (tmpTerms[a]! < tmpTerms[b]! ? -1 : 1),
  );
  const rank = new Int32Array(tmpTerms.length);
  order.forEach((tmp, r) => (rank[tmp] = r));
  const terms = order.map((tmp) => tmpTerms[tmp]!);
  yield;

  // Counting sort by term keeps each term's postings in document order.
  const start = new Int32Array(terms.length + 1);
  for (let i = 0; i < n; i++) start[rank[pTerm[i]!]! + 1]!++;
  for (let t = 0; t < terms.length; t++) start[t + 1]! += start[t]!;
  yield;
  const fill = start.slice(0, terms.length);
  const postDocs = new Int32Array(n);
  const postMasks = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if ((i & 0xffff) === 0xffff) yield;
    const at = fill[rank[pTerm[i]!]!]!++;
    postDocs[at] = pDoc[i]!;
    postMasks[at] = pMask[i]!;
  }
  return { terms, postStart: start, postDocs, postMasks };
}

function grow(a: Int32Array, cap: number, fill: number): Int32Array {
  const g = new Int32Array(cap).fill(fill);
  g.set(a);
  return g;
}

/**
 * Typo tolerance with a deletion neighbourhood (the SymSpell idea): two words are within
 * edit distance d exactly when deleting at most d characters from each makes them equal, so
 * we store the hashes of every term's deletion variants once, at build time, and a query only
 * hashes its own few variants and looks them up — no scan over the vocabulary per query.
 *
 * Memory is kept flat: one sorted Float64Array of `hash * 2^21 + termId`, searched by binary
 * search. Hash collisions only produce extra candidates, and every candidate is verified with
 * the real (optimal string alignment) Damerau–Levenshtein distance.
 */

import { drain } from './lexicon.ts';

const TERM_SPACE = 2 ** 21;
/** Longer words are codes or URLs, where "did you mean" is never right. */
const MAX_TYPO_LENGTH = 24;

/** Allowed edits for a query token of this length: 1 from 4 letters, 2 from 8. */
export function allowedTypos(length: number): number {
  return length >= 8 ? 2 : length >= 4 ? 1 : 0;
}

function termDepth(term: string): number {
  // A query of length ≥ 8 (2 edits) meets a 6–7 letter term after ≤ 1 deletion on the term's side.
  if (term.length < 3 || term.length > MAX_TYPO_LENGTH || /^\d+$/.test(term)) return -1;
  return term.length >= 8 ? 2 : 1;
}

/** FNV-1a over UTF-16 units, skipping positions a and b (-1 for none). */
function hashWithout(s: string, a: number, b: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    if (i === a || i === b) continue;
    h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  }
  return h >>> 0;
}

function forEachVariant(s: string, depth: number, visit: (hash: number) => void): void {
  visit(hashWithout(s, -1, -1));
  if (depth < 1) return;
  for (let i = 0; i < s.length; i++) {
    visit(hashWithout(s, i, -1));
    if (depth < 2) continue;
    for (let j = i + 1; j < s.length; j++) visit(hashWithout(s, i, j));
  }
}

/** The sorted deletion-variant keys of a vocabulary; pauses every few hundred terms. */
export function* typoKeys(terms: readonly string[]): Generator<void, Float64Array> {
  if (terms.length >= TERM_SPACE) throw new RangeError('vocabulary too large for the typo index');
  let keys = new Float64Array(1024);
  let n = 0;
  for (let t = 0; t < terms.length; t++) {
    if ((t & 255) === 255) yield;
    const depth = termDepth(terms[t]!);
    if (depth < 0) continue;
    forEachVariant(terms[t]!, depth, (h) => {
      if (n === keys.length) {
        const grown = new Float64Array(keys.length * 2);
        grown.set(keys);
        keys = grown;
      }
      keys[n++] = h * TERM_SPACE + t;
    });
  }
  const sorted = keys.subarray(0, n).sort();
  // Deleting different letters can give the same variant ("book" → "bok" twice).
  let m = 0;
  for (let i = 0; i < n; i++) if (m === 0 || sorted[i] !== sorted[m - 1]) sorted[m++] = sorted[i]!;
  return sorted.slice(0, m);
}

export class TypoIndex {
  private readonly keys: Float64Array;

  /** `keys` come from `typoKeys` (drained here unless the caller ran it in steps). */
  constructor(
    private readonly terms: readonly string[],
    keys: Float64Array = drain(typoKeys(terms)),
  ) {
    this.keys = keys;
  }

  /** Term ids within the allowed distance of `token`, excluding the token itself. */
  candidates(token: string): Map<number, number> {
    const found = new Map<number, number>();
    const max = allowedTypos(token.length);
    if (max === 0 || token.length > MAX_TYPO_LENGTH || /^\d+$/.test(token)) return found;
    const seen = new Set<number>();
    forEachVariant(token, max, (h) => {
      if (seen.has(h)) return;
      seen.add(h);
      const lo = h * TERM_SPACE;
      for (let i = lowerBound(this.keys, lo); i < this.keys.length && this.keys[i]! < lo + TERM_SPACE; i++) {
        const t = this.keys[i]! - lo;
        if (found.has(t)) continue;
        const d = osaDistance(token, this.terms[t]!, max);
        if (d > 0 && d <= max) found.set(t, d);
      }
    });
    return found;
  }
}

function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
let rowC = new Int32Array(64);

/**
 * Optimal string alignment distance (Damerau–Levenshtein where a swapped pair of neighbours
 * counts as one edit). Returns max + 1 as soon as the distance is known to exceed max.
 */
export function osaDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (b.length + 1 > rowA.length) {
    rowA = new Int32Array(b.length * 2 + 1);
    rowB = new Int32Array(b.length * 2 + 1);
    rowC = new Int32Array(b.length * 2 + 1);
  }
  let prev2 = rowA;
  let prev = rowB;
  let cur = rowC;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const spare = prev2;
    prev2 = prev;
    prev = cur;
    cur = spare;
  }
  return prev[b.length]!;
}

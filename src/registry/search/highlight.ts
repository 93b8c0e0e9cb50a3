/**
 * Highlight ranges on the ORIGINAL field text, so a page can wrap <mark> around exactly what
 * the reader sees, diacritics and ZWNJ included. Computed only for the hits on the page.
 */
import { normaliseWithOffsets, tokenRanges } from '../../core/text/normalise.ts';

/** Ranges of words that are in `fullTerms` (whole word) or start with one of `prefixes`. */
export function textRanges(original: string, fullTerms: ReadonlySet<string>, prefixes: readonly string[]): [number, number][] {
  const { text, starts, ends } = normaliseWithOffsets(original);
  const tokens = tokenRanges(text);
  const out: [number, number][] = [];
  for (let k = 0; k < tokens.length; k += 2) {
    const s = tokens[k]!;
    const e = tokens[k + 1]!;
    const word = text.slice(s, e);
    let len = fullTerms.has(word) ? word.length : 0;
    if (len === 0) for (const p of prefixes) if (p.length > len && word.startsWith(p)) len = p.length;
    if (len > 0) out.push([starts[s]!, ends[s + len - 1]!]);
  }
  return out;
}

/**
 * Range of an identifier match: `compactQuery` is the query with separators removed, found in
 * the field's own compact form, then widened back over the separators inside it.
 */
export function idRange(original: string, compactQuery: string): [number, number][] {
  const { text, starts, ends } = normaliseWithOffsets(original);
  let compact = '';
  const at: number[] = [];
  const tokens = tokenRanges(text);
  for (let k = 0; k < tokens.length; k += 2) {
    for (let i = tokens[k]!; i < tokens[k + 1]!; i++) {
      compact += text[i];
      at.push(i);
    }
  }
  const found = compact.indexOf(compactQuery);
  if (found < 0 || compactQuery.length === 0) return [];
  return [[starts[at[found]!]!, ends[at[found + compactQuery.length - 1]!]!]];
}

/**
 * Turns query tokens into, for each token, the ways a document can satisfy it:
 *
 * - exact: the term itself;
 * - prefix: longer terms starting with it (every token, not only the last — people type
 *   «گواهی ران» for «گواهینامه رانندگی»), capped to the most frequent terms;
 * - typo: terms within 1 edit (tokens of 4+ letters) or 2 edits (8+), only when the token is
 *   not itself a word of the catalog — a real word is taken to be meant;
 * - joined: two neighbouring tokens written together («می خواهم» → «میخواهم»), or three
 *   around «و» («کسب و کار» → «کسبوکار»); the joined term satisfies every token it covers;
 * - split: a Persian token that is two catalog words run together («ثبتنام» → «ثبت» + «نام»,
 *   «کسبوکار» → «کسب» + «و» + «کار»); the document must contain every part in one field.
 *
 * Joins and splits are how the ZWNJ decision of core/text/normalise.ts (ZWNJ joins) still
 * lets the spaced spelling match.
 */
import type { Lexicon } from './lexicon.ts';
import type { TypoIndex } from './typo.ts';

export const EXACT = 4;
export const PREFIX = 3;
export const TYPO = 2;

export interface Alternative {
  /** One term, or several that must all occur (a split). */
  terms: number[];
  quality: number;
}

export interface TokenPlan {
  alternatives: Alternative[];
  /** Postings this token will walk: the cheapest token is evaluated first. */
  cost: number;
}

export interface QueryPlan {
  tokens: TokenPlan[];
  /** Words highlighted whole. */
  fullTerms: Set<string>;
  /** Word starts highlighted up to their length. */
  prefixes: string[];
}

/** Query tokens past this are ignored: no catalog query needs more, and masks stay 32-bit. */
export const MAX_QUERY_TOKENS = 16;
const SHORT_PREFIX_LIMIT = 50;
const PREFIX_LIMIT = 300;
const TYPO_LIMIT = 32;
const SPLIT_LIMIT = 4;
const persianScript = /[\u0600-\u06ff]/;

export function planQuery(lex: Lexicon, typos: TypoIndex, tokens: readonly string[]): QueryPlan {
  const plans: TokenPlan[] = tokens.map(() => ({ alternatives: [], cost: 0 }));
  const fullTerms = new Set<string>();
  const prefixes: string[] = [];
  const last = tokens.length - 1;

  const addTermsWithPrefix = (text: string, targets: TokenPlan[]): void => {
    const exact = lex.id(text);
    if (exact !== undefined) {
      for (const p of targets) p.alternatives.push({ terms: [exact], quality: EXACT });
      fullTerms.add(text);
    }
    let any = false;
    for (const t of lex.prefixTerms(text, text.length <= 2 ? SHORT_PREFIX_LIMIT : PREFIX_LIMIT)) {
      if (t === exact) continue;
      any = true;
      for (const p of targets) p.alternatives.push({ terms: [t], quality: PREFIX });
    }
    if (any) prefixes.push(text);
  };

  tokens.forEach((token, i) => {
    const plan = plans[i]!;
    addTermsWithPrefix(token, [plan]);
    if (lex.id(token) === undefined) {
      const found = [...typos.candidates(token)].sort((a, b) => a[1] - b[1] || lex.df(b[0]) - lex.df(a[0]) || a[0] - b[0]);
      // A term the token is a prefix of already matches, and better.
      for (const [t] of found.filter(([t]) => !lex.terms[t]!.startsWith(token)).slice(0, TYPO_LIMIT)) {
        plan.alternatives.push({ terms: [t], quality: TYPO });
        fullTerms.add(lex.terms[t]!);
      }
    }
    for (const parts of splits(lex, token)) {
      plan.alternatives.push({ terms: parts.map((p) => lex.id(p)!), quality: PREFIX });
      for (const p of parts) if (p.length > 1) fullTerms.add(p);
    }
  });

  for (let i = 0; i + 1 < tokens.length; i++) {
    const spans = [[i, i + 1]];
    if (tokens[i + 1] === 'و' && i + 2 < tokens.length) spans.push([i, i + 1, i + 2]);
    for (const span of spans) {
      const joined = span.map((k) => tokens[k]).join('');
      const targets = span.map((k) => plans[k]!);
      if (span[span.length - 1] === last) addTermsWithPrefix(joined, targets);
      else {
        const exact = lex.id(joined);
        if (exact === undefined) continue;
        for (const p of targets) p.alternatives.push({ terms: [exact], quality: EXACT });
        fullTerms.add(joined);
      }
    }
  }

  for (const plan of plans) {
    for (const alt of plan.alternatives) plan.cost += Math.min(...alt.terms.map((t) => lex.df(t)));
  }
  return { tokens: plans, fullTerms, prefixes };
}

/** Ways a Persian token splits into catalog words: X+Y, or X+«و»+Y. */
function splits(lex: Lexicon, token: string): string[][] {
  const out: string[][] = [];
  if (token.length < 4 || !persianScript.test(token)) return out;
  for (let k = 2; k <= token.length - 2 && out.length < SPLIT_LIMIT; k++) {
    const a = token.slice(0, k);
    if (lex.id(a) === undefined) continue;
    const b = token.slice(k);
    if (lex.id(b) !== undefined) out.push([a, b]);
    const c = token.slice(k + 1);
    if (token[k] === 'و' && c.length >= 2 && lex.id('و') !== undefined && lex.id(c) !== undefined) out.push([a, 'و', c]);
  }
  return out;
}

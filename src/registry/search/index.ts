/**
 * In-memory catalog search: Persian and English, prefix and typo tolerant, with disjunctive
 * facets and highlights on the original text. Pure: it is given documents and answers queries.
 *
 * Ranking, highest first:
 *   1. an exact service identifier or external code (separators, case and Persian digits
 *      ignored) is pinned first; an identifier prefix (6+ characters) counts like a whole
 *      name match on every token;
 *   2. text score = Σ over query tokens of the best quality × field weight that token reaches
 *      in the document, with quality exact 4 > prefix (also joined/split spellings) 3 >
 *      typo 2 and field weight name 4 > agency name 2 > description 1. Every token must match
 *      (AND); a query nothing matches returns total 0 — there is no silent fallback to OR;
 *   3. boost (popularity), then id: a total order, so pages never overlap or shuffle.
 * Scores are small integers, so ties are exact and the tie-breakers really apply.
 *
 * Each query reuses scratch typed arrays sized to the catalog (epoch stamps instead of
 * clearing), so a query allocates only in proportion to its own matches. Not re-entrant,
 * which synchronous JavaScript guarantees.
 */
import { normaliseText, tokenRanges } from '../../core/text/normalise.ts';
import { facetColumns, FacetStore } from './facets.ts';
import { idRange, textRanges } from './highlight.ts';
import { collectPostings, drain, Lexicon } from './lexicon.ts';
import { MAX_QUERY_TOKENS, planQuery, type QueryPlan } from './plan.ts';
import { compare, lowerBound, smallest, sortInSteps } from './select.ts';
import { TypoIndex, typoKeys } from './typo.ts';
import { textFields, type Highlight, type SearchDocument, type SearchHit, type SearchQuery, type SearchResult } from './types.ts';

export type * from './types.ts';
export { textFields, facetNames } from './types.ts';
export { toSearchDocument } from './document.ts';

const FIELD_WEIGHT = [4, 4, 1, 1, 2, 2];
const SERVICE_ID_BIT = 6;
const EXTERNAL_CODE_BIT = 7;
const ID_PIN = 1_000_000;
const ID_PREFIX_PER_TOKEN = 16;
const MAX_SCORE = 2 ** 24;
const MAX_LIMIT = 1000;
const idLike = /^[a-z]{0,3}\d{4,}$/;

/** points[quality * 256 + fieldMask]: the best field in the mask decides. */
const points = new Int32Array(5 * 256);
for (let q = 0; q < 5; q++) {
  for (let mask = 0; mask < 256; mask++) {
    let w = 0;
    FIELD_WEIGHT.forEach((fw, f) => (w = mask & (1 << f) ? Math.max(w, fw) : w));
    points[q * 256 + mask] = q * w;
  }
}

export class CatalogIndex {
  readonly size: number;
  private readonly docs: readonly SearchDocument[];
  private readonly lex: Lexicon;
  private readonly typos: TypoIndex;
  private readonly facets: FacetStore;
  private readonly browseOrder: Int32Array;
  private readonly browseRank: Int32Array;
  private readonly idKeys: string[];
  private readonly idDocs: Int32Array;
  private readonly idBits: Uint8Array;
  // Per-query scratch.
  private readonly tokStamp: Uint32Array;
  private readonly tokScore: Int32Array;
  private readonly tokFields: Uint8Array;
  private readonly touched: Int32Array;
  private readonly docStamp: Uint32Array;
  private readonly docMask: Uint32Array;
  private readonly docScore: Int32Array;
  private readonly docFields: Uint8Array;
  private readonly cand: Int32Array;
  private readonly accepted: Int32Array;
  private readonly sortKeys: Float64Array;
  private tokenEpoch = 0;
  private queryEpoch = 0;

  /** Builds in one go; `CatalogIndex.steps` builds the same index a slice at a time. */
  constructor(documents: readonly SearchDocument[], prepared: PreparedIndex = drain(prepare(documents))) {
    const n = (this.size = documents.length);
    this.docs = documents;
    ({ lex: this.lex, typos: this.typos, facets: this.facets, browseOrder: this.browseOrder, browseRank: this.browseRank, idKeys: this.idKeys, idDocs: this.idDocs, idBits: this.idBits } = prepared);

    this.tokStamp = new Uint32Array(n);
    this.tokScore = new Int32Array(n);
    this.tokFields = new Uint8Array(n);
    this.touched = new Int32Array(n);
    this.docStamp = new Uint32Array(n);
    this.docMask = new Uint32Array(n);
    this.docScore = new Int32Array(n);
    this.docFields = new Uint8Array(n);
    this.cand = new Int32Array(n);
    this.accepted = new Int32Array(n);
    this.sortKeys = new Float64Array(n);
  }

  /**
   * The same build as the constructor, as a generator that pauses every few milliseconds'
   * worth of work: a caller that resumes it from the event loop keeps answering queries (with
   * the index it already has) while a new one is built. Drained, it returns the index.
   */
  static *steps(documents: readonly SearchDocument[]): Generator<void, CatalogIndex> {
    return new CatalogIndex(documents, yield* prepare(documents));
  }

  search(query: SearchQuery): SearchResult {
    const offset = wholeNumber(query.offset, Number.MAX_SAFE_INTEGER);
    const limit = wholeNumber(query.limit ?? 20, MAX_LIMIT);
    const filters = this.facets.compile(query.filters);
    const text = normaliseText(query.q ?? '');
    const ranges = tokenRanges(text);
    const tokens: string[] = [];
    let compact = '';
    for (let k = 0; k < ranges.length; k += 2) {
      const t = text.slice(ranges[k], ranges[k + 1]);
      compact += t;
      if (tokens.length < MAX_QUERY_TOKENS && !tokens.includes(t)) tokens.push(t);
    }

    if (tokens.length === 0) {
      const kept = this.facets.filterAndCount(this.browseOrder, this.size, filters, this.accepted);
      const hits: SearchHit[] = [];
      for (let i = offset; i < Math.min(kept, offset + limit); i++) hits.push({ id: this.docs[this.accepted[i]!]!.id, score: 0, highlights: [] });
      return { total: kept, hits, facets: this.facets.results(query.filters) };
    }

    const plan = planQuery(this.lex, this.typos, tokens);
    const qep = this.nextQueryEpoch();
    const { count, full } = this.evaluate(plan, qep);
    const n = this.addIdMatches(compact, count, full, qep, tokens.length);
    const kept = this.facets.filterAndCount(this.cand, n, filters, this.accepted);

    const size = this.size;
    const keys = this.sortKeys.subarray(0, kept);
    for (let i = 0; i < kept; i++) {
      const doc = this.accepted[i]!;
      keys[i] = (MAX_SCORE - this.docScore[doc]!) * size + this.browseRank[doc]!;
    }
    const top = smallest(keys, offset + limit);
    const hits: SearchHit[] = [];
    for (let i = offset; i < top.length; i++) {
      const doc = this.browseOrder[top[i]! % size]!;
      hits.push({ id: this.docs[doc]!.id, score: this.docScore[doc]!, highlights: this.highlights(doc, plan, compact) });
    }
    return { total: kept, hits, facets: this.facets.results(query.filters) };
  }

  /** AND over tokens, cheapest first; leaves the matching documents in cand[0..count). */
  private evaluate(plan: QueryPlan, qep: number): { count: number; full: number } {
    const { postStart, postDocs, postMasks } = this.lex;
    const { tokStamp, tokScore, tokFields, touched, docStamp, docMask, docScore, docFields, cand } = this;
    const order = [...plan.tokens].sort((a, b) => a.cost - b.cost);
    let n = 0;
    let need = 0;
    for (let k = 0; k < order.length; k++) {
      const tep = this.nextTokenEpoch();
      let t = 0;
      for (const alt of order[k]!.alternatives) {
        const base = alt.quality * 256;
        // A split: walk the rarest part, look the others up.
        const parts = alt.terms.length === 1 ? alt.terms : [...alt.terms].sort((a, b) => this.lex.df(a) - this.lex.df(b));
        const lead = parts[0]!;
        for (let p = postStart[lead]!, end = postStart[lead + 1]!; p < end; p++) {
          const doc = postDocs[p]!;
          if (k > 0 && (docStamp[doc] !== qep || docMask[doc] !== need)) continue;
          let mask = postMasks[p]!;
          for (let j = 1; j < parts.length && mask !== 0; j++) mask &= this.lex.maskOf(parts[j]!, doc);
          if (mask === 0) continue;
          const pts = points[base + mask]!;
          if (tokStamp[doc] !== tep) {
            tokStamp[doc] = tep;
            tokScore[doc] = pts;
            tokFields[doc] = mask;
            touched[t++] = doc;
          } else {
            if (pts > tokScore[doc]!) tokScore[doc] = pts;
            tokFields[doc] = tokFields[doc]! | mask;
          }
        }
      }
      if (t === 0) return { count: 0, full: need | (1 << k) };
      const bit = 1 << k;
      for (let i = 0; i < t; i++) {
        const doc = touched[i]!;
        if (k === 0) {
          docStamp[doc] = qep;
          docMask[doc] = bit;
          docScore[doc] = tokScore[doc]!;
          docFields[doc] = tokFields[doc]!;
          cand[n++] = doc;
        } else {
          docMask[doc] = docMask[doc]! | bit;
          docScore[doc] = docScore[doc]! + tokScore[doc]!;
          docFields[doc] = docFields[doc]! | tokFields[doc]!;
        }
      }
      need |= bit;
    }
    let m = 0;
    for (let i = 0; i < n; i++) if (docMask[cand[i]!] === need) cand[m++] = cand[i]!;
    return { count: m, full: need };
  }

  /** Documents whose service id or external code equals or starts with the compact query. */
  private addIdMatches(compact: string, n: number, full: number, qep: number, tokenCount: number): number {
    if (!idLike.test(compact)) return n;
    const exactOnly = compact.length < 6;
    for (let i = lowerBound(this.idKeys, compact); i < this.idKeys.length && this.idKeys[i]!.startsWith(compact); i++) {
      const exact = this.idKeys[i] === compact;
      if (exactOnly && !exact) continue;
      const doc = this.idDocs[i]!;
      const score = (exact ? ID_PIN : 0) + ID_PREFIX_PER_TOKEN * tokenCount;
      if (this.docStamp[doc] === qep && this.docMask[doc] === full) {
        if (score > this.docScore[doc]!) this.docScore[doc] = score;
      } else {
        this.docStamp[doc] = qep;
        this.docMask[doc] = full;
        this.docScore[doc] = score;
        this.docFields[doc] = 0;
        this.cand[n++] = doc;
      }
      this.docFields[doc] = this.docFields[doc]! | (1 << this.idBits[i]!);
    }
    return n;
  }

  private highlights(doc: number, plan: QueryPlan, compact: string): Highlight[] {
    const d = this.docs[doc]!;
    const mask = this.docFields[doc]!;
    const out: Highlight[] = [];
    textFields.forEach((field, f) => {
      if (!(mask & (1 << f))) return;
      const ranges = textRanges(d.fields[field], plan.fullTerms, plan.prefixes);
      if (ranges.length) out.push({ field, ranges });
    });
    if (mask & (1 << SERVICE_ID_BIT)) out.push({ field: 'serviceId', ranges: idRange(d.fields.serviceId, compact) });
    if (mask & (1 << EXTERNAL_CODE_BIT) && d.fields.externalCode) out.push({ field: 'externalCode', ranges: idRange(d.fields.externalCode, compact) });
    return out;
  }

  private nextTokenEpoch(): number {
    if (this.tokenEpoch >= 0xfffffff0) {
      this.tokStamp.fill(0);
      this.tokenEpoch = 0;
    }
    return ++this.tokenEpoch;
  }

  private nextQueryEpoch(): number {
    if (this.queryEpoch >= 0xfffffff0) {
      this.docStamp.fill(0);
      this.queryEpoch = 0;
    }
    return ++this.queryEpoch;
  }
}

/** The parts of an index that take time to build. */
export interface PreparedIndex {
  lex: Lexicon;
  typos: TypoIndex;
  facets: FacetStore;
  browseOrder: Int32Array;
  browseRank: Int32Array;
  idKeys: string[];
  idDocs: Int32Array;
  idBits: Uint8Array;
}

/** Builds the parts of an index, pausing (yield) every few milliseconds' worth of work. */
function* prepare(documents: readonly SearchDocument[]): Generator<void, PreparedIndex> {
  const n = documents.length;
  const seen = new Set<string>();
  for (const d of documents) {
    if (seen.has(d.id)) throw new Error(`duplicate search document id ${d.id}`);
    seen.add(d.id);
  }
  yield;
  const fieldsOf = (doc: number) => textFields.map((f) => documents[doc]!.fields[f]);
  const lex = new Lexicon(n, fieldsOf, yield* collectPostings(n, fieldsOf));
  yield;
  const typos = new TypoIndex(lex.terms, yield* typoKeys(lex.terms));
  yield;
  const facets = new FacetStore(documents, yield* facetColumns(documents));
  yield;

  const boost = (d: SearchDocument) => (Number.isFinite(d.boost) ? d.boost! : 0);
  const order = documents.map((_, i) => i);
  const boosts = Float64Array.from(documents, boost);
  yield* sortInSteps(order, (a, b) => boosts[b]! - boosts[a]! || compare(documents[a]!.id, documents[b]!.id));
  const browseOrder = Int32Array.from(order);
  const browseRank = new Int32Array(n);
  order.forEach((doc, r) => (browseRank[doc] = r));
  yield;

  const keys: [string, number, number][] = [];
  for (let doc = 0; doc < n; doc++) {
    if ((doc & 255) === 255) yield;
    const d = documents[doc]!;
    const sid = compactId(d.fields.serviceId);
    if (sid) keys.push([sid, doc, SERVICE_ID_BIT]);
    const serialPart = sid.replace(/^[a-z]+/, '');
    if (serialPart && serialPart !== sid) keys.push([serialPart, doc, SERVICE_ID_BIT]);
    const ext = compactId(d.fields.externalCode ?? '');
    if (ext) keys.push([ext, doc, EXTERNAL_CODE_BIT]);
  }
  yield* sortInSteps(keys, (a, b) => compare(a[0], b[0]) || a[1] - b[1]);
  return { lex, typos, facets, browseOrder, browseRank, idKeys: keys.map((k) => k[0]), idDocs: Int32Array.from(keys, (k) => k[1]), idBits: Uint8Array.from(keys, (k) => k[2]) };
}

/** A whole number in [0, max]; anything else (NaN, negative, missing) is 0. */
function wholeNumber(v: number | undefined, max: number): number {
  return v !== undefined && Number.isFinite(v) ? Math.min(max, Math.max(0, Math.floor(v))) : 0;
}

/** An identifier as a search key: normalised, letters and digits only. */
function compactId(s: string): string {
  return normaliseText(s).replace(/[^\p{L}\p{N}]/gu, '');
}

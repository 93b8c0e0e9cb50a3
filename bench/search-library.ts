// Our in-memory catalog index (src/registry/search) against a well-kept in-process search
// library, MiniSearch, on the same documents, tokens and queries: build time, memory, latency
// and how far the library's ranking agrees with ours. Both sides are given the demo dataset's
// search documents exactly as the Catalog builds them, and the library tokenises with our
// Persian normaliser, so what differs is the index, not the input.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import MiniSearch from 'minisearch';
import { tokenize } from '../src/core/text/normalise.ts';
import { selectAllAgencies } from '../src/registry/index.ts';
import { selectAllServices } from '../src/registry/service-repository.ts';
import { toSearchDocument } from '../src/registry/search/document.ts';
import { CatalogIndex, facetNames, textFields, type FacetCount, type FacetName, type SearchDocument, type SearchQuery, type TextField } from '../src/registry/search/index.ts';
import { loadDemoDataset } from '../demo/load.ts';
import { openBenchDatabase } from './lib/databases.ts';
import { heading, ms, ratio } from './lib/stats.ts';
import { queries } from './search.ts';

const ROUNDS = Number(process.env.BENCH_SEARCH_ROUNDS ?? 30);
const BUILDS = Number(process.env.BENCH_SEARCH_BUILDS ?? 3);
const LIMIT = 20;

/** What a contender answers: the page of ids, how many matched, facet counts (if it can). */
interface Answer {
  total: number;
  ids: string[];
  facets: Record<FacetName, FacetCount[]> | null;
}

interface Contender {
  search(query: SearchQuery): Answer;
}

function ours(docs: readonly SearchDocument[]): Contender & { scores(query: SearchQuery): Map<string, number> } {
  const index = new CatalogIndex(docs);
  return {
    search(query) {
      const r = index.search(query);
      return { total: r.total, ids: r.hits.map((h) => h.id), facets: r.facets };
    },
    /** Our score of every match (the first 1000), to tell a different order from a worse one. */
    scores: (query) => new Map(index.search({ ...query, offset: 0, limit: 1000 }).hits.map((h) => [h.id, h.score])),
  };
}

/**
 * MiniSearch configured as close to our ranking rules as its options allow: our tokeniser
 * (normalise + split into words), prefix on every term, typo tolerance of 1 edit from 4
 * letters and 2 from 8 — only for a word the catalog does not contain, as ours does — AND
 * across terms, field weights name 4 > agency 2 > description 1, exact > prefix > typo
 * (weights 1, 0.75, 0.5), popularity as a small document boost. It scores with BM25, has no
 * facet counts and no highlight offsets; filters and disjunctive counts are done over its
 * result list here, which is what an application using it would write.
 */
function miniSearch(docs: readonly SearchDocument[]): Contender & { bare: Contender } {
  const byId = new Map(docs.map((d) => [d.id, d]));
  const vocabulary = new Set<string>();
  const index = new MiniSearch<SearchDocument>({
    idField: 'id',
    fields: [...textFields],
    extractField: (doc, field) => (field === 'id' ? doc.id : doc.fields[field as TextField]),
    tokenize: (text) => {
      const words = tokenize(text);
      for (const w of words) vocabulary.add(w);
      return words;
    },
    processTerm: (term) => term,
  });
  index.addAll(docs);
  const options = {
    tokenize: (text: string) => tokenize(text),
    combineWith: 'AND' as const,
    prefix: true,
    fuzzy: (term: string) => (vocabulary.has(term) ? false : term.length >= 8 ? 2 : term.length >= 4 ? 1 : false),
    weights: { prefix: 0.75, fuzzy: 0.5 },
    boost: { nameFa: 4, nameEn: 4, agencyNameFa: 2, agencyNameEn: 2, descriptionFa: 1, descriptionEn: 1 },
    boostDocument: (id: string) => 1 + 0.01 * (byId.get(id)?.boost ?? 0),
  };
  const ranked = (query: SearchQuery) => index.search(query.q?.trim() ? query.q : MiniSearch.wildcard, options);
  return {
    search: (query) => filterAndCount(ranked(query).map((r) => byId.get(r.id as string)!), query),
    // The library's own work only: ranked matches, no filters, no facet counts.
    bare: {
      search(query) {
        const results = ranked(query);
        return { total: results.length, ids: results.slice(0, query.limit ?? LIMIT).map((r) => r.id as string), facets: null };
      },
    },
  };
}

/** Filters (OR within a facet, AND across) and disjunctive counts over a ranked list. */
function filterAndCount(ranked: SearchDocument[], query: SearchQuery): Answer {
  const wanted = facetNames.map((f) => (query.filters?.[f]?.length ? new Set(query.filters[f]) : null));
  const counts = facetNames.map(() => new Map<string, number>());
  const kept: string[] = [];
  let total = 0;
  for (const doc of ranked) {
    let failed = 0;
    facetNames.forEach((f, i) => {
      const w = wanted[i];
      if (w && !valuesOf(doc, f).some((v) => w.has(v))) failed |= 1 << i;
    });
    facetNames.forEach((f, i) => {
      if ((failed & ~(1 << i)) !== 0) return;
      for (const v of new Set(valuesOf(doc, f))) counts[i]!.set(v, (counts[i]!.get(v) ?? 0) + 1);
    });
    if (failed === 0) {
      if (kept.length < (query.offset ?? 0) + (query.limit ?? LIMIT)) kept.push(doc.id);
      total++;
    }
  }
  const facets = {} as Record<FacetName, FacetCount[]>;
  facetNames.forEach((f, i) => {
    facets[f] = [...counts[i]!].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
  });
  return { total, ids: kept.slice(query.offset ?? 0), facets };
}

function valuesOf(doc: SearchDocument, facet: FacetName): string[] {
  const v = doc.facets[facet];
  return Array.isArray(v) ? v : [v];
}

/** The search documents exactly as the Catalog builds them (active services). */
async function demoDocuments(): Promise<SearchDocument[]> {
  const db = await openBenchDatabase('embedded');
  try {
    await loadDemoDataset(db, { seed: 1402, pack: 'ir' });
    return await db.run(async (q) => {
      const agencies = new Map((await selectAllAgencies(q)).map((a) => [a.code, a]));
      const docs: SearchDocument[] = [];
      for await (const s of selectAllServices(q, { status: 'active' })) docs.push(toSearchDocument(s, agencies.get(s.agencyCode)!));
      return docs;
    });
  } finally {
    await db.close();
  }
}

// A full collection before each memory reading; `--expose-gc` is not needed on the command line.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function liveBytes(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Median build time and median live memory one built index holds, over BUILDS builds. */
function measureBuild<C>(build: () => C): { ms: number; bytes: number; contender: C } {
  const times: number[] = [];
  const sizes: number[] = [];
  let contender: C | undefined;
  for (let i = 0; i < BUILDS; i++) {
    // The previous index is still held here and below, so the difference is the new one.
    const before = liveBytes();
    const t0 = performance.now();
    const built = build();
    times.push(performance.now() - t0);
    sizes.push(liveBytes() - before);
    contender = built;
  }
  return { ms: percentile(times, 0.5), bytes: percentile(sizes, 0.5), contender: contender! };
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

/** Latency of each query over ROUNDS rounds, contenders taking turns so all see the same machine noise. */
function measureQueries(contenders: Contender[], set: SearchQuery[]): { samples: number[]; totalMs: number }[] {
  const out = contenders.map(() => ({ samples: [] as number[], totalMs: 0 }));
  for (let round = 0; round < ROUNDS; round++) {
    contenders.forEach((who, i) => {
      const start = performance.now();
      for (const q of set) {
        const t0 = performance.now();
        who.search(q);
        out[i]!.samples.push(performance.now() - t0);
      }
      out[i]!.totalMs += performance.now() - start;
    });
  }
  return out;
}

/** Share of our top 10 that the other also puts in its top 10 (1 when both find nothing). */
function overlapAt10(x: string[], y: string[]): number {
  const a = x.slice(0, 10);
  const b = new Set(y.slice(0, 10));
  if (a.length === 0) return b.size === 0 ? 1 : 0;
  return a.filter((id) => b.has(id)).length / a.length;
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const pct = (x: number) => `${Math.round(x * 100)}%`;

export async function benchSearchLibrary(): Promise<void> {
  const docs = await demoDocuments();
  heading(`Catalog index vs MiniSearch (in process, ${docs.length.toLocaleString('en')} demo services, same documents, tokeniser and queries)`);

  // Medians, so the first build of each (cold code) does not decide.
  const oursBuild = measureBuild(() => ours(docs));
  const miniBuild = measureBuild(() => miniSearch(docs));
  const us = oursBuild.contender;
  const them = miniBuild.contender;
  console.log('| | OneWindow | MiniSearch (with filters and facet counts) | OneWindow ahead by | MiniSearch search() alone | OneWindow ahead by |');
  console.log('|---|---|---|---|---|---|');
  console.log(`| index build (median of ${BUILDS}) | ${ms(oursBuild.ms)} | ${ms(miniBuild.ms)} | ${ratio(miniBuild.ms, oursBuild.ms)} | (same index) | |`);
  console.log(`| memory held (heap + array buffers) | ${mb(oursBuild.bytes)} | ${mb(miniBuild.bytes)} | ${ratio(miniBuild.bytes, oursBuild.bytes)} | (same index) | |`);

  const plain: SearchQuery[] = queries.map((q) => ({ q, limit: LIMIT }));
  const commonest = mostCommon(docs, 'audience');
  const filtered: SearchQuery[] = queries.map((q) => ({ q, limit: LIMIT, filters: { audience: [commonest] } }));
  for (const [label, set] of [['queries', plain], [`queries + filter audience=${commonest}`, filtered]] as const) {
    // Bare search() cannot filter, so it is timed on the plain queries only.
    const filteredSet = set === filtered;
    const [a, b, c] = measureQueries(filteredSet ? [us, them] : [us, them, them.bare], set);
    const cell = (x: number | undefined, ref: number) => (x === undefined ? '— | —' : `${ms(x)} | ${ratio(x, ref)}`);
    for (const p of [0.5, 0.95]) {
      const ref = percentile(a!.samples, p);
      console.log(`| ${label}: p${p * 100} | ${ms(ref)} | ${cell(percentile(b!.samples, p), ref)} | ${cell(c && percentile(c.samples, p), ref)} |`);
    }
    const qps = (m: { samples: number[]; totalMs: number }) => m.samples.length / (m.totalMs / 1000);
    const show = (m: { samples: number[]; totalMs: number } | undefined) => (m ? `${Math.round(qps(m)).toLocaleString('en')} | ${ratio(qps(a!), qps(m))}` : '— | —');
    console.log(`| ${label}: queries/s | ${Math.round(qps(a!)).toLocaleString('en')} | ${show(b)} | ${show(c)} |`);
  }

  console.log('\nResult quality: matches found by each; overlap@10 = share of our top 10 that MiniSearch also ranks in its top 10;');
  console.log('same tier = share of MiniSearch\'s top 10 that our rules score at least as high as our own 10th hit');
  console.log('(the rest of the difference is only the order among equally good matches: BM25 vs popularity).\n');
  console.log('| query | OneWindow total | MiniSearch total | overlap@10 | same tier | facet counts equal |');
  console.log('|---|---|---|---|---|---|');
  const overlaps: number[] = [];
  const tiers: number[] = [];
  for (const q of [...plain, ...filtered.slice(0, 3)]) {
    const a = us.search(q);
    const b = them.search(q);
    const o = overlapAt10(a.ids, b.ids);
    overlaps.push(o);
    const scores = us.scores(q);
    const floor = scores.get(a.ids[Math.min(9, a.ids.length - 1)]!) ?? 0;
    const theirs = b.ids.slice(0, 10);
    const tier = theirs.length ? theirs.filter((id) => (scores.get(id) ?? -1) >= floor).length / theirs.length : 1;
    tiers.push(tier);
    const filter = q.filters ? ` [${Object.entries(q.filters).map(([k, v]) => `${k}=${v.join(',')}`).join(' ')}]` : '';
    console.log(`| ${q.q}${filter} | ${a.total} | ${b.total} | ${pct(o)} | ${pct(tier)} | ${a.total === b.total && JSON.stringify(a.facets) === JSON.stringify(b.facets) ? 'yes' : 'no'} |`);
  }
  const mean = (xs: number[]) => pct(xs.reduce((s, x) => s + x, 0) / xs.length);
  console.log(`| **mean** | | | **${mean(overlaps)}** | **${mean(tiers)}** | |`);

  // What our rules promise that the library has no option for. Rank = position of the
  // expected service (— when absent from the first page).
  const probe = docs[Math.floor(docs.length / 2)]!;
  console.log('\nCapability probes (rules at the top of src/registry/search/index.ts):\n');
  console.log('| probe | query | OneWindow | MiniSearch |');
  console.log('|---|---|---|---|');
  const rankOf = (answer: Answer) => {
    const at = answer.ids.indexOf(probe.id);
    return at < 0 ? `— (${answer.total} found)` : `rank ${at + 1} of ${answer.total}`;
  };
  const idProbes: [string, string][] = [
    ['exact service id', probe.fields.serviceId],
    ['service id, separators dropped', probe.fields.serviceId.replace(/[^A-Za-z0-9]/g, '')],
    ['service id in Persian digits, lower case', probe.fields.serviceId.toLowerCase().replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)))],
  ];
  if (probe.fields.externalCode) idProbes.push(['earlier-registry code', probe.fields.externalCode]);
  for (const [what, q] of idProbes) console.log(`| ${what} | ${q} | ${rankOf(us.search({ q, limit: LIMIT }))} | ${rankOf(them.search({ q, limit: LIMIT }))} |`);
  // Spaced, joined (ZWNJ) and run-together spellings of one compound should find the same services.
  const spellings: [string, string[]][] = [
    ['compound, spaced / ZWNJ / joined', ['ثبت نام', 'ثبت‌نام', 'ثبتنام']],
    ['compound with «و»', ['حمل و نقل', 'حمل‌ونقل', 'حملونقل']],
    ['transposed letters (1 edit for us, 2 for Levenshtein)', ['tax return', 'tax reutrn']],
  ];
  for (const [what, forms] of spellings) {
    const counts = (c: Contender) => forms.map((q) => c.search({ q, limit: LIMIT }).total).join(' / ');
    console.log(`| ${what} | ${forms.join(' / ')} | ${counts(us)} | ${counts(them)} |`);
  }
  console.log('| highlight ranges on the original text | (any) | yes | no: matched terms and fields only, no offsets |');
  console.log('| disjunctive facet counts | (any) | yes | no: counted over its results by the caller (above) |');
}

function mostCommon(docs: readonly SearchDocument[], facet: FacetName): string {
  const counts = new Map<string, number>();
  for (const d of docs) for (const v of valuesOf(d, facet)) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
}

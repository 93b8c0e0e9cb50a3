import Type from 'typebox';
import { agencyKinds, type AgencyKind } from '../../core/taxonomy.ts';
import type { RankingEntry } from '../../core/insights/index.ts';
import type { Locale } from '../../web/i18n/locale.ts';

export const rankingSorts = ['rank', 'name', 'delivered', 'identified', 'rate'] as const;
export type RankingSort = (typeof rankingSorts)[number];
export type SortOrder = 'asc' | 'desc';

/**
 * `/dashboard/rankings?kind=…&sort=…&order=…`. Strict, unlike the catalog's facets: the page's
 * own links are the only way to build these, so a value outside them is refused (a friendly
 * 400 page) rather than silently read as something else.
 */
export const RankingsQuery = Type.Object(
  {
    kind: Type.Optional(Type.Union([Type.Literal('all'), ...agencyKinds.map((k) => Type.Literal(k))])),
    sort: Type.Optional(Type.Union(rankingSorts.map((s) => Type.Literal(s)))),
    order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  },
  { additionalProperties: true },
);

export interface RankingsState {
  kind: AgencyKind | 'all';
  sort: RankingSort;
  order: SortOrder;
}

/** Rank and name read best from the top (ascending); counts and rates from the largest. */
export const defaultOrder = (sort: RankingSort): SortOrder => (sort === 'rank' || sort === 'name' ? 'asc' : 'desc');

export function readRankingsState(query: { kind?: string; sort?: string; order?: string }): RankingsState {
  const sort = (query.sort ?? 'rank') as RankingSort;
  return { kind: (query.kind ?? 'all') as RankingsState['kind'], sort, order: (query.order as SortOrder | undefined) ?? defaultOrder(sort) };
}

/** The address of a state, leaving defaults out so the plain page keeps its plain address. */
export function rankingsHref(state: RankingsState): string {
  const params = new URLSearchParams();
  if (state.kind !== 'all') params.set('kind', state.kind);
  if (state.sort !== 'rank') params.set('sort', state.sort);
  if (state.order !== defaultOrder(state.sort)) params.set('order', state.order);
  const query = params.toString();
  return query ? `/dashboard/rankings?${query}` : '/dashboard/rankings';
}

/** Where a column heading leads: that column in its natural order, or the reverse when it is already sorted so. */
export function sortHref(state: RankingsState, sort: RankingSort): string {
  const order = state.sort === sort ? (state.order === 'asc' ? 'desc' : 'asc') : defaultOrder(sort);
  return rankingsHref({ ...state, sort, order });
}

const collators = { fa: new Intl.Collator('fa'), en: new Intl.Collator('en') };

/**
 * The ranking in the order asked for. Unranked agencies (no active services) stay last in
 * every order, and equal values keep the ranking's own order, so a sort never reshuffles ties.
 */
export function sortRanking(entries: readonly RankingEntry[], sort: RankingSort, order: SortOrder, locale: Locale): RankingEntry[] {
  const position = new Map(entries.map((e, i) => [e.code, i]));
  const sign = order === 'asc' ? 1 : -1;
  const value: Record<RankingSort, (a: RankingEntry, b: RankingEntry) => number> = {
    rank: (a, b) => position.get(a.code)! - position.get(b.code)!,
    name: (a, b) => collators[locale].compare(locale === 'fa' ? a.nameFa : a.nameEn, locale === 'fa' ? b.nameFa : b.nameEn),
    delivered: (a, b) => a.delivered - b.delivered,
    identified: (a, b) => a.identified - b.identified,
    rate: (a, b) => (a.rate ?? 0) - (b.rate ?? 0),
  };
  return [...entries].sort((a, b) => {
    if ((a.rank === null) !== (b.rank === null)) return a.rank === null ? 1 : -1;
    return sign * value[sort](a, b) || position.get(a.code)! - position.get(b.code)!;
  });
}

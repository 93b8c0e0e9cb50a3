import { shareOf, type AgencyFigures } from '../core/insights/index.ts';
import type { AgencyKind } from '../core/taxonomy.ts';
import { normaliseText } from '../core/text/normalise.ts';
import { compareNames } from '../web/i18n/collation.ts';
import type { Locale } from '../web/i18n/locale.ts';

/** One agency of the public list: who it is and how much of its work the window delivers. */
export interface AgencyListRow {
  code: string;
  nameFa: string;
  nameEn: string;
  kind: AgencyKind;
  /** Active services in the registry. */
  identified: number;
  /** Of those, delivered through the window. */
  delivered: number;
  /** delivered / identified, as the insights compute it (null when the agency has no services). */
  rate: number | null;
}

export interface AgencyListQuery {
  /** Part of the name in Persian or English, or of the code; '' lists every agency. */
  q: string;
  kind: AgencyKind | null;
  /** 1-based; a page past the end shows the last page. */
  page: number;
}

export interface AgencyListPage {
  total: number;
  rows: AgencyListRow[];
  page: number;
  pages: number;
}

export const AGENCIES_PER_PAGE = 25;

/**
 * The agencies sorted by name in each language (`compareNames`: Persian collation for fa), the
 * code breaking ties, with search keys normalised as the catalog's (Arabic ي/ك, ZWNJ, digits …),
 * so «موسسه» finds «مؤسسه».
 * Built once per registry version and filtered in memory: a country has hundreds of agencies.
 */
export class AgencyList {
  readonly #sorted: Record<Locale, { row: AgencyListRow; key: string }[]>;

  constructor(figures: readonly AgencyFigures[]) {
    const entries = figures.map((a) => {
      const row: AgencyListRow = { code: a.code, nameFa: a.nameFa, nameEn: a.nameEn, kind: a.kind, identified: a.identified, delivered: a.delivered, rate: shareOf(a.delivered, a.identified) };
      return { row, key: `${normaliseText(a.nameFa)}\n${normaliseText(a.nameEn)}\n${a.code.toLowerCase()}` };
    });
    this.#sorted = { fa: sortBy(entries, 'fa'), en: sortBy(entries, 'en') };
  }

  find(locale: Locale, query: AgencyListQuery, perPage = AGENCIES_PER_PAGE): AgencyListPage {
    const words = normaliseText(query.q).split(' ').filter(Boolean);
    const found = this.#sorted[locale].filter(({ row, key }) => (!query.kind || row.kind === query.kind) && words.every((w) => key.includes(w)));
    const pages = Math.max(1, Math.ceil(found.length / perPage));
    const page = Math.min(Math.max(1, query.page), pages);
    const start = (page - 1) * perPage;
    return { total: found.length, rows: found.slice(start, start + perPage).map((e) => e.row), page, pages };
  }
}

function sortBy<T extends { row: AgencyListRow }>(entries: readonly T[], locale: Locale): T[] {
  const compare = compareNames(locale);
  const name = (e: T) => (locale === 'fa' ? e.row.nameFa : e.row.nameEn);
  return [...entries].sort((a, b) => compare(name(a), name(b)) || (a.row.code < b.row.code ? -1 : a.row.code > b.row.code ? 1 : 0));
}

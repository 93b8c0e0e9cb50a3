import Type from 'typebox';
import { Pagination } from '../../web/components/pagination.tsx';
import type { I18n } from '../../web/i18n/translate.ts';

/** Rows in one page of a console list. */
export const pageSize = 50;

/** A page number in the address (`?page=3`); the schema stays loose so an odd value is page 1, not an error. */
export const PageParam = Type.Optional(Type.String({ maxLength: 12 }));

/** A page number from the address; anything odd means the first page rather than an error. */
export function pageOf(raw: string | undefined): number {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

export interface ListPage<T> {
  items: T[];
  total: number;
  /** 1-based; the page shown, which is the last one when the address asked for a page past it. */
  page: number;
  pages: number;
}

/** One page of a list the management layer serves by offset and limit. */
export async function loadPage<T>(asked: number, load: (window: { offset: number; limit: number }) => Promise<{ total: number; items: T[] }>): Promise<ListPage<T>> {
  const at = (page: number) => load({ offset: (page - 1) * pageSize, limit: pageSize });
  let page = asked;
  let found = await at(page);
  // Past the last page (an old link, a typed number): the last page rather than an empty list.
  if (!found.items.length && page > 1) {
    page = Math.max(1, Math.ceil(found.total / pageSize));
    if (found.total > 0) found = await at(page);
  }
  return { ...found, page, pages: Math.max(1, Math.ceil(found.total / pageSize)) };
}

/**
 * Links to pages of one list: the list's page (`path`; a form posted elsewhere may be what is
 * showing it) with this list's page number changed and every other parameter of the address
 * kept (the language, the page of another list), except one-time notices such as `saved=1`.
 */
export function pageHref(path: string, url: string, param: string): (page: number) => string {
  const params = new URL(url, 'http://console.invalid').searchParams;
  for (const notice of ['saved', 'conflict']) params.delete(notice);
  return (page) => {
    const next = new URLSearchParams(params);
    if (page > 1) next.set(param, String(page));
    else next.delete(param);
    const query = next.toString();
    return query ? `${path}?${query}` : path;
  };
}

interface ListPagesProps {
  i18n: I18n;
  list: Pick<ListPage<unknown>, 'page' | 'pages'>;
  /** The address of the page showing the list, and the address that was asked for. */
  path: string;
  url: string;
  param: string;
  /** Names the links when the page holds several lists. */
  label?: string;
}

/** The portal's page links under a list. */
export function ListPages({ i18n, list, path, url, param, label }: ListPagesProps) {
  return <Pagination i18n={i18n} page={list.page} pages={list.pages} href={pageHref(path, url, param)} {...(label ? { label } : {})} />;
}

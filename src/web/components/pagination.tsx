import type { I18n } from '../i18n/translate.ts';

export interface PaginationProps {
  i18n: I18n;
  /** 1-based. */
  page: number;
  pages: number;
  href: (page: number) => string;
  /** Names the links when a page has more than one list with pages (default: "Result pages"). */
  label?: string;
}

/** The page numbers to show: the first, the last, and two on each side of the current one. */
export function pageWindow(page: number, pages: number): (number | 'gap')[] {
  const out: (number | 'gap')[] = [];
  for (let p = 1; p <= pages; p++) {
    if (p === 1 || p === pages || Math.abs(p - page) <= 2) out.push(p);
    else if (out.at(-1) !== 'gap') out.push('gap');
  }
  return out;
}

/** Links to other pages of results; nothing at all when everything fits on one page. */
export function Pagination({ i18n, page, pages, href, label }: PaginationProps) {
  const { t } = i18n;
  if (pages <= 1) return null;
  return (
    <nav aria-label={label ?? t('components.pagination.label')}>
      <p class="visually-hidden">{t('components.pagination.status', { page: i18n.n(page), pages: i18n.n(pages) })}</p>
      <ul class="pagination">
        {page > 1 ? (
          <li>
            <a href={href(page - 1)} rel="prev">
              {t('components.pagination.previous')}
            </a>
          </li>
        ) : null}
        {pageWindow(page, pages).map((p, i) =>
          p === 'gap' ? (
            <li key={`gap-${i}`} aria-hidden="true" class="pagination-gap">
              …
            </li>
          ) : (
            <li key={p}>
              <a href={href(p)} aria-label={t('components.pagination.page', { page: i18n.n(p) })} aria-current={p === page ? 'page' : undefined}>
                {i18n.n(p)}
              </a>
            </li>
          ),
        )}
        {page < pages ? (
          <li>
            <a href={href(page + 1)} rel="next">
              {t('components.pagination.next')}
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

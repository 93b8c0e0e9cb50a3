import type { ComponentChildren } from 'preact';
import type { I18n } from '../i18n/translate.ts';

export interface DataColumn<R> {
  /** Usually text; a link when the column heading sorts the table (see `sorted`). */
  header: ComponentChildren;
  /** The table is sorted by this column, in this direction: announced with `aria-sort`. */
  sorted?: 'ascending' | 'descending';
  cell: (row: R) => ComponentChildren;
  /** Figures align to the end of the cell (right in ltr, left in rtl) so digits line up. */
  numeric?: boolean;
  /** The column that names the row: rendered as `<th scope="row">`. At most one per table. */
  rowHeader?: boolean;
}

export type RowMark = 'best' | 'worst' | null;

export interface DataTableProps<R> {
  i18n: I18n;
  caption: string;
  /** When a heading right above already says the same, the caption is kept for assistive technology only. */
  hideCaption?: boolean;
  columns: DataColumn<R>[];
  rows: readonly R[];
  rowKey: (row: R, index: number) => string;
  /** Marks rows as best or worst; the mark is written out as text, never shown by colour alone. */
  mark?: (row: R, index: number) => RowMark;
  /** Where the same table can be downloaded as CSV. */
  csvHref?: string;
  /** Shown instead of an empty table. */
  emptyText?: string;
}

/**
 * A table of figures: a caption, header cells with scope, numeric columns aligned, optional
 * best/worst rows and a link to the same figures as CSV.
 */
export function DataTable<R>({ i18n, caption, hideCaption, columns, rows, rowKey, mark, csvHref, emptyText }: DataTableProps<R>) {
  const { t } = i18n;
  const download = csvHref ? (
    <p class="download">
      <a href={csvHref} download>
        {t('components.table.downloadCsv', { caption })}
      </a>
    </p>
  ) : null;
  if (rows.length === 0) {
    return (
      <div class="data-table">
        <p class="empty-state">
          <strong>{caption}</strong>
          <br />
          {emptyText ?? t('components.table.empty')}
        </p>
        {download}
      </div>
    );
  }
  return (
    <div class="data-table">
      <div class="table-wrap">
        <table>
          <caption class={hideCaption ? 'visually-hidden' : undefined}>{caption}</caption>
          <thead>
            <tr>
              {columns.map((c, i) => (
                <th key={i} scope="col" class={c.numeric ? 'num' : undefined} aria-sort={c.sorted}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, r) => {
              const m = mark?.(row, r) ?? null;
              return (
                <tr key={rowKey(row, r)} class={m ?? undefined}>
                  {columns.map((c, i) => {
                    const content = (
                      <>
                        {c.cell(row)}
                        {c.rowHeader && m ? <MarkTag i18n={i18n} mark={m} /> : null}
                      </>
                    );
                    return c.rowHeader ? (
                      <th key={i} scope="row" class={c.numeric ? 'num' : undefined}>
                        {content}
                      </th>
                    ) : (
                      <td key={i} class={c.numeric ? 'num' : undefined}>
                        {content}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {download}
    </div>
  );
}

function MarkTag({ i18n, mark }: { i18n: I18n; mark: 'best' | 'worst' }) {
  return (
    <>
      {' '}
      <span class={`tag tag-${mark}`}>{mark === 'best' ? i18n.t('components.table.best') : i18n.t('components.table.worst')}</span>
    </>
  );
}

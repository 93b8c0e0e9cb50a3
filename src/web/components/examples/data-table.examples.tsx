import type { VNode } from 'preact';
import type { I18n } from '../../i18n/translate.ts';
import { DataTable } from '../data-table.tsx';

interface Row {
  name: string;
  delivered: number;
  rate: number;
}

const rows = (t: I18n['t']): Row[] => [
  { name: t('components.example.agencyA'), delivered: 141, rate: 0.94 },
  { name: t('components.example.agencyB'), delivered: 113, rate: 0.8828 },
  { name: t('components.example.agencyC'), delivered: 4, rate: 0.0769 },
];

function table(i18n: I18n, withMarks: boolean, data: Row[]): VNode {
  const { t } = i18n;
  return (
    <DataTable
      i18n={i18n}
      caption={t('components.example.caption')}
      columns={[
        { header: t('components.example.agency'), rowHeader: true, cell: (r: Row) => r.name },
        { header: t('components.example.delivered'), numeric: true, cell: (r: Row) => i18n.n(r.delivered) },
        { header: t('components.example.rate'), numeric: true, cell: (r: Row) => i18n.pct(r.rate, 1) },
      ]}
      rows={data}
      rowKey={(r) => r.name}
      mark={withMarks ? (_r, i) => (i === 0 ? 'best' : i === data.length - 1 ? 'worst' : null) : undefined}
      csvHref="/api/v1/insights/tables/ranking_ministry"
    />
  );
}

export const examples: { name: string; render: (i18n: I18n) => VNode }[] = [
  { name: 'data table', render: (i18n) => table(i18n, false, rows(i18n.t)) },
  { name: 'data table with best and worst rows', render: (i18n) => table(i18n, true, rows(i18n.t)) },
  { name: 'data table, empty', render: (i18n) => table(i18n, false, []) },
];

import type { VNode } from 'preact';
import type { I18n } from '../../i18n/translate.ts';
import { Chart } from '../chart.tsx';

const years = [2021, 2022, 2023];
const yearLabel = (i18n: I18n, y: number) => new Intl.NumberFormat(i18n.locale === 'fa' ? 'fa-IR' : 'en-GB', { useGrouping: false }).format(y);

export const examples: { name: string; render: (i18n: I18n) => VNode }[] = [
  {
    name: 'bar and line chart with its table',
    render: (i18n) => (
      <Chart
        i18n={i18n}
        title={i18n.t('components.example.timeline')}
        categoryHeader={i18n.t('components.example.year')}
        categories={years.map((y) => yearLabel(i18n, y))}
        series={[
          { name: i18n.t('components.example.connected'), type: 'bar', values: [10, 119, 8] },
          { name: i18n.t('components.example.cumulative'), type: 'line', values: [10, 129, 137] },
        ]}
        csvHref="/api/v1/insights/tables/connection_timeline"
      />
    ),
  },
  {
    name: 'horizontal bar chart of shares',
    render: (i18n) => (
      <Chart
        i18n={i18n}
        title={i18n.t('components.example.caption')}
        categoryHeader={i18n.t('components.example.agency')}
        categories={[i18n.t('components.example.agencyA'), i18n.t('components.example.agencyB'), i18n.t('components.example.agencyC')]}
        series={[{ name: i18n.t('components.example.rate'), type: 'bar', values: [0.94, 0.8828, 0.0769] }]}
        format="share"
        orientation="horizontal"
        height={200}
      />
    ),
  },
];

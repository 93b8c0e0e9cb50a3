import type { ConnectionInsights, NotConnectedAgency } from '../../core/insights/index.ts';
import type { I18n } from '../../web/i18n/translate.ts';
import { Chart } from '../../web/components/chart.tsx';
import { DataTable } from '../../web/components/data-table.tsx';
import { SummaryCards } from '../../web/components/summary-cards.tsx';
import { agencyHref, agencyName, kindName, tableCsvHref, yearLabel } from './format.ts';

/** Eligible, connected and not connected agencies, and how connections grew year by year. */
export function ConnectionSection({ i18n, connection }: { i18n: I18n; connection: ConnectionInsights }) {
  const { t } = i18n;
  return (
    <section aria-labelledby="connection">
      <h2 id="connection">{t('dashboard.connection.title')}</h2>
      <SummaryCards
        cards={[
          { value: i18n.n(connection.eligible), label: t('dashboard.connection.eligible') },
          { value: i18n.n(connection.connected), label: t('dashboard.connection.connected'), hint: t('dashboard.connection.rate', { share: i18n.pct(connection.rate) }) },
          { value: i18n.n(connection.notConnected), label: t('dashboard.connection.notConnected') },
        ]}
      />
      <h3>{t('dashboard.connection.timeline')}</h3>
      <Chart
        i18n={i18n}
        title={t('dashboard.connection.timeline')}
        categoryHeader={t('dashboard.connection.year')}
        categories={connection.timeline.map((y) => yearLabel(i18n, y.year))}
        series={[
          { name: t('dashboard.connection.inYear'), type: 'bar', values: connection.timeline.map((y) => y.connectedInYear) },
          { name: t('dashboard.connection.cumulative'), type: 'line', values: connection.timeline.map((y) => y.cumulative) },
        ]}
        csvHref={tableCsvHref('connection_timeline')}
      />
      <h3>{t('dashboard.connection.notConnectedTitle')}</h3>
      <DataTable
        i18n={i18n}
        caption={t('dashboard.connection.notConnectedTitle')}
        hideCaption
        columns={[
          { header: t('dashboard.col.agency'), rowHeader: true, cell: (a: NotConnectedAgency) => <a href={agencyHref(a.code)}>{agencyName(i18n, a)}</a> },
          { header: t('dashboard.col.code'), cell: (a: NotConnectedAgency) => <span dir="ltr">{a.code}</span> },
          { header: t('dashboard.col.kind'), cell: (a: NotConnectedAgency) => kindName(i18n, a.kind) },
          { header: t('dashboard.connection.scheduledOn'), cell: (a: NotConnectedAgency) => (a.scheduledOn ? i18n.date(a.scheduledOn) : t('dashboard.connection.notScheduled')) },
        ]}
        rows={connection.notConnectedAgencies}
        rowKey={(a) => a.code}
        csvHref={tableCsvHref('not_connected')}
        emptyText={t('dashboard.connection.none')}
      />
    </section>
  );
}

import type { ConnectionYear, NotConnectedAgency } from '../../core/insights/index.ts';
import type { I18n } from '../../web/i18n/translate.ts';
import { Chart } from '../../web/components/chart.tsx';
import { DataTable } from '../../web/components/data-table.tsx';
import { agencyHref, agencyName, kindName, tableCsvHref, yearLabel } from './format.ts';

/**
 * How connections grew year by year: bars for the year, a line for the total. The years are
 * the reader's (see `timelineFor`); the CSV keeps the API's Gregorian years, and the note says so.
 */
export function ConnectionChart({ i18n, timeline, foldTable }: { i18n: I18n; timeline: readonly ConnectionYear[]; foldTable?: boolean }) {
  const { t } = i18n;
  return (
    <Chart
      i18n={i18n}
      title={t('dashboard.connection.timeline')}
      categoryHeader={t('dashboard.connection.year')}
      categories={timeline.map((y) => yearLabel(i18n, y.year))}
      series={[
        { name: t('dashboard.connection.inYear'), type: 'bar', values: timeline.map((y) => y.connectedInYear) },
        { name: t('dashboard.connection.cumulative'), type: 'line', values: timeline.map((y) => y.cumulative) },
      ]}
      note={t('dashboard.connection.yearsNote')}
      csvHref={tableCsvHref('connection_timeline')}
      height={230}
      {...(foldTable ? { foldTable } : {})}
    />
  );
}

/** The eligible agencies not connected yet, with any connection date already agreed. */
export function NotConnectedSection({ i18n, agencies }: { i18n: I18n; agencies: readonly NotConnectedAgency[] }) {
  const { t } = i18n;
  return (
    <section aria-labelledby="not-connected">
      <h2 id="not-connected">{t('dashboard.connection.notConnectedTitle')}</h2>
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
        rows={agencies}
        rowKey={(a) => a.code}
        csvHref={tableCsvHref('not_connected')}
        emptyText={t('dashboard.connection.none')}
      />
    </section>
  );
}

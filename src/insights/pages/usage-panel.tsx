import type { I18n } from '../../web/i18n/translate.ts';
import { Chart } from '../../web/components/chart.tsx';
import { DataTable } from '../../web/components/data-table.tsx';
import { SummaryCards } from '../../web/components/summary-cards.tsx';
import type { AgencyUsage, ExchangeUsageFigures, ServiceUsage } from '../../exchange/index.ts';
import { agencyHref, agencyName } from './format.ts';

/**
 * How much the window is used: API calls through the exchange, from its usage buckets
 * (`exchange/usage`). Null when there are none yet; the panel then says so rather than
 * showing zeros. User accounts and citizen profiles join these figures when they exist.
 */
export type UsageFigures = ExchangeUsageFigures;

const shortDates = {
  fa: new Intl.DateTimeFormat('fa-IR-u-ca-persian', { timeZone: 'UTC', month: 'long', day: 'numeric' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'short', day: 'numeric' }),
};

/** A calendar day as "7 Azar" / "28 Nov": the chart's 30 labels stay short. */
function shortDay(i18n: I18n, day: string): string {
  return shortDates[i18n.locale].format(new Date(`${day}T12:00:00Z`));
}

function AgencyCell({ i18n, a }: { i18n: I18n; a: AgencyUsage }) {
  if (a.agency) return <a href={agencyHref(a.agency.code)}>{agencyName(i18n, a.agency)}</a>;
  return a.member ? (
    <>
      {i18n.t('dashboard.usage.unknownMember')} <span dir="ltr">{a.member}</span>
    </>
  ) : (
    <>{i18n.t('dashboard.usage.unidentified')}</>
  );
}

export function ServiceCell({ i18n, s }: { i18n: I18n; s: ServiceUsage }) {
  const name = (i18n.locale === 'fa' ? s.nameFa : s.nameEn) ?? s.code;
  return s.catalog ? <a href={`/services/${encodeURIComponent(s.catalog.id)}`}>{name}</a> : <>{name}</>;
}

function AgencyTable({ i18n, caption, rows }: { i18n: I18n; caption: string; rows: readonly AgencyUsage[] }) {
  const { t } = i18n;
  return (
    <DataTable
      i18n={i18n}
      caption={caption}
      hideCaption
      columns={[
        { header: t('dashboard.col.agency'), rowHeader: true, cell: (a: AgencyUsage) => <AgencyCell i18n={i18n} a={a} /> },
        { header: t('dashboard.usage.calls'), numeric: true, cell: (a: AgencyUsage) => i18n.n(a.calls) },
        { header: t('dashboard.usage.errorRate'), numeric: true, cell: (a: AgencyUsage) => i18n.pct(a.errorRate, 2) },
      ]}
      rows={rows}
      rowKey={(a) => a.agency?.code ?? `member:${a.member}`}
    />
  );
}

/** Says there is no usage yet instead of showing zeros. */
export function NoUsage({ i18n }: { i18n: I18n }) {
  const { t } = i18n;
  return (
    <div class="empty-state">
      <p>
        <strong>{t('dashboard.usage.noData')}</strong>
      </p>
      <p>{t('dashboard.usage.noDataBody')}</p>
    </div>
  );
}

/**
 * Calls by day. A day that is not over yet (`today`) would be drawn as a sudden fall that looks
 * like an outage: it is left out of the picture, kept in the table as "so far", and the note says so.
 */
function CallsByDay({ i18n, usage, today }: { i18n: I18n; usage: UsageFigures; today: string }) {
  const { t } = i18n;
  const partial = usage.byDay.at(-1)?.day === today;
  const categories = usage.byDay.map((d) => (partial && d.day === today ? t('dashboard.usage.soFar', { day: shortDay(i18n, d.day) }) : shortDay(i18n, d.day)));
  return (
    <Chart
      i18n={i18n}
      title={t('dashboard.usage.byDay')}
      categoryHeader={t('dashboard.usage.day')}
      categories={categories}
      series={[{ name: t('dashboard.usage.calls'), type: 'bar', values: usage.byDay.map((d) => d.calls) }]}
      {...(partial ? { leaveOutLast: 1, note: t('dashboard.usage.partialNote', { day: shortDay(i18n, today) }) } : {})}
    />
  );
}

/** The usage page: every usage figure of the last 30 days. */
export function UsagePanel({ i18n, usage, today }: { i18n: I18n; usage: UsageFigures | null; today: string }) {
  const { t } = i18n;
  return (
    <>
      {usage === null ? (
        <NoUsage i18n={i18n} />
      ) : (
        <>
          <p>{t('dashboard.usage.period', { from: i18n.date(usage.from), to: i18n.date(usage.to) })}</p>
          <SummaryCards
            cards={[
              { value: i18n.n(usage.totals.calls), label: t('dashboard.usage.apiCalls') },
              { value: i18n.pct(usage.totals.errorRate, 2), label: t('dashboard.usage.errorRate'), hint: t('dashboard.usage.errorRateHint') },
              {
                value: usage.totals.latencyMeanMs === null ? '—' : t('dashboard.usage.ms', { value: i18n.n(Math.round(usage.totals.latencyMeanMs)) }),
                label: t('dashboard.usage.latency'),
              },
            ]}
          />
          <h2>{t('dashboard.usage.byDay')}</h2>
          <CallsByDay i18n={i18n} usage={usage} today={today} />
          <h2>{t('dashboard.usage.topServices')}</h2>
          <DataTable
            i18n={i18n}
            caption={t('dashboard.usage.topServices')}
            hideCaption
            columns={[
              { header: t('dashboard.usage.service'), rowHeader: true, cell: (s: ServiceUsage) => <ServiceCell i18n={i18n} s={s} /> },
              { header: t('dashboard.usage.provider'), cell: (s: ServiceUsage) => (s.provider ? agencyName(i18n, s.provider) : t('dashboard.usage.unidentified')) },
              { header: t('dashboard.usage.calls'), numeric: true, cell: (s: ServiceUsage) => i18n.n(s.calls) },
              { header: t('dashboard.usage.errorRate'), numeric: true, cell: (s: ServiceUsage) => i18n.pct(s.errorRate, 2) },
            ]}
            rows={usage.topServices}
            rowKey={(s) => s.key}
          />
          <h2>{t('dashboard.usage.byProvider')}</h2>
          <AgencyTable i18n={i18n} caption={t('dashboard.usage.byProvider')} rows={usage.byProvider} />
          <h2>{t('dashboard.usage.byConsumer')}</h2>
          <AgencyTable i18n={i18n} caption={t('dashboard.usage.byConsumer')} rows={usage.byConsumer} />
        </>
      )}
    </>
  );
}

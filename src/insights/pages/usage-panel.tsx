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

function ServiceCell({ i18n, s }: { i18n: I18n; s: ServiceUsage }) {
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

export function UsagePanel({ i18n, usage }: { i18n: I18n; usage: UsageFigures | null }) {
  const { t } = i18n;
  return (
    <section aria-labelledby="usage">
      <h2 id="usage">{t('dashboard.usage.title')}</h2>
      {usage === null ? (
        <div class="empty-state">
          <p>
            <strong>{t('dashboard.usage.noData')}</strong>
          </p>
          <p>{t('dashboard.usage.noDataBody')}</p>
        </div>
      ) : (
        <>
          <p>{t('dashboard.usage.period', { from: i18n.date(usage.from), to: i18n.date(usage.to) })}</p>
          {usage.demo ? (
            <p class="notice demo-note">
              <strong>{t('dashboard.demoLabel')}</strong> {t('dashboard.usage.demoNote')}
            </p>
          ) : null}
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
          <h3>{t('dashboard.usage.byDay')}</h3>
          <Chart
            i18n={i18n}
            title={t('dashboard.usage.byDay')}
            categoryHeader={t('dashboard.usage.day')}
            categories={usage.byDay.map((d) => shortDay(i18n, d.day))}
            series={[{ name: t('dashboard.usage.calls'), type: 'bar', values: usage.byDay.map((d) => d.calls) }]}
          />
          <h3>{t('dashboard.usage.topServices')}</h3>
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
          <h3>{t('dashboard.usage.byProvider')}</h3>
          <AgencyTable i18n={i18n} caption={t('dashboard.usage.byProvider')} rows={usage.byProvider} />
          <h3>{t('dashboard.usage.byConsumer')}</h3>
          <AgencyTable i18n={i18n} caption={t('dashboard.usage.byConsumer')} rows={usage.byConsumer} />
        </>
      )}
    </section>
  );
}

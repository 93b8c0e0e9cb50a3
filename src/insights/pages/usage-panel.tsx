import type { I18n } from '../../web/i18n/translate.ts';
import { DataTable } from '../../web/components/data-table.tsx';
import { SummaryCards } from '../../web/components/summary-cards.tsx';

/**
 * How much the window is used. Accounts and the exchange do not exist yet, so today the page
 * gets `null`; whoever builds them supplies these figures and the panel shows them as they are.
 */
export interface UsageFigures {
  /** The last day the figures cover, YYYY-MM-DD. */
  asOf: string;
  registeredUsers: number;
  profiles: number;
  apiCalls: number;
  topServices: readonly { id: string; nameFa: string; nameEn: string; uses: number }[];
  /** Where the top-services table can be downloaded as CSV, once there is such a table. */
  topServicesCsvHref?: string;
}

type TopService = UsageFigures['topServices'][number];

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
          <p>{t('dashboard.usage.asOf', { date: i18n.date(usage.asOf) })}</p>
          <SummaryCards
            cards={[
              { value: i18n.n(usage.registeredUsers), label: t('dashboard.usage.users') },
              { value: i18n.n(usage.profiles), label: t('dashboard.usage.profiles') },
              { value: i18n.n(usage.apiCalls), label: t('dashboard.usage.apiCalls') },
            ]}
          />
          <DataTable
            i18n={i18n}
            caption={t('dashboard.usage.topServices')}
            columns={[
              { header: t('dashboard.usage.service'), rowHeader: true, cell: (s: TopService) => <a href={`/services/${encodeURIComponent(s.id)}`}>{i18n.locale === 'fa' ? s.nameFa : s.nameEn}</a> },
              { header: t('dashboard.usage.uses'), numeric: true, cell: (s: TopService) => i18n.n(s.uses) },
            ]}
            rows={usage.topServices}
            rowKey={(s) => s.id}
            {...(usage.topServicesCsvHref ? { csvHref: usage.topServicesCsvHref } : {})}
          />
        </>
      )}
    </section>
  );
}

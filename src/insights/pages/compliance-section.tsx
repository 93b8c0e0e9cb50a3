import type { LaggingAgency, TargetCompliance, TargetProgress } from '../../core/insights/index.ts';
import type { I18n } from '../../web/i18n/translate.ts';
import { DataTable } from '../../web/components/data-table.tsx';
import { agencyHref, agencyName, kindName, tableCsvHref, targetLabel } from './format.ts';

/**
 * The follow-up list: for each target, the agencies below it, furthest behind first. Each list
 * is folded (no script needed) because together they can run to hundreds of rows.
 */
export function ComplianceSection({ i18n, compliance, targets }: { i18n: I18n; compliance: readonly TargetCompliance[]; targets: readonly TargetProgress[] }) {
  const { t } = i18n;
  return (
    <section aria-labelledby="compliance">
      <h2 id="compliance">{t('dashboard.compliance.title')}</h2>
      <p>{t('dashboard.compliance.intro')}</p>
      {/* One file holds every target's list, so it is offered once rather than under each table. */}
      <p class="download">
        <a href={tableCsvHref('compliance')} download>
          {t('dashboard.compliance.download')}
        </a>
      </p>
      {compliance.map((c) => {
        const target = targets.find((g) => g.id === c.targetId);
        const label = target ? targetLabel(i18n, target) : c.targetId;
        return (
          <details key={c.targetId} class="compliance">
            <summary>{t('dashboard.compliance.summary', { target: label, count: i18n.n(c.lagging.length) })}</summary>
            <DataTable
              i18n={i18n}
              caption={t('dashboard.compliance.caption', { target: label })}
              columns={[
                { header: t('dashboard.col.agency'), rowHeader: true, cell: (a: LaggingAgency) => <a href={agencyHref(a.code)}>{agencyName(i18n, a)}</a> },
                { header: t('dashboard.col.kind'), cell: (a: LaggingAgency) => kindName(i18n, a.kind) },
                { header: t('dashboard.col.meeting'), numeric: true, cell: (a: LaggingAgency) => i18n.n(a.servicesMeeting) },
                { header: t('dashboard.col.identified'), numeric: true, cell: (a: LaggingAgency) => i18n.n(a.identified) },
                { header: t('dashboard.col.share'), numeric: true, cell: (a: LaggingAgency) => i18n.pct(a.share, 1) },
                { header: t('dashboard.col.gap'), numeric: true, cell: (a: LaggingAgency) => i18n.n(a.gapServices) },
              ]}
              rows={c.lagging}
              rowKey={(a) => a.code}
              emptyText={t('dashboard.compliance.none')}
            />
            {c.withoutServices.length ? <p>{t('dashboard.compliance.withoutServices', { codes: c.withoutServices.join(i18n.locale === 'fa' ? '، ' : ', ') })}</p> : null}
          </details>
        );
      })}
    </section>
  );
}

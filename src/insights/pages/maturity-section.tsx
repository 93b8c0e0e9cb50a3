import type { MaturityInsights, MaturityLevelCount, TargetProgress } from '../../core/insights/index.ts';
import type { I18n } from '../../web/i18n/translate.ts';
import { Chart } from '../../web/components/chart.tsx';
import { DataTable } from '../../web/components/data-table.tsx';
import { levelLabel, tableCsvHref, targetLabel } from './format.ts';

/** The overview's short form of the targets: how far each has come, and its status. */
export function TargetsSummary({ i18n, targets }: { i18n: I18n; targets: readonly TargetProgress[] }) {
  const { t } = i18n;
  if (targets.length === 0) return <p class="empty-state">{t('dashboard.targets.none')}</p>;
  return (
    <DataTable
      i18n={i18n}
      caption={t('dashboard.targets.caption')}
      hideCaption
      columns={[
        { header: t('dashboard.col.target'), rowHeader: true, cell: (g: TargetProgress) => targetLabel(i18n, g) },
        { header: t('dashboard.col.achieved'), numeric: true, cell: (g: TargetProgress) => i18n.pct(g.achievedShare, 1) },
        { header: t('dashboard.col.progress'), numeric: true, cell: (g: TargetProgress) => i18n.pct(g.progress) },
        {
          header: t('dashboard.col.status'),
          cell: (g: TargetProgress) => (
            <>
              <StatusTag i18n={i18n} status={g.status} /> {timeLeft(i18n, g)}
            </>
          ),
        },
      ]}
      rows={targets}
      rowKey={(g) => g.id}
    />
  );
}

/** How mature the active services are, and how far each announced target is from being met. */
export function MaturitySection({ i18n, maturity }: { i18n: I18n; maturity: MaturityInsights }) {
  const { t } = i18n;
  return (
    <>
      <section aria-labelledby="maturity">
        <h2 id="maturity">{t('dashboard.maturity.distribution')}</h2>
        <MaturityChart i18n={i18n} distribution={maturity.distribution} title={t('dashboard.maturity.distribution')} csvHref={tableCsvHref('maturity_distribution')} />
      </section>
      <section aria-labelledby="targets">
        <h2 id="targets">{t('dashboard.targets.title')}</h2>
        {maturity.targets.length === 0 ? (
          <p class="empty-state">{t('dashboard.targets.none')}</p>
        ) : (
          <>
            <Chart
              i18n={i18n}
              title={t('dashboard.targets.chart')}
              categoryHeader={t('dashboard.col.target')}
              categories={maturity.targets.map((g) => targetLabel(i18n, g))}
              series={[
                { name: t('dashboard.col.achieved'), type: 'bar', values: maturity.targets.map((g) => g.achievedShare ?? 0) },
                { name: t('dashboard.col.targetShare'), type: 'bar', values: maturity.targets.map((g) => g.targetShare) },
              ]}
              format="share"
              orientation="horizontal"
              height={90 + 70 * maturity.targets.length}
            />
            <TargetsTable i18n={i18n} targets={maturity.targets} />
          </>
        )}
      </section>
    </>
  );
}

/** Services per maturity level as a chart and its table; the agency page shows one too. */
export function MaturityChart({ i18n, distribution, title, csvHref }: { i18n: I18n; distribution: readonly MaturityLevelCount[]; title: string; csvHref?: string }) {
  const { t } = i18n;
  return (
    <Chart
      i18n={i18n}
      title={title}
      categoryHeader={t('dashboard.col.level')}
      categories={distribution.map((d) => levelLabel(i18n, d.level))}
      series={[{ name: t('dashboard.col.services'), type: 'bar', values: distribution.map((d) => d.services) }]}
      orientation="horizontal"
      height={300}
      {...(csvHref ? { csvHref } : {})}
    />
  );
}

function TargetsTable({ i18n, targets }: { i18n: I18n; targets: readonly TargetProgress[] }) {
  const { t } = i18n;
  return (
    <DataTable
      i18n={i18n}
      caption={t('dashboard.targets.caption')}
      columns={[
        { header: t('dashboard.col.target'), rowHeader: true, cell: (g: TargetProgress) => targetLabel(i18n, g) },
        { header: t('dashboard.col.deadline'), cell: (g: TargetProgress) => (g.by ? i18n.date(g.by) : t('dashboard.targets.noDeadline')) },
        { header: t('dashboard.col.targetShare'), numeric: true, cell: (g: TargetProgress) => i18n.pct(g.targetShare) },
        { header: t('dashboard.col.achieved'), numeric: true, cell: (g: TargetProgress) => i18n.pct(g.achievedShare, 1) },
        { header: t('dashboard.col.progress'), numeric: true, cell: (g: TargetProgress) => i18n.pct(g.progress) },
        { header: t('dashboard.col.gap'), numeric: true, cell: (g: TargetProgress) => i18n.n(g.gapServices) },
        { header: t('dashboard.col.time'), cell: (g: TargetProgress) => timeLeft(i18n, g) },
        { header: t('dashboard.col.status'), cell: (g: TargetProgress) => <StatusTag i18n={i18n} status={g.status} /> },
      ]}
      rows={targets}
      rowKey={(g) => g.id}
      csvHref={tableCsvHref('targets')}
    />
  );
}

/** A target met after its deadline is not "overdue": it only says how long ago the deadline was. */
export function timeLeft(i18n: I18n, g: Pick<TargetProgress, 'daysLeft' | 'met'>): string {
  const { t } = i18n;
  if (g.daysLeft === null) return t('dashboard.targets.noDeadline');
  if (g.daysLeft === 0) return t('dashboard.targets.dueToday');
  if (g.daysLeft > 0) return t('dashboard.targets.daysLeft', { days: i18n.n(g.daysLeft) });
  return g.met ? t('dashboard.targets.deadlinePassed', { days: i18n.n(-g.daysLeft) }) : t('dashboard.targets.overdue', { days: i18n.n(-g.daysLeft) });
}

function StatusTag({ i18n, status }: { i18n: I18n; status: TargetProgress['status'] }) {
  const { t } = i18n;
  const text = status === 'met' ? t('dashboard.targets.status.met') : status === 'overdue' ? t('dashboard.targets.status.overdue') : t('dashboard.targets.status.open');
  return <span class={`tag tag-target-${status}`}>{text}</span>;
}

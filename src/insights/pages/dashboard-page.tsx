import type { AgencyFigures } from '../../core/insights/index.ts';
import type { PageContext } from '../../web/context.ts';
import type { I18n } from '../../web/i18n/translate.ts';
import { compactNumber } from '../../web/i18n/compact.ts';
import { SummaryCards, type SummaryCard } from '../../web/components/summary-cards.tsx';
import type { InsightsReport } from '../reports.ts';
import { ConnectionChart } from './connection-section.tsx';
import { timelineFor } from './connection-timeline.ts';
import { DashboardShell } from './dashboard-shell.tsx';
import { LeagueExtremes } from './league-extremes.tsx';
import { TargetsSummary } from './maturity-section.tsx';
import { NoUsage, type UsageFigures } from './usage-panel.tsx';

export interface DashboardPageProps {
  ctx: PageContext;
  report: InsightsReport;
  /** Every agency's figures, for the Persian pages' Solar Hijri connection years. */
  figures: ReadonlyMap<string, AgencyFigures>;
  usage: UsageFigures | null;
}

/**
 * The overview an operator reads in a minute: the headline figures, how connections grew, the
 * best and worst agencies of each kind, each target's progress and the usage. Every long
 * table is on a page of its own, linked from here.
 */
export function DashboardPage({ ctx, report, figures, usage }: DashboardPageProps) {
  const { i18n } = ctx;
  const { t } = i18n;
  return (
    <DashboardShell ctx={ctx} report={report} page="overview">
      <HeadlineCards i18n={i18n} report={report} usage={usage} />
      <p class="meta">{t('dashboard.overview.noTrend')}</p>
      <section aria-labelledby="connection">
        <h2 id="connection">{t('dashboard.connection.title')}</h2>
        {/* No chart of nothing: with no agency connected the card above says it all. */}
        {report.connection.connected > 0 ? <ConnectionChart i18n={i18n} timeline={timelineFor(i18n.locale, report, figures)} foldTable /> : null}
        {report.connection.notConnected > 0 ? (
          <p class="more">
            <a href="/dashboard/compliance#not-connected">{t('dashboard.overview.notConnectedLink', { count: i18n.n(report.connection.notConnected) })}</a>
          </p>
        ) : null}
      </section>
      <section aria-labelledby="leagues">
        <h2 id="leagues">{t('dashboard.overview.leagues')}</h2>
        <LeagueExtremes i18n={i18n} rankings={report.rankings} />
        <p class="more">
          <a href="/dashboard/rankings">{t('dashboard.overview.allRankings')}</a>
        </p>
      </section>
      <section aria-labelledby="targets">
        <h2 id="targets">{t('dashboard.targets.title')}</h2>
        <TargetsSummary i18n={i18n} targets={report.maturity.targets} />
        <p class="more">
          <a href="/dashboard/targets">{t('dashboard.overview.allTargets')}</a>
        </p>
      </section>
      <section aria-labelledby="usage">
        <h2 id="usage">{t('dashboard.usage.title')}</h2>
        {usage === null ? <NoUsage i18n={i18n} /> : <TopServices i18n={i18n} usage={usage} />}
        <p class="more">
          <a href="/dashboard/usage">{t('dashboard.overview.allUsage')}</a>
        </p>
      </section>
    </DashboardShell>
  );
}

function HeadlineCards({ i18n, report, usage }: { i18n: I18n; report: InsightsReport; usage: UsageFigures | null }) {
  const { t } = i18n;
  const { connection, completion, maturity } = report;
  const cards: SummaryCard[] = [
    {
      value: i18n.n(connection.connected),
      label: t('dashboard.connection.connected'),
      hint: t('dashboard.overview.connectedHint', { eligible: i18n.n(connection.eligible), share: i18n.pct(connection.rate) }),
    },
    {
      value: i18n.pct(completion.coverage),
      label: t('dashboard.overview.delivered'),
      hint: t('dashboard.overview.deliveredHint', { delivered: i18n.n(completion.delivered), identified: i18n.n(completion.identified) }),
    },
  ];
  if (maturity.targets.length) {
    cards.push({
      value: t('dashboard.overview.targetsMet', { met: i18n.n(maturity.targets.filter((g) => g.met).length), total: i18n.n(maturity.targets.length) }),
      label: t('dashboard.overview.targetsMetLabel'),
    });
  }
  if (usage) {
    cards.push({
      value: compactNumber(i18n.locale, usage.totals.calls),
      label: t('dashboard.overview.calls'),
      hint: t('dashboard.overview.callsHint', { calls: i18n.n(usage.totals.calls), from: i18n.date(usage.from), to: i18n.date(usage.to) }),
    });
  }
  return <SummaryCards cards={cards} />;
}

function TopServices({ i18n, usage }: { i18n: I18n; usage: UsageFigures }) {
  const names = usage.topServices.slice(0, 3).map((s) => (i18n.locale === 'fa' ? s.nameFa : s.nameEn) ?? s.code);
  if (names.length === 0) return <NoUsage i18n={i18n} />;
  return <p>{i18n.t('dashboard.overview.topServices', { services: names.join(i18n.locale === 'fa' ? '، ' : ', ') })}</p>;
}

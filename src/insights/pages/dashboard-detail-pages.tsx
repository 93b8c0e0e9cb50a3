import type { PageContext } from '../../web/context.ts';
import type { InsightsReport } from '../reports.ts';
import { RankingsSection } from './completion-section.tsx';
import { ComplianceSection } from './compliance-section.tsx';
import { NotConnectedSection } from './connection-section.tsx';
import { DashboardShell } from './dashboard-shell.tsx';
import { MaturitySection } from './maturity-section.tsx';
import type { RankingsState } from './rankings-query.ts';
import { UsagePanel, type UsageFigures } from './usage-panel.tsx';

/** The dashboard's long tables, each on its own page (the overview links to them). */
export function RankingsPage({ ctx, report, state }: { ctx: PageContext; report: InsightsReport; state: RankingsState }) {
  return (
    <DashboardShell ctx={ctx} report={report} page="rankings">
      <RankingsSection i18n={ctx.i18n} rankings={report.rankings} state={state} />
    </DashboardShell>
  );
}

export function TargetsPage({ ctx, report }: { ctx: PageContext; report: InsightsReport }) {
  return (
    <DashboardShell ctx={ctx} report={report} page="targets">
      <MaturitySection i18n={ctx.i18n} maturity={report.maturity} />
    </DashboardShell>
  );
}

export function CompliancePage({ ctx, report }: { ctx: PageContext; report: InsightsReport }) {
  return (
    <DashboardShell ctx={ctx} report={report} page="compliance">
      <p>{ctx.i18n.t('dashboard.followUp.intro')}</p>
      <NotConnectedSection i18n={ctx.i18n} agencies={report.connection.notConnectedAgencies} />
      <ComplianceSection i18n={ctx.i18n} compliance={report.compliance} targets={report.maturity.targets} />
    </DashboardShell>
  );
}

/** Usage figures are labelled as demo data when the usage buckets are, whatever the registry holds. */
export function UsagePage({ ctx, report, usage }: { ctx: PageContext; report: InsightsReport; usage: UsageFigures | null }) {
  return (
    <DashboardShell ctx={ctx} report={report} page="usage" demoNote={usage?.demo ? ctx.i18n.t('dashboard.usage.demoNote') : null}>
      <UsagePanel i18n={ctx.i18n} usage={usage} today={report.today} />
    </DashboardShell>
  );
}

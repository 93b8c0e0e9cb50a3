import type { ComponentChildren } from 'preact';
import type { PageContext } from '../../web/context.ts';
import type { MessageKey } from '../../web/i18n/translate.ts';
import { Layout } from '../../web/components/layout.tsx';
import type { InsightsReport } from '../reports.ts';

/** The dashboard's pages: the overview, then one page for each long list it summarises. */
export const dashboardPages = [
  { id: 'overview', href: '/dashboard', key: 'dashboard.nav.overview' },
  { id: 'rankings', href: '/dashboard/rankings', key: 'dashboard.nav.rankings' },
  { id: 'targets', href: '/dashboard/targets', key: 'dashboard.nav.targets' },
  { id: 'compliance', href: '/dashboard/compliance', key: 'dashboard.nav.compliance' },
  { id: 'usage', href: '/dashboard/usage', key: 'dashboard.nav.usage' },
] as const satisfies readonly { id: string; href: string; key: MessageKey }[];

export type DashboardPageId = (typeof dashboardPages)[number]['id'];

export interface DashboardShellProps {
  ctx: PageContext;
  report: InsightsReport;
  page: DashboardPageId;
  /** Says whether the figures on the page are synthetic: the registry's, or the usage buckets'. */
  demoNote?: string | null;
  children: ComponentChildren;
}

/** What every dashboard page starts with: its title, the date of the figures, the demo notice and the pages' navigation. */
export function DashboardShell({ ctx, report, page, demoNote, children }: DashboardShellProps) {
  const { i18n } = ctx;
  const { t } = i18n;
  const current = dashboardPages.find((p) => p.id === page)!;
  const heading = page === 'overview' ? t('dashboard.title') : t(current.key);
  const note = demoNote === undefined ? (report.demo ? t('dashboard.demoNote') : null) : demoNote;
  return (
    <Layout i18n={i18n} title={page === 'overview' ? heading : t('dashboard.pageTitle', { page: heading })} url={ctx.url} demo={ctx.demo} staffName={ctx.staffName}>
      <nav aria-label={t('dashboard.nav.label')} class="subnav">
        <ul>
          {dashboardPages.map((p) => (
            <li key={p.id}>
              <a href={p.href} aria-current={p.id === page ? 'page' : undefined}>
                {t(p.key)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <h1>{heading}</h1>
      {/* The overview keeps to three screens: its date shares the introduction's paragraph. */}
      {page === 'overview' ? (
        <p>
          {t('dashboard.intro')} {t('dashboard.asOf', { date: i18n.date(report.generatedAt) })}
        </p>
      ) : (
        <p class="meta">{t('dashboard.asOf', { date: i18n.date(report.generatedAt) })}</p>
      )}
      {note ? (
        <p class="notice demo-note">
          <strong>{t('dashboard.demoLabel')}</strong> {note}
        </p>
      ) : null}
      {children}
    </Layout>
  );
}

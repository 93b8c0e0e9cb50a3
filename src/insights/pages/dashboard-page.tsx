import type { PageContext } from '../../web/context.ts';
import { Layout } from '../../web/components/layout.tsx';
import type { InsightsReport } from '../reports.ts';
import { ConnectionSection } from './connection-section.tsx';
import { CompletionSection } from './completion-section.tsx';
import { MaturitySection } from './maturity-section.tsx';
import { ComplianceSection } from './compliance-section.tsx';
import { UsagePanel, type UsageFigures } from './usage-panel.tsx';
import type { MessageKey } from '../../web/i18n/translate.ts';

export interface DashboardPageProps {
  ctx: PageContext;
  report: InsightsReport;
  usage: UsageFigures | null;
}

const contents: { id: string; key: MessageKey }[] = [
  { id: 'connection', key: 'dashboard.connection.title' },
  { id: 'completion', key: 'dashboard.completion.title' },
  { id: 'rankings', key: 'dashboard.rankings.title' },
  { id: 'maturity', key: 'dashboard.maturity.title' },
  { id: 'compliance', key: 'dashboard.compliance.title' },
  { id: 'usage', key: 'dashboard.usage.title' },
];

/** The national figures as the conference presented them, computed from the registry. */
export function DashboardPage({ ctx, report, usage }: DashboardPageProps) {
  const { i18n } = ctx;
  const { t } = i18n;
  return (
    <Layout i18n={i18n} title={t('dashboard.title')} url={ctx.url} demo={ctx.demo} staffName={ctx.staffName}>
      <h1>{t('dashboard.title')}</h1>
      <p>{t('dashboard.intro')}</p>
      <p class="meta">{t('dashboard.asOf', { date: i18n.date(report.generatedAt) })}</p>
      {report.demo ? (
        <p class="notice demo-note">
          <strong>{t('dashboard.demoLabel')}</strong> {t('dashboard.demoNote')}
        </p>
      ) : null}
      <nav aria-labelledby="contents" class="contents">
        <h2 id="contents">{t('dashboard.contents')}</h2>
        <ul>
          {contents.map((c) => (
            <li key={c.id}>
              <a href={`#${c.id}`}>{t(c.key)}</a>
            </li>
          ))}
        </ul>
      </nav>
      <ConnectionSection i18n={i18n} connection={report.connection} />
      <CompletionSection i18n={i18n} completion={report.completion} rankings={report.rankings} />
      <MaturitySection i18n={i18n} maturity={report.maturity} />
      <ComplianceSection i18n={i18n} compliance={report.compliance} targets={report.maturity.targets} />
      <UsagePanel i18n={i18n} usage={usage} />
    </Layout>
  );
}

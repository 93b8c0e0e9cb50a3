import type { PageContext } from '../../web/context.ts';
import { Layout } from '../../web/components/layout.tsx';

/** A mistyped or stale agency link: say so, and point to where agencies are listed. */
export function AgencyNotFoundPage({ ctx, code }: { ctx: PageContext; code: string }) {
  const { t } = ctx.i18n;
  return (
    <Layout i18n={ctx.i18n} title={t('agency.notFound.title')} url={ctx.url} demo={ctx.demo} staffName={ctx.staffName}>
      <h1>{t('agency.notFound.title')}</h1>
      <p>{t('agency.notFound.body', { code: code.length > 40 ? `${code.slice(0, 40)}…` : code })}</p>
      <ul>
        <li>
          <a href="/dashboard/rankings">{t('agency.notFound.dashboard')}</a>
        </li>
        <li>
          <a href="/services">{t('agency.notFound.search')}</a>
        </li>
      </ul>
    </Layout>
  );
}

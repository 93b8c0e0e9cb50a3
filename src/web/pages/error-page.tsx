import { Layout } from '../components/layout.tsx';
import type { PageContext } from '../context.ts';
import type { MessageKey } from '../i18n/translate.ts';

export interface ErrorPageProps {
  ctx: PageContext;
  status: number;
  /** The stable error code, shown so a person can quote it to the help desk. */
  code: string;
  requestId: string;
}

const titleKeys: Record<number, MessageKey> = {
  400: 'error.400.title',
  401: 'error.401.title',
  403: 'error.403.title',
  404: 'error.404.title',
  413: 'error.400.title',
  422: 'error.400.title',
  429: 'error.429.title',
};

export function ErrorPage({ ctx, status, code, requestId }: ErrorPageProps) {
  const { t } = ctx.i18n;
  const title = t(titleKeys[status] ?? 'error.500.title');
  return (
    <Layout i18n={ctx.i18n} title={title} url={ctx.url} demo={ctx.demo} staffName={ctx.staffName}>
      <h1>{title}</h1>
      <p>{status === 404 ? t('error.404.body') : status >= 500 ? t('error.500.body') : t('error.400.body')}</p>
      <ul class="error-help">
        <li>
          <a href="/services">{t('error.help.search')}</a>
        </li>
        <li>
          <a href="/">{t('error.help.home')}</a>
        </li>
      </ul>
      <p class="error-reference">{t('error.reference', { code, requestId })}</p>
    </Layout>
  );
}

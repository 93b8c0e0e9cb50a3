import { Layout } from '../../web/components/layout.tsx';
import { SearchBox } from '../../web/components/search-box.tsx';
import type { PageContext } from '../../web/context.ts';

export interface ServiceNotFoundProps {
  ctx: PageContext;
  /** What was asked for, shown back (escaped) so the reader can spot the mistake. */
  asked: string;
  /** Why: the identifier cannot be one, its check digits are wrong, or no service has it. */
  reason: 'format' | 'check_digits' | 'unknown';
  /** A well-formed identifier of this country, to show the shape. */
  example: string;
}

/** A 404 that helps: what an identifier looks like, what went wrong, and a way to search instead. */
export function ServiceNotFoundPage({ ctx, asked, reason, example }: ServiceNotFoundProps) {
  const { i18n } = ctx;
  const { t } = i18n;
  const shown = asked.length > 60 ? `${asked.slice(0, 60)}…` : asked;
  return (
    <Layout i18n={i18n} title={t('service.notFound.title')} url={ctx.url} demo={ctx.demo} staffName={ctx.staffName}>
      <h1>{t('service.notFound.title')}</h1>
      <p>
        {reason === 'unknown'
          ? t('service.notFound.unknown', { id: shown })
          : reason === 'check_digits'
            ? t('service.notFound.checkDigits', { id: shown })
            : t('service.notFound.format', { id: shown })}
      </p>
      <h2>{t('service.notFound.formatHeading')}</h2>
      <p>{t('service.notFound.formatExplained', { example })}</p>
      <p>{t('service.notFound.lenient')}</p>
      <h2>{t('service.notFound.searchHeading')}</h2>
      <SearchBox i18n={i18n} />
      <p>
        <a href="/services">{t('service.notFound.browse')}</a>
      </p>
    </Layout>
  );
}

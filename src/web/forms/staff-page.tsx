import type { ComponentChildren } from 'preact';
import { Layout } from '../components/layout.tsx';
import type { PageContext } from '../context.ts';
export { csrfField, CsrfInput } from '../components/csrf-input.tsx';

/** A short page that explains a refusal in plain words and says where to go instead. */
export function MessagePage({ ctx, title, children }: { ctx: PageContext; title: string; children: ComponentChildren }) {
  return (
    <Layout i18n={ctx.i18n} title={title} url={ctx.url} demo={ctx.demo} staffName={ctx.staffName}>
      <h1>{title}</h1>
      {children}
      <p>
        <a href="/staff">{ctx.i18n.t('staff.backToStaff')}</a>
      </p>
    </Layout>
  );
}

/** A form post that did not carry this session's token, or came from another site. */
export function ForgedPage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx.i18n;
  return (
    <MessagePage ctx={ctx} title={t('staff.forged.title')}>
      <p>{t('staff.forged.body')}</p>
    </MessagePage>
  );
}

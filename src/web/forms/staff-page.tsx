import type { ComponentChildren } from 'preact';
import { Layout } from '../components/layout.tsx';
import type { PageContext } from '../context.ts';
import type { I18n } from '../i18n/translate.ts';

/** The form field name of the synchronizer token in every staff form. */
export const csrfField = '_csrf';

export function CsrfInput({ token }: { token: string }) {
  return <input type="hidden" name={csrfField} value={token} />;
}

export function SignOutForm({ i18n, csrfToken }: { i18n: I18n; csrfToken: string | undefined }) {
  if (!csrfToken) return null;
  return (
    <form method="post" action="/staff/logout" class="staff-signout">
      <CsrfInput token={csrfToken} />
      <button type="submit" class="button-secondary">
        {i18n.t('staff.signOut')}
      </button>
    </form>
  );
}

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

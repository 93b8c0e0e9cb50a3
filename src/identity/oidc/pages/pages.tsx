import { renderToString } from 'preact-render-to-string';
import type { VNode } from 'preact';
import { Layout } from '../../../web/components/layout.tsx';
import type { I18n } from '../../../web/i18n/translate.ts';
import { csrfField } from '../../../web/forms/index.ts';
import './messages.ts';

/** The provider's pages: plain forms through the web kit, no script, in fa and en. */
export const renderHtml = (page: VNode) => `<!doctype html>${renderToString(page)}`;

const scopeKeys = {
  openid: 'oidc.consent.scope.openid',
  profile: 'oidc.consent.scope.profile',
  phone: 'oidc.consent.scope.phone',
  national_code: 'oidc.consent.scope.national_code',
  offline_access: 'oidc.consent.scope.offline_access',
} as const;

export function ConsentPage(props: { i18n: I18n; url: string; uid: string; clientName: string; agency: string; scopes: string[]; csrfToken: string }) {
  const { t } = props.i18n;
  const title = t('oidc.consent.title', { client: props.clientName });
  const known = props.scopes.filter((s): s is keyof typeof scopeKeys => s in scopeKeys);
  return (
    <Layout i18n={props.i18n} title={title} url={props.url}>
      <h1>{title}</h1>
      <p>{t('oidc.consent.intro', { client: props.clientName, agency: props.agency })}</p>
      <ul>
        {known.map((s) => (
          <li key={s}>{t(scopeKeys[s])}</li>
        ))}
      </ul>
      <p>{t('oidc.consent.note')}</p>
      <form method="post" action={`/oidc/interaction/${props.uid}/consent`}>
        <input type="hidden" name={csrfField} value={props.csrfToken} />
        <button type="submit" name="decision" value="allow">
          {t('oidc.consent.allow')}
        </button>{' '}
        <button type="submit" name="decision" value="deny" class="button-secondary">
          {t('oidc.consent.deny')}
        </button>
      </form>
    </Layout>
  );
}

export function OidcErrorPage(props: { i18n: I18n; url: string; code: string; requestId: string }) {
  const { t } = props.i18n;
  const title = t('oidc.error.title');
  return (
    <Layout i18n={props.i18n} title={title} url={props.url}>
      <h1>{title}</h1>
      <p>{t('oidc.error.body')}</p>
      <p class="error-reference">{t('oidc.error.reference', { code: props.code, requestId: props.requestId })}</p>
    </Layout>
  );
}

/** oidc-provider gives the hidden form (its action and token) as HTML; the buttons are ours. */
export function LogoutPage(props: { i18n: I18n; url: string; formHtml: string }) {
  const { t } = props.i18n;
  const title = t('oidc.logout.title');
  return (
    <Layout i18n={props.i18n} title={title} url={props.url}>
      <h1>{title}</h1>
      <p>{t('oidc.logout.intro')}</p>
      <div dangerouslySetInnerHTML={{ __html: props.formHtml }} />
      <button type="submit" form="op.logoutForm" name="logout" value="yes">
        {t('oidc.logout.yes')}
      </button>{' '}
      <button type="submit" form="op.logoutForm" class="button-secondary">
        {t('oidc.logout.no')}
      </button>
    </Layout>
  );
}

export function LoggedOutPage(props: { i18n: I18n; url: string }) {
  const { t } = props.i18n;
  const title = t('oidc.loggedOut.title');
  return (
    <Layout i18n={props.i18n} title={title} url={props.url}>
      <h1>{title}</h1>
      <p>{t('oidc.loggedOut.body')}</p>
      <p>
        <a href="/">{t('oidc.loggedOut.home')}</a>
      </p>
    </Layout>
  );
}

import { renderToString } from 'preact-render-to-string';
import type { VNode } from 'preact';
import { Layout } from '../../../web/components/layout.tsx';
import type { I18n } from '../../../web/i18n/translate.ts';
import { csrfField } from '../../../web/forms/index.ts';
import type { ActingFor } from '../../../core/profiles.ts';
import './messages.ts';

/** The provider's pages: plain forms through the web kit, no script, in fa and en. */
export const renderHtml = (page: VNode) => `<!doctype html>${renderToString(page)}`;

const scopeKeys = {
  openid: 'oidc.consent.scope.openid',
  profile: 'oidc.consent.scope.profile',
  phone: 'oidc.consent.scope.phone',
  national_code: 'oidc.consent.scope.national_code',
  offline_access: 'oidc.consent.scope.offline_access',
  acting_for: 'oidc.consent.scope.acting_for',
} as const;

/** The form field that says which profile the page showed: a switch in another tab is not agreed to unseen. */
export const actingForField = 'acting_for';

/** Whom the person acts for, as the interaction pages show it. */
export interface ActingForView {
  /** The session's active profile id, or `self`. */
  value: string;
  kind: ActingFor['kind'];
  name: string;
  validUntil: string | null;
}

export function actingForView(profile: ActingFor, locale: string): ActingForView {
  return { value: profile.profileId ?? 'self', kind: profile.kind, name: locale === 'fa' ? profile.subject.nameFa : profile.subject.nameEn, validUntil: profile.validUntil };
}

const kindKeys = {
  self: 'oidc.actingFor.self',
  legal_entity: 'oidc.actingFor.legal_entity',
  ward: 'oidc.actingFor.ward',
  mandate: 'oidc.actingFor.mandate',
} as const satisfies Record<ActingFor['kind'], string>;

/** "Acting for X", with the way to change it: the portal's profile page, which comes back here. */
function ActingForBox(props: { i18n: I18n; actingFor: ActingForView; changeHref: string }) {
  const { t } = props.i18n;
  const { kind, name, validUntil } = props.actingFor;
  return (
    <section aria-labelledby="acting-for-heading">
      <h2 id="acting-for-heading">{t('oidc.actingFor.heading')}</h2>
      <p>
        <strong>{t(kindKeys[kind], { name })}</strong>
        {validUntil ? ` ${t('oidc.actingFor.until', { date: props.i18n.date(validUntil) })}` : ''}
      </p>
      <p>
        <a href={props.changeHref}>{t('oidc.actingFor.change')}</a>
      </p>
    </section>
  );
}

/**
 * Consent (a client not first-party): what it receives, in plain words, and whom the person
 * acts for. A first-party client gets the short form (`firstParty`): no list, only whom they
 * act for, shown when that is not themself.
 */
export function ConsentPage(props: { i18n: I18n; url: string; uid: string; clientName: string; agency: string; scopes: string[]; csrfToken: string; actingFor: ActingForView; changeHref: string; firstParty?: boolean }) {
  const { t } = props.i18n;
  const title = t(props.firstParty ? 'oidc.continue.title' : 'oidc.consent.title', { client: props.clientName });
  const known = props.scopes.filter((s): s is keyof typeof scopeKeys => s in scopeKeys);
  return (
    <Layout i18n={props.i18n} title={title} url={props.url}>
      <h1>{title}</h1>
      {props.firstParty ? (
        <p>{t('oidc.continue.intro', { client: props.clientName, agency: props.agency })}</p>
      ) : (
        <>
          <p>{t('oidc.consent.intro', { client: props.clientName, agency: props.agency })}</p>
          <ul>
            {known.map((s) => (
              <li key={s}>{t(scopeKeys[s])}</li>
            ))}
          </ul>
        </>
      )}
      <ActingForBox i18n={props.i18n} actingFor={props.actingFor} changeHref={props.changeHref} />
      {props.firstParty ? null : <p>{t('oidc.consent.note')}</p>}
      <form method="post" action={`/oidc/interaction/${props.uid}/consent`}>
        <input type="hidden" name={csrfField} value={props.csrfToken} />
        <input type="hidden" name={actingForField} value={props.actingFor.value} />
        <button type="submit" name="decision" value="allow">
          {t(props.firstParty ? 'oidc.continue.allow' : 'oidc.consent.allow')}
        </button>{' '}
        <button type="submit" name="decision" value="deny" class="button-secondary">
          {t(props.firstParty ? 'oidc.continue.deny' : 'oidc.consent.deny')}
        </button>
      </form>
    </Layout>
  );
}

/** The active profile died (mandate revoked, guardianship ended, …): choose again, then come back. */
export function ProfileGonePage(props: { i18n: I18n; url: string; changeHref: string }) {
  const { t } = props.i18n;
  const title = t('oidc.actingFor.gone.title');
  return (
    <Layout i18n={props.i18n} title={title} url={props.url}>
      <h1>{title}</h1>
      <p>{t('oidc.actingFor.gone.body')}</p>
      <p>
        <a href={props.changeHref}>{t('oidc.actingFor.change')}</a>
      </p>
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

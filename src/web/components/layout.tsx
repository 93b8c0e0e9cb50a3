import type { ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import type { I18n } from '../i18n/translate.ts';
import { siteNavigation } from '../site-navigation.ts';
import { CsrfInput } from './csrf-input.tsx';
import { PageSessionContext } from '../page-session.ts';

export interface LayoutProps {
  i18n: I18n;
  title: string;
  /** Current path and query, for the language switch and the active navigation item. */
  url: string;
  /** True when the registry holds the synthetic demo dataset. */
  demo?: boolean;
  /** Name of the signed-in staff member, when there is one. */
  staffName?: string | null;
  /**
   * Staff pages only: the session's synchronizer token, so the header offers sign-out. Public
   * pages never pass it — they may be cached and must not carry a session's token.
   */
  csrfToken?: string | null;
  children: ComponentChildren;
}

/** Swaps (or adds) `lang=` in a URL, keeping the rest of the query. */
export function withLang(url: string, lang: string): string {
  const [path, query = ''] = url.split('?');
  const params = new URLSearchParams(query);
  params.set('lang', lang);
  return `${path}?${params.toString()}`;
}

export function Layout({ i18n, title, url, demo, staffName, csrfToken, children }: LayoutProps) {
  const { t } = i18n;
  const other = i18n.locale === 'fa' ? 'en' : 'fa';
  const path = url.split('?')[0] ?? '/';
  const navigation = siteNavigation();
  const { citizenCsrfToken } = useContext(PageSessionContext);
  const person = citizenCsrfToken ? navigation.find((item) => item.citizen)?.citizen : undefined;
  return (
    <html lang={i18n.locale} dir={i18n.dir}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} — ${t('site.name')}`}</title>
        <link rel="stylesheet" href="/static/site.css" />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('layout.skip')}
        </a>
        {demo ? (
          <p class="demo-banner" role="note">
            {t('layout.demo')}
          </p>
        ) : null}
        <header class="site-header">
          <a class="brand" href="/">
            {t('site.name')}
          </a>
          {navigation.length ? (
            <nav aria-label={t('layout.nav')}>
              <ul>
                {navigation.map((item) => {
                  const href = citizenCsrfToken && item.citizen ? item.citizen.href : item.href;
                  const label = citizenCsrfToken && item.citizen ? item.citizen.label : staffName && item.signedInLabel ? item.signedInLabel : item.label;
                  return (
                    <li key={item.href}>
                      <a href={href} aria-current={path === href || (href !== '/' && path.startsWith(href)) ? 'page' : undefined}>
                        {t(label)}
                      </a>
                    </li>
                  );
                })}
              </ul>
            </nav>
          ) : null}
          <a class="lang-switch" href={withLang(url, other)} lang={other} hrefLang={other}>
            {t('layout.switch')}
          </a>
          {staffName ? <span class="staff-name">{t('layout.signedInAs', { name: staffName })}</span> : null}
          {person && citizenCsrfToken ? (
            <form method="post" action={person.signOut} class="staff-signout">
              <CsrfInput token={citizenCsrfToken} />
              <button type="submit" class="button-secondary">
                {t(person.signOutLabel)}
              </button>
            </form>
          ) : null}
          {staffName && csrfToken ? (
            <form method="post" action="/staff/logout" class="staff-signout">
              <CsrfInput token={csrfToken} />
              <button type="submit" class="button-secondary">
                {t('staff.signOut')}
              </button>
            </form>
          ) : null}
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <p>{t('layout.footer')}</p>
          <ul class="footer-links">
            <li>
              <a href="/api/docs">{t('layout.apiDocs')}</a>
            </li>
          </ul>
        </footer>
      </body>
    </html>
  );
}

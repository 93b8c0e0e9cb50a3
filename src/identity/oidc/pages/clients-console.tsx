import type { Database } from '../../../db/database.ts';
import { pageContext, sendPage, type PagesPlugin } from '../../../web/index.ts';
import { Layout } from '../../../web/components/layout.tsx';
import { DataTable } from '../../../web/components/data-table.tsx';
import { noStore } from '../../../web/forms/index.ts';
import { listClients, type ClientView } from '../clients.ts';
import './messages.ts';

const readers = ['operator', 'agency_admin', 'auditor'] as const;

/** The staff console's list of OpenID Connect clients: every agency's for the operator and auditors, one's own for an agency admin. */
export function clientConsolePages({ db }: { db: Database }): PagesPlugin {
  return async (app, { isDemo }) => {
    app.addHook('onRequest', noStore);
    app.get('/staff/identity/clients', { config: { access: readers }, schema: { hide: true } }, async (req, reply) => {
      const ctx = await pageContext(req, reply, isDemo);
      const { t } = ctx.i18n;
      const clients = await listClients(db, req.principal);
      const title = t('oidc.console.title');
      return sendPage(
        reply,
        <Layout i18n={ctx.i18n} title={title} url={ctx.url} demo={ctx.demo} staffName={ctx.staffName} csrfToken={req.staffSession?.csrfToken}>
          <h1>{title}</h1>
          <p>{t('oidc.console.intro')}</p>
          <DataTable<ClientView>
            i18n={ctx.i18n}
            caption={t('oidc.console.caption')}
            rows={clients}
            rowKey={(c) => c.clientId}
            emptyText={t('oidc.console.empty')}
            columns={[
              { header: t('oidc.console.clientId'), rowHeader: true, cell: (c) => <code dir="ltr">{c.clientId}</code> },
              { header: t('oidc.console.agency'), cell: (c) => c.agencyCode },
              { header: t('oidc.console.name'), cell: (c) => (ctx.i18n.locale === 'fa' ? c.nameFa : c.nameEn) },
              { header: t('oidc.console.scopes'), cell: (c) => <span dir="ltr">{c.scopes.join(' ')}</span> },
              { header: t('oidc.console.auth'), cell: (c) => <span dir="ltr">{c.authMethod}</span> },
              { header: t('oidc.console.status'), cell: (c) => [c.disabled ? t('oidc.console.disabled') : t('oidc.console.active'), c.firstParty ? ` · ${t('oidc.console.firstParty')}` : ''].join('') },
            ]}
          />
        </Layout>,
      );
    });
  };
}

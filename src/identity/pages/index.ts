import type { PagesPlugin } from '../../web/index.ts';
import type { RegistryDeps } from '../../registry/index.ts';
import { noStore } from './guard.ts';
import { sessionPages } from './login.tsx';
import { staffHomePages } from './staff-home.tsx';
import { serviceEditPages } from './service-routes.tsx';
import { agencyEditPages } from './agency-edit.tsx';
import './messages.ts'; // registers the text of these pages with the web kit

/** The staff area: sign-in with an API token, then forms to edit agencies and services. */
export function staffPages(options: { deps: RegistryDeps }): PagesPlugin {
  return async (app, opts) => {
    app.addHook('onRequest', noStore);
    for (const pages of [sessionPages(options), staffHomePages(options), serviceEditPages(options), agencyEditPages(options)]) await app.register(pages, opts);
  };
}

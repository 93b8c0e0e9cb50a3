import type { PagesPlugin } from '../../../web/index.ts';
import { noStore } from '../../../web/forms/index.ts';
import { serviceEditPages } from './service-routes.tsx';
import { agencyEditPages } from './agency-edit.tsx';
import type { AppDeps } from '../../../db/app-deps.ts';
import '../messages.ts'; // the registry's bundle holds these pages' text too

/** The registry in the staff area: the forms that keep agencies' and services' entries right. */
export function registryStaffPages(options: { deps: AppDeps }): PagesPlugin {
  return async (app, opts) => {
    app.addHook('onRequest', noStore);
    for (const pages of [serviceEditPages(options), agencyEditPages(options)]) await app.register(pages, opts);
  };
}

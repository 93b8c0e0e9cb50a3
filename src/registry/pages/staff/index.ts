import type { PagesPlugin } from '../../../web/index.ts';
import { noStore } from '../../../web/forms/index.ts';
import type { RegistryDeps } from '../../deps.ts';
import { serviceEditPages } from './service-routes.tsx';
import { agencyEditPages } from './agency-edit.tsx';
import '../messages.ts'; // the registry's bundle holds these pages' text too

/** The registry in the staff area: the forms that keep agencies' and services' entries right. */
export function registryStaffPages(options: { deps: RegistryDeps }): PagesPlugin {
  return async (app, opts) => {
    app.addHook('onRequest', noStore);
    for (const pages of [serviceEditPages(options), agencyEditPages(options)]) await app.register(pages, opts);
  };
}

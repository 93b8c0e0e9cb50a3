import type { PagesPlugin } from '../../web/index.ts';
import { noStore } from '../../web/forms/index.ts';
import { consoleErrorHandler, type ExchangePagesDeps } from './common.tsx';
import { overviewPages } from './overview.tsx';
import { subsystemPages } from './subsystem.tsx';
import { servicePages } from './services.tsx';
import { requestPages } from './requests.tsx';
import { newRequestPages } from './request-new.tsx';
import { upstreamPages } from './upstreams.tsx';
import './messages.ts'; // registers the text of these pages with the web kit

export type { ExchangePagesDeps } from './common.tsx';

/**
 * The agency console of the exchange, in the staff area (`/staff/exchange/...`): subsystems and
 * their credentials, provided services with their OpenAPI endpoints and use, and access rights.
 * Pages call the management service layer (`../admin/`) directly; it repeats every permission check.
 */
export function exchangePages(deps: ExchangePagesDeps): PagesPlugin {
  return async (app, opts) => {
    app.addHook('onRequest', noStore);
    app.setErrorHandler(consoleErrorHandler(opts.isDemo));
    for (const pages of [overviewPages(deps), subsystemPages(deps), servicePages(deps), requestPages(deps), newRequestPages(deps), upstreamPages(deps)]) await app.register(pages, opts);
  };
}

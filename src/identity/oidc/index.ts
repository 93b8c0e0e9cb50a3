import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/database.ts';
import type { PagesPlugin } from '../../web/index.ts';
import { OidcService, type OidcSettings } from './oidc-service.ts';
import { mountProvider } from './mount.ts';
import { clientRoutes } from './client-routes.ts';
import { interactionPages } from './interaction-routes.tsx';
import { clientConsolePages } from './pages/clients-console.tsx';
import type { ActingForCheck } from './acting-for-claim.ts';

export { OidcService, type OidcSettings } from './oidc-service.ts';
export { rotateSigningKey, loadKeySet } from './keys.ts';
export { createClient, changeClient, listClients, type ClientInput } from './clients.ts';
export { pairwiseSubject } from './claims.ts';
export { actingForClaim, type ActingForClaim, type ActingForCheck } from './acting-for-claim.ts';
export { oidcRoutes, buildProvider } from './provider.ts';
export { ClientDirectory, clientMetadata } from './clients.ts';

/**
 * The OpenID Connect provider in the portal's app: its endpoints (raw, outside the page and
 * API scopes), the clients API under `/api/v1`, and the interaction pages for the web scope.
 */
export async function oidcPlugin(app: FastifyInstance, options: { db: Database; settings: OidcSettings; now?: () => Date; actingFor?: ActingForCheck }): Promise<{ service: OidcService; pages: PagesPlugin }> {
  const service = new OidcService(
    options.db,
    options.settings,
    options.now,
    (err) => app.log.warn({ err }, 'oidc: key refresh or sweep failed; trying again in a minute'),
    (err, clientId) => app.log.warn({ err, clientId }, 'oidc: back-channel logout to a client failed'),
    options.actingFor,
  );
  app.decorate('oidc', service);
  app.addHook('onReady', () => service.start());
  app.addHook('onClose', async () => service.stop());
  await mountProvider(app, service);
  await app.register(clientRoutes({ db: options.db, onChange: service.clients.forget }), { prefix: '/api/v1' });
  const interactions = interactionPages({ db: options.db, oidc: service });
  const console = clientConsolePages({ db: options.db });
  const pages: PagesPlugin = async (scope, opts) => {
    await scope.register(interactions, opts);
    await scope.register(console, opts);
  };
  return { service, pages };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The OpenID Connect provider of this node (its keys can be refreshed at once: tests, the CLI). */
    oidc: OidcService;
  }
}

import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.ts';
import { anonymous, decideRouteAccess, type Principal, type RouteAccess } from '../core/access.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route. Every route must say; the app refuses to start otherwise. */
    access?: RouteAccess;
    /**
     * The route reads its own `Authorization` header (the OpenID Connect provider's endpoints:
     * client credentials, access tokens it issued), so staff API tokens are not looked for there.
     */
    ownCredentials?: boolean;
  }
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyInstance {
    /** Every route with the access it declares, as registered: tests walk them (e.g. every citizen route as a stranger). */
    declaredRoutes(): { method: string; url: string; access: RouteAccess | undefined }[];
  }
}

/** Turns a request's credentials into a Principal; null when it carries none. */
export type Authenticator = (request: FastifyRequest) => Promise<Principal | null>;

/**
 * Enforces each route's declared access before its handler runs. Authentication is pluggable
 * (API tokens now, single sign-on sessions later); roles are checked only on the Principal.
 */
export const accessPlugin = fp<{ authenticators: Authenticator[] }>(async (app: FastifyInstance, { authenticators }) => {
  app.decorateRequest('principal', null as never);
  // Checked once every plugin has registered its routes, so a scope may set access for all of
  // its routes (the API docs page does) before the check runs.
  const routes: { method: unknown; url: string; config?: { access?: RouteAccess } }[] = [];
  app.addHook('onRoute', (route) => void routes.push(route));
  app.decorate('declaredRoutes', () => routes.flatMap((r) => [r.method].flat().map((m) => ({ method: String(m), url: r.url, access: r.config?.access }))));
  app.addHook('onReady', async () => {
    const undeclared = routes.filter((r) => r.config?.access === undefined).map((r) => `${String(r.method)} ${r.url}`);
    if (undeclared.length) throw new Error(`Routes without a declared access (config.access): ${undeclared.join(', ')}`);
  });
  app.addHook('onRequest', async (request) => {
    let principal: Principal = anonymous;
    for (const authenticate of authenticators) {
      const found = await authenticate(request);
      if (found) {
        principal = found;
        break;
      }
    }
    request.principal = principal;
    const access = request.routeOptions.config?.access ?? (request.is404 ? 'public' : undefined);
    const decision = decideRouteAccess(access ?? 'public', principal);
    if (decision === 'unauthenticated') throw new AppError('UNAUTHENTICATED');
    if (decision === 'forbidden') throw new AppError('FORBIDDEN');
  });
}, { name: 'onewindow-access' });

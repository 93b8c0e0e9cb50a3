import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { contentSecurityPolicy } from '../../web/security.ts';
import type { OidcService } from './oidc-service.ts';

/**
 * oidc-provider's endpoints, handed the raw request and response: it reads its own bodies
 * (form posts, client assertions), so this scope parses none. Routes it does not serve under
 * `/oidc/` get its 404. The interaction pages (`/oidc/interaction/…`) are ours, in the web scope.
 */
export async function mountProvider(app: FastifyInstance, service: OidcService): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null));
    const forward = async (request: FastifyRequest, reply: FastifyReply) => {
      reply.hijack();
      const res = reply.raw;
      res.setHeader('x-request-id', request.id);
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('x-frame-options', 'DENY');
      res.setHeader('referrer-policy', 'strict-origin-when-cross-origin');
      // The sign-out page's form ends in a redirect to the agency's site: browsers apply
      // form-action to that redirect, so it may go anywhere https the provider checked.
      res.setHeader('content-security-policy', contentSecurityPolicy.replace("form-action 'self'", "form-action 'self' https: http://localhost:* http://127.0.0.1:*"));
      // The provider reads the path relative to its mount; it is mounted at the root.
      await new Promise<void>((resolve) => {
        res.once('finish', resolve);
        res.once('close', resolve);
        service.handle(request.raw, res);
      });
    };
    const config = { access: 'public' as const, ownCredentials: true };
    scope.get('/.well-known/openid-configuration', { config, schema: { hide: true } }, forward);
    scope.route({ method: ['GET', 'POST', 'OPTIONS'], url: '/oidc/*', config, schema: { hide: true }, handler: forward });
  });
}

import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';

/**
 * The OpenAPI 3 document is generated from the route schemas, so it cannot drift from what
 * the API validates. It is served as JSON at `/api/openapi.json` (and, as before, at
 * `/api/docs/json` and as YAML at `/api/docs/yaml`); people read it at `/api/docs`, a page of
 * the site drawn from this document on the server (portal/api-reference, ADR 0015).
 */
export const openApiPlugin = fp<{ version: string }>(async (app: FastifyInstance, { version }) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'OneWindow API',
        version,
        description: 'National single window for government services: registry, catalog search and governance insights. Errors are RFC 9457 problem documents with a stable `code`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Staff API token created with `onewindow staff token`.' },
          // identity: the people's own API (`/api/v1/me/...`)
          citizenSession: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token', description: 'A person signed in on the portal: the session cookie `ow_session` together with the session\'s own token (the `_csrf` value of its pages\' forms) in this header. Without the header the cookie is ignored.' },
        },
      },
      tags: [
        { name: 'registry', description: 'Agencies and their services' },
        { name: 'catalog', description: 'Search of the service catalog' },
        { name: 'insights', description: 'KPIs computed from the registry' },
        { name: 'exchange', description: 'The data-exchange gateway: members, subsystems, credentials, services, access rights, usage' },
        { name: 'system', description: 'Health and metadata' },
        { name: 'me', description: 'A signed-in person’s own data: their inquiries and who accessed their data' },
      ],
    },
  });
  const hidden = { config: { access: 'public' as const }, schema: { hide: true } };
  app.get('/api/openapi.json', hidden, async () => app.swagger());
  // The addresses the earlier swagger-ui page served the document at; clients may have kept them.
  app.get('/api/docs/json', hidden, async () => app.swagger());
  app.get('/api/docs/yaml', hidden, async (_req, reply) => reply.type('application/x-yaml').send(app.swagger({ yaml: true })));
}, { name: 'onewindow-openapi' });

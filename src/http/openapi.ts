import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/**
 * The OpenAPI 3 document is generated from the route schemas, so it cannot drift from what
 * the API validates. `/api/docs` renders it for people, with assets served from the package.
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
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Staff API token created with `onewindow staff token`.' } } },
      tags: [
        { name: 'registry', description: 'Agencies and their services' },
        { name: 'catalog', description: 'Search of the service catalog' },
        { name: 'insights', description: 'KPIs computed from the registry' },
        { name: 'system', description: 'Health and metadata' },
      ],
    },
  });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
  await app.register(async (docs) => {
    // Everything the docs page serves is public; declared here for all of its routes.
    docs.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: 'public' };
    });
    await docs.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  });
}, { name: 'onewindow-openapi' });

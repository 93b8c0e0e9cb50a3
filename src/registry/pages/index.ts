import Type from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { pageContext, sendPage, type DemoFlag, type PagesPlugin } from '../../web/index.ts';
import { AppError } from '../../core/errors.ts';
import { formatServiceId, MIN_SERIAL, parseServiceId } from '../../core/service-id.ts';
import type { Catalog } from '../catalog.ts';
import { getServiceOrFail } from '../services.ts';
import { getAgencyOrFail } from '../agencies.ts';
import { queryCatalog } from '../catalog-query.ts';
import { CatalogPage } from './catalog-page.tsx';
import { ServicePage } from './service-page.tsx';
import { ServiceNotFoundPage } from './service-not-found.tsx';
import { PAGE_SIZE, readCatalogState } from './catalog-url.ts';
import type { AppDeps } from '../../db/app-deps.ts';
import './messages.ts'; // registers the text of these pages with the web kit

// Lenient on purpose: the page drops values no facet can have instead of refusing the link.
const facetParam = Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 50 }));
const CatalogQuerystring = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    page: Type.Optional(Type.String({ maxLength: 40 })),
    agency: facetParam,
    topic: facetParam,
    audience: facetParam,
    lifeEvent: facetParam,
    maturity: facetParam,
    delivery: facetParam,
  },
  { additionalProperties: true },
);
const ServiceParams = Type.Object({ id: Type.String({ maxLength: 200 }) });

export { registryStaffPages } from './staff/index.ts';

/** The registry's pages: catalog search and the service page. */
export function registryPages({ deps, catalog }: { deps: AppDeps; catalog: Catalog }): PagesPlugin {
  return async (app, { isDemo }) => {
    app.get<{ Querystring: Type.Static<typeof CatalogQuerystring> }>(
      '/services',
      { config: { access: 'public' }, schema: { hide: true, querystring: CatalogQuerystring } },
      async (req, reply) => {
        const ctx = await pageContext(req, reply, isDemo);
        const { state, askedPage } = readCatalogState(req.query);
        const search = (page: number) => queryCatalog(catalog, { q: state.q, filters: state.filters, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE });
        let answer = await search(state.page);
        const last = Math.max(1, Math.ceil(answer.total / PAGE_SIZE));
        // A page past the end (a stale or edited link) shows the last page and says so.
        let clampedFrom: string | null = null;
        if (state.page > last) {
          clampedFrom = askedPage;
          state.page = last;
          answer = await search(last);
        }
        return sendPage(reply, CatalogPage({ ctx, state, answer, clampedFrom, exampleId: formatServiceId(deps.pack, MIN_SERIAL) }));
      },
    );

    app.get<{ Params: Type.Static<typeof ServiceParams> }>(
      '/services/:id',
      { config: { access: 'public' }, schema: { hide: true, params: ServiceParams, querystring: Type.Object({}, { additionalProperties: true }) } },
      async (req, reply) => {
        const asked = req.params.id;
        const parsed = parseServiceId(deps.pack, asked);
        if (!parsed.ok) return notFound(req, reply, isDemo, asked, parsed.reason);
        if (parsed.id !== asked) {
          const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
          return reply.redirect(`/services/${parsed.id}${query}`, 301);
        }
        const service = await getServiceOrFail(deps, parsed.id).catch((error: unknown) => {
          if (error instanceof AppError && error.code === 'SERVICE_NOT_FOUND') return undefined;
          throw error;
        });
        if (!service) return notFound(req, reply, isDemo, asked, 'unknown');
        const [ctx, snapshot, agency] = await Promise.all([pageContext(req, reply, isDemo), catalog.current(), getAgencyOrFail(deps, service.agencyCode).catch(() => undefined)]);
        const parent = service.parentId ? snapshot.entries.get(service.parentId) : undefined;
        const subServices = [...snapshot.entries.values()].filter((e) => e.parentId === service.id);
        return sendPage(reply, ServicePage({ ctx, service, agency, agencyNames: snapshot.agencyNames, parent, subServices, currency: deps.pack.currency }));
      },
    );
  };

  async function notFound(req: FastifyRequest, reply: FastifyReply, isDemo: DemoFlag, asked: string, reason: 'format' | 'check_digits' | 'unknown') {
    const ctx = await pageContext(req, reply, isDemo);
    return sendPage(reply, ServiceNotFoundPage({ ctx, asked, reason, example: formatServiceId(deps.pack, MIN_SERIAL) }), 404);
  }
}

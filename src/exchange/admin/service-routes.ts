import Type from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ExchangeAdminDeps } from './deps.ts';
import { AccessRequest, IdParams, Page, PageQuery, Service, ServiceCreate, ServiceListQuery, ServicePatch } from './schemas.ts';
import { createExchangeService, getExchangeServiceOrFail, getServiceOpenApi, listExchangeServices, updateExchangeService } from './exchange-services.ts';
import { listServiceRights } from './access-requests.ts';
import { bearer, managers, staff, tags } from './roles.ts';

/** Services that provider subsystems publish on the exchange, and who may call them. */
export const serviceRoutes: FastifyPluginAsyncTypebox<{ deps: ExchangeAdminDeps }> = async (app, { deps }) => {
  app.get('/exchange/services', {
    config: { access: staff },
    schema: { tags, summary: 'Exchange services (staff: consumer agencies browse them to ask for access)', security: bearer, querystring: ServiceListQuery, response: { 200: Page(Service) } },
    handler: async (req) => {
      const { offset, limit, agency, ...filter } = req.query;
      return { ...(await listExchangeServices(deps, req.principal, { ...filter, ...(agency ? { agencyCode: agency } : {}) }, { offset, limit })), offset, limit };
    },
  });

  app.post('/exchange/subsystems/:id/services', {
    config: { access: managers },
    schema: {
      tags,
      summary: 'Publish a service of a provider subsystem, from an OpenAPI document or explicit endpoints',
      security: bearer,
      params: IdParams,
      body: ServiceCreate,
      response: { 201: Service },
    },
    handler: async (req, reply) => reply.code(201).send(await createExchangeService(deps, req.principal, req.params.id, req.body)),
  });

  app.get('/exchange/services/:id', {
    config: { access: staff },
    schema: { tags, summary: 'One exchange service', security: bearer, params: IdParams, response: { 200: Service } },
    handler: (req) => getExchangeServiceOrFail(deps, req.principal, req.params.id),
  });

  app.patch('/exchange/services/:id', {
    config: { access: managers },
    schema: { tags, summary: 'Change an exchange service (a new OpenAPI document replaces its endpoints)', security: bearer, params: IdParams, body: ServicePatch, response: { 200: Service } },
    handler: (req) => updateExchangeService(deps, req.principal, req.params.id, req.body),
  });

  app.get('/exchange/services/:id/openapi', {
    config: { access: staff },
    schema: { tags, summary: 'The OpenAPI document of a service, as uploaded', security: bearer, params: IdParams, response: { 200: Type.Record(Type.String(), Type.Unknown()) } },
    handler: (req) => getServiceOpenApi(deps, req.principal, req.params.id),
  });

  app.get('/exchange/services/:id/rights', {
    config: { access: staff },
    schema: { tags, summary: 'Who may call this service: its approved access rights', security: bearer, params: IdParams, querystring: Type.Object(PageQuery, { additionalProperties: false }), response: { 200: Page(AccessRequest) } },
    handler: async (req) => ({ ...(await listServiceRights(deps, req.principal, req.params.id, req.query)), ...req.query }),
  });
};

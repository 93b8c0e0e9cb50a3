import Type from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../core/errors.ts';
import { audiences, topics } from '../core/taxonomy.ts';
import { deliveryStatuses } from '../core/maturity.ts';
import { agencyCode, HistoryEntry, Page, PageQuery, Service, ServiceCreate, ServicePatch } from './schemas.ts';
import { canonicalServiceId, createService, getServiceOrFail, listServices, retireService, updateService } from './services.ts';
import { selectHistory } from './history.ts';
import type { AppDeps } from '../db/app-deps.ts';

const tags = ['registry'];
// Any string up to a sane length: the identifier's check digits are verified by the handler,
// so a mistyped identifier gets SERVICE_ID_INVALID rather than a generic validation error.
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }) });
const bearer = [{ bearer: [] }];

export const serviceRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get('/services', {
    config: { access: 'public' },
    schema: {
      tags,
      summary: 'List services with exact filters (use /catalog/search for text search)',
      querystring: Type.Object(
        {
          ...PageQuery,
          agency: Type.Optional(agencyCode),
          topic: Type.Optional(Type.Enum(Object.keys(topics))),
          audience: Type.Optional(Type.Enum([...audiences])),
          maturity: Type.Optional(Type.Integer({ minimum: 0, maximum: 5 })),
          delivery: Type.Optional(Type.Enum([...deliveryStatuses])),
          status: Type.Optional(Type.Enum(['active', 'retired'])),
          parent: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
          externalCode: Type.Optional(Type.String({ maxLength: 40 })),
        },
        { additionalProperties: false },
      ),
      response: { 200: Page(Service) },
    },
    handler: async (req) => {
      const { offset, limit, agency, delivery, parent, ...rest } = req.query;
      const filter = {
        ...rest,
        ...(agency ? { agencyCode: agency } : {}),
        ...(delivery ? { deliveryStatus: delivery } : {}),
        ...(parent ? { parentId: canonicalServiceId(deps, parent) } : {}),
      };
      return { ...(await listServices(deps, filter, { offset, limit })), offset, limit };
    },
  });

  app.get('/services/:id', {
    config: { access: 'public' },
    schema: { tags, summary: 'One service by its service identifier', params: IdParams, response: { 200: Service } },
    handler: (req) => getServiceOrFail(deps, req.params.id),
  });

  app.post('/services', {
    config: { access: ['operator', 'agency_admin'] },
    schema: { tags, summary: 'Register a service; the registry issues its identifier', security: bearer, body: ServiceCreate, response: { 201: Service } },
    handler: async (req, reply) => reply.code(201).send(await createService(deps, req.principal, req.body)),
  });

  app.patch('/services/:id', {
    config: { access: ['operator', 'agency_admin'] },
    schema: { tags, summary: 'Change a service (operator, or the admin of its agency)', security: bearer, params: IdParams, body: ServicePatch, response: { 200: Service } },
    handler: (req) => updateService(deps, req.principal, req.params.id, req.body),
  });

  app.post('/services/:id/retire', {
    config: { access: ['operator', 'agency_admin'] },
    schema: { tags, summary: 'Retire a service and its sub-services; the identifier is never reused', security: bearer, params: IdParams, response: { 200: Service } },
    handler: (req) => retireService(deps, req.principal, req.params.id),
  });

  app.get('/services/:id/history', {
    config: { access: ['operator', 'auditor', 'agency_admin'] },
    schema: { tags, summary: 'Change history of a service', security: bearer, params: IdParams, response: { 200: Type.Object({ items: Type.Array(HistoryEntry) }) } },
    handler: async (req) => {
      const service = await getServiceOrFail(deps, req.params.id);
      const p = req.principal;
      if (p.kind === 'staff' && p.role === 'agency_admin' && p.agencyCode !== service.agencyCode) throw new AppError('FORBIDDEN_OTHER_AGENCY');
      return { items: await deps.db.run((q) => selectHistory(q, 'service', service.id)) };
    },
  });
};

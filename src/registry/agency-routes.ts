import Type from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../core/errors.ts';
import { agencyKinds } from '../core/taxonomy.ts';
import { Agency, AgencyCreate, AgencyPatch, agencyCode, HistoryEntry, Page, PageQuery } from './schemas.ts';
import { createAgency, getAgencyOrFail, listAgencies, updateAgency } from './agencies.ts';
import { selectHistory } from './history.ts';
import type { AppDeps } from '../db/app-deps.ts';

const tags = ['registry'];
const CodeParams = Type.Object({ code: agencyCode });

export const agencyRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get('/agencies', {
    config: { access: 'public' },
    schema: {
      tags,
      summary: 'List and filter agencies',
      querystring: Type.Object(
        {
          ...PageQuery,
          kind: Type.Optional(Type.Enum([...agencyKinds])),
          eligible: Type.Optional(Type.Boolean()),
          connected: Type.Optional(Type.Boolean()),
          parent: Type.Optional(agencyCode),
          q: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        },
        { additionalProperties: false },
      ),
      response: { 200: Page(Agency) },
    },
    handler: async (req) => {
      const { offset, limit, parent, ...filter } = req.query;
      const result = await listAgencies(deps, { ...filter, ...(parent ? { parentCode: parent } : {}) }, { offset, limit });
      return { ...result, offset, limit };
    },
  });

  app.get('/agencies/:code', {
    config: { access: 'public' },
    schema: { tags, summary: 'One agency', params: CodeParams, response: { 200: Agency } },
    handler: (req) => getAgencyOrFail(deps, req.params.code),
  });

  app.post('/agencies', {
    config: { access: ['operator'] },
    schema: { tags, summary: 'Register an agency (operator)', security: [{ bearer: [] }], body: AgencyCreate, response: { 201: Agency } },
    handler: async (req, reply) => reply.code(201).send(await createAgency(deps, req.principal, req.body)),
  });

  app.patch('/agencies/:code', {
    config: { access: ['operator'] },
    schema: { tags, summary: 'Change an agency (operator)', security: [{ bearer: [] }], params: CodeParams, body: AgencyPatch, response: { 200: Agency } },
    handler: (req) => updateAgency(deps, req.principal, req.params.code, req.body),
  });

  app.get('/agencies/:code/history', {
    config: { access: ['operator', 'auditor', 'agency_admin'] },
    schema: { tags, summary: 'Change history of an agency', security: [{ bearer: [] }], params: CodeParams, response: { 200: Type.Object({ items: Type.Array(HistoryEntry) }) } },
    handler: async (req) => {
      const p = req.principal;
      if (p.kind === 'staff' && p.role === 'agency_admin' && p.agencyCode !== req.params.code) throw new AppError('FORBIDDEN_OTHER_AGENCY');
      await getAgencyOrFail(deps, req.params.code);
      return { items: await deps.db.run((q) => selectHistory(q, 'agency', req.params.code)) };
    },
  });
};

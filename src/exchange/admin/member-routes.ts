import Type from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ExchangeAdminDeps } from './deps.ts';
import { AgencyParams, Member, MemberCreate, Page, PageQuery, Subsystem, SubsystemCreate } from './schemas.ts';
import { createMember, getMemberOrFail, listMembers } from './members.ts';
import { createSubsystem, listSubsystems } from './subsystems.ts';
import { bearer, managers, operatorOnly, tags } from './roles.ts';

/**
 * Members and their subsystems. Reading them is public: it is the directory every consumer
 * already gets from the gateway's `listClients`, with nothing private in it.
 */
export const memberRoutes: FastifyPluginAsyncTypebox<{ deps: ExchangeAdminDeps }> = async (app, { deps }) => {
  app.get('/exchange/members', {
    config: { access: 'public' },
    schema: { tags, summary: 'Exchange members', querystring: Type.Object(PageQuery, { additionalProperties: false }), response: { 200: Page(Member) } },
    handler: async (req) => ({ ...(await listMembers(deps, req.query)), ...req.query }),
  });

  app.get('/exchange/members/:agencyCode', {
    config: { access: 'public' },
    schema: { tags, summary: 'One exchange member', params: AgencyParams, response: { 200: Member } },
    handler: (req) => getMemberOrFail(deps, req.params.agencyCode),
  });

  app.post('/exchange/members', {
    config: { access: operatorOnly },
    schema: { tags, summary: 'Make a registry agency an exchange member (operator)', security: bearer, body: MemberCreate, response: { 201: Member } },
    handler: async (req, reply) => reply.code(201).send(await createMember(deps, req.principal, req.body)),
  });

  app.get('/exchange/members/:agencyCode/subsystems', {
    config: { access: 'public' },
    schema: { tags, summary: "A member's subsystems (information systems)", params: AgencyParams, response: { 200: Type.Object({ items: Type.Array(Subsystem) }) } },
    handler: async (req) => ({ items: await listSubsystems(deps, req.params.agencyCode) }),
  });

  app.post('/exchange/members/:agencyCode/subsystems', {
    config: { access: managers },
    schema: { tags, summary: 'Register a subsystem of a member (its agency admin or the operator)', security: bearer, params: AgencyParams, body: SubsystemCreate, response: { 201: Subsystem } },
    handler: async (req, reply) => reply.code(201).send(await createSubsystem(deps, req.principal, req.params.agencyCode, req.body)),
  });
};

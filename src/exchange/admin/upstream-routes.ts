import Type from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ExchangeAdminDeps } from './deps.ts';
import { AgencyParams, UpstreamRegistration, UpstreamRegistrationCreate, UpstreamRegistrationParams } from './schemas.ts';
import { listUpstreams, registerUpstream, revokeUpstream } from './upstream-registrations.ts';
import { bearer, managers, operatorOnly, tags } from './roles.ts';

/**
 * The backend addresses the operator registered for a member. Backend addresses are private:
 * the operator and the member's own admins read them (the admins choose their services'
 * upstreams within them); only the operator registers and revokes.
 */
export const upstreamRoutes: FastifyPluginAsyncTypebox<{ deps: ExchangeAdminDeps }> = async (app, { deps }) => {
  app.get('/exchange/members/:agencyCode/upstreams', {
    config: { access: managers },
    schema: { tags, summary: "A member's registered backend addresses, revoked ones included (operator, the member's admins)", security: bearer, params: AgencyParams, response: { 200: Type.Object({ items: Type.Array(UpstreamRegistration) }) } },
    handler: async (req) => ({ items: await listUpstreams(deps, req.principal, req.params.agencyCode) }),
  });

  app.post('/exchange/members/:agencyCode/upstreams', {
    config: { access: operatorOnly },
    schema: { tags, summary: "Register a URL prefix for a member's backends (operator)", security: bearer, params: AgencyParams, body: UpstreamRegistrationCreate, response: { 201: UpstreamRegistration } },
    handler: async (req, reply) => reply.code(201).send(await registerUpstream(deps, req.principal, req.params.agencyCode, req.body)),
  });

  app.post('/exchange/members/:agencyCode/upstreams/:id/revoke', {
    config: { access: operatorOnly },
    schema: { tags, summary: "Revoke a member's backend address registration; its services stop being forwarded (operator)", security: bearer, params: UpstreamRegistrationParams, response: { 200: UpstreamRegistration } },
    handler: (req) => revokeUpstream(deps, req.principal, req.params.agencyCode, req.params.id),
  });
};

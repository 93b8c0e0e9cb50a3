import Type from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ExchangeAdminDeps } from './deps.ts';
import { AccessRequest, Credential, CredentialCreate, CredentialCreated, IdParams, OwnRateLimit, Page, PageQuery, Subsystem, SubsystemPatch } from './schemas.ts';
import { getSubsystemOrFail, updateSubsystem } from './subsystems.ts';
import { listCredentials, registerCredential, revokeCredential } from './credentials.ts';
import { listSubsystemRights } from './access-requests.ts';
import { setConsumerRateLimit } from './rate-limits.ts';
import { bearer, managers, operatorOnly, staff, tags } from './roles.ts';

/** One subsystem, its client credentials and the rights it holds as a consumer. */
export const subsystemRoutes: FastifyPluginAsyncTypebox<{ deps: ExchangeAdminDeps }> = async (app, { deps }) => {
  app.get('/exchange/subsystems/:id', {
    config: { access: 'public' },
    schema: { tags, summary: 'One subsystem', params: IdParams, response: { 200: Subsystem } },
    handler: (req) => getSubsystemOrFail(deps, req.params.id),
  });

  app.patch('/exchange/subsystems/:id', {
    config: { access: managers },
    schema: { tags, summary: 'Rename, disable or enable a subsystem', security: bearer, params: IdParams, body: SubsystemPatch, response: { 200: Subsystem } },
    handler: (req) => updateSubsystem(deps, req.principal, req.params.id, req.body),
  });

  app.put('/exchange/subsystems/:id/rate-limit', {
    config: { access: operatorOnly },
    schema: {
      tags,
      summary: "Set a consumer subsystem's own rate limit across all the services it calls, in place of the deployment's default (operator)",
      security: bearer,
      params: IdParams,
      body: OwnRateLimit,
      response: { 200: Subsystem },
    },
    handler: (req) => setConsumerRateLimit(deps, req.principal, req.params.id, req.body),
  });

  app.get('/exchange/subsystems/:id/credentials', {
    config: { access: staff },
    schema: { tags, summary: "A subsystem's client credentials (never a secret)", security: bearer, params: IdParams, response: { 200: Type.Object({ items: Type.Array(Credential) }) } },
    handler: async (req) => ({ items: await listCredentials(deps, req.principal, req.params.id) }),
  });

  app.post('/exchange/subsystems/:id/credentials', {
    config: { access: managers },
    schema: {
      tags,
      summary: 'Register a client certificate, a public JWK, or (demo deployments) generate a shared secret',
      security: bearer,
      params: IdParams,
      body: CredentialCreate,
      response: { 201: CredentialCreated },
    },
    handler: async (req, reply) => reply.code(201).send(await registerCredential(deps, req.principal, req.params.id, req.body)),
  });

  app.post('/exchange/credentials/:id/revoke', {
    config: { access: managers },
    schema: { tags, summary: 'Revoke a client credential', security: bearer, params: IdParams, response: { 200: Credential } },
    handler: (req) => revokeCredential(deps, req.principal, req.params.id),
  });

  app.get('/exchange/subsystems/:id/rights', {
    config: { access: staff },
    schema: { tags, summary: 'What this consumer subsystem may call: its approved access rights', security: bearer, params: IdParams, querystring: Type.Object(PageQuery, { additionalProperties: false }), response: { 200: Page(AccessRequest) } },
    handler: async (req) => ({ ...(await listSubsystemRights(deps, req.principal, req.params.id, req.query)), ...req.query }),
  });
};

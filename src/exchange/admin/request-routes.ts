import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ExchangeAdminDeps } from './deps.ts';
import { AccessRequest, AccessRequestCreate, AccessRequestDetail, AccessRequestListQuery, IdParams, OwnRateLimit, Page, ReasonedTransitionBody, TransitionBody } from './schemas.ts';
import { fileAccessRequest, getAccessRequestOrFail, grantAccess, listAccessRequests, transitionAccessRequest } from './access-requests.ts';
import { requestActions } from './transitions.ts';
import { setRightQuota } from './rate-limits.ts';
import { bearer, managers, operatorOnly, staff, tags } from './roles.ts';

const summaries = {
  approve: "Approve a request (the provider agency's admin; the operator as the interoperability board)",
  refuse: 'Refuse a request, with a message (the provider or the operator)',
  withdraw: 'Withdraw a pending request (the consumer or the operator)',
  revoke: 'Revoke an approved right at any time, with a message (the provider or the operator)',
} as const;

/** Access requests: filed by consumers, decided by providers and the board, with their history. */
export const requestRoutes: FastifyPluginAsyncTypebox<{ deps: ExchangeAdminDeps }> = async (app, { deps }) => {
  app.get('/exchange/access-requests', {
    config: { access: staff },
    schema: { tags, summary: 'Access requests (an agency admin sees those their agency is a party to)', security: bearer, querystring: AccessRequestListQuery, response: { 200: Page(AccessRequest) } },
    handler: async (req) => {
      const { offset, limit, consumerAgency, providerAgency, ...filter } = req.query;
      const scoped = { ...filter, ...(consumerAgency ? { consumerAgencyCode: consumerAgency } : {}), ...(providerAgency ? { providerAgencyCode: providerAgency } : {}) };
      return { ...(await listAccessRequests(deps, req.principal, scoped, { offset, limit })), offset, limit };
    },
  });

  app.post('/exchange/access-requests', {
    config: { access: managers },
    schema: { tags, summary: "Ask for access to a service for one of your agency's subsystems", security: bearer, body: AccessRequestCreate, response: { 201: AccessRequestDetail } },
    handler: async (req, reply) => reply.code(201).send(await fileAccessRequest(deps, req.principal, req.body)),
  });

  app.post('/exchange/access-grants', {
    config: { access: operatorOnly },
    schema: { tags, summary: 'Grant a right directly (operator): an approved request recorded as such', security: bearer, body: AccessRequestCreate, response: { 201: AccessRequestDetail } },
    handler: async (req, reply) => reply.code(201).send(await grantAccess(deps, req.principal, req.body)),
  });

  app.get('/exchange/access-requests/:id', {
    config: { access: staff },
    schema: { tags, summary: 'One access request with its status history', security: bearer, params: IdParams, response: { 200: AccessRequestDetail } },
    handler: (req) => getAccessRequestOrFail(deps, req.principal, req.params.id),
  });

  app.put('/exchange/access-requests/:id/quota', {
    config: { access: managers },
    schema: {
      tags,
      summary: "Set an access right's own quota, taken on top of the consumer's and the service's limits (the provider agency's admin, or the operator)",
      security: bearer,
      params: IdParams,
      body: OwnRateLimit,
      response: { 200: AccessRequestDetail },
    },
    handler: (req) => setRightQuota(deps, req.principal, req.params.id, req.body),
  });

  for (const action of requestActions) {
    app.post(`/exchange/access-requests/:id/${action}`, {
      config: { access: managers },
      schema: {
        tags,
        summary: summaries[action],
        security: bearer,
        params: IdParams,
        body: action === 'refuse' || action === 'revoke' ? ReasonedTransitionBody : TransitionBody,
        response: { 200: AccessRequestDetail },
      },
      // A POST without a body is an action without a note: validate it as `{}`.
      preValidation: async (req) => {
        req.body ??= {} as typeof req.body;
      },
      handler: (req) => transitionAccessRequest(deps, req.principal, req.params.id, action, req.body),
    });
  }
};

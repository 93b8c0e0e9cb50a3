import Type from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../db/database.ts';
import { changeClient, createClient, getClient, listClients } from './clients.ts';

const tags = ['identity'];
const bearer = [{ bearer: [] }];
const managers = ['operator', 'agency_admin'] as const;
const readers = ['operator', 'agency_admin', 'auditor'] as const;

const Uri = Type.String({ minLength: 8, maxLength: 2000 });
const Jwks = Type.Object({ keys: Type.Array(Type.Record(Type.String(), Type.Unknown()), { minItems: 1, maxItems: 10 }) });
const AuthMethod = Type.Union([Type.Literal('private_key_jwt'), Type.Literal('client_secret_basic'), Type.Literal('client_secret_post')]);
const Scope = Type.Union([Type.Literal('openid'), Type.Literal('profile'), Type.Literal('phone'), Type.Literal('national_code'), Type.Literal('offline_access'), Type.Literal('acting_for')]);
const Fields = {
  nameFa: Type.String({ minLength: 1, maxLength: 200, description: 'The application’s name in Persian, shown on the consent page.' }),
  nameEn: Type.String({ minLength: 1, maxLength: 200 }),
  redirectUris: Type.Array(Uri, { minItems: 1, maxItems: 20, description: 'Exact redirect URIs (https, or http on localhost); compared character for character.' }),
  postLogoutRedirectUris: Type.Array(Uri, { maxItems: 20 }),
  scopes: Type.Array(Scope, { minItems: 1, maxItems: 10, description: 'Scopes the application may ask for; `national_code` reveals the national code.' }),
  authMethod: AuthMethod,
  jwks: Type.Union([Jwks, Type.Null()], { description: 'Public keys for `private_key_jwt`.' }),
  firstParty: Type.Boolean({ description: 'No consent page (the operator only).' }),
  backchannelLogoutUri: Type.Union([Uri, Type.Null()]),
  defaultAcr: Type.Union([Type.String({ maxLength: 100 }), Type.Null()], { description: 'The lowest acr the application accepts, unless a request asks with acr_values.' }),
  disabled: Type.Boolean(),
};
const ClientCreate = Type.Object(
  {
    clientId: Type.String({ pattern: '^[A-Za-z0-9._-]{3,100}$' }),
    agencyCode: Type.String({ minLength: 1, maxLength: 64 }),
    ...Fields,
    postLogoutRedirectUris: Type.Optional(Fields.postLogoutRedirectUris),
    jwks: Type.Optional(Fields.jwks),
    firstParty: Type.Optional(Fields.firstParty),
    backchannelLogoutUri: Type.Optional(Fields.backchannelLogoutUri),
    defaultAcr: Type.Optional(Fields.defaultAcr),
    disabled: Type.Optional(Fields.disabled),
  },
  { additionalProperties: false },
);
const ClientChange = Type.Object({ ...Object.fromEntries(Object.entries(Fields).map(([k, v]) => [k, Type.Optional(v)])), newSecret: Type.Optional(Type.Boolean({ description: 'Issue a new secret; the old one stops working.' })) }, { additionalProperties: false });
const Client = Type.Object({
  clientId: Type.String(),
  agencyCode: Type.String(),
  ...Fields,
  scopes: Type.Array(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
const Issued = Type.Object({ client: Client, clientSecret: Type.Optional(Type.String({ description: 'Shown once; only its hash is kept.' })) });
const IdParams = Type.Object({ clientId: Type.String({ pattern: '^[A-Za-z0-9._-]{3,100}$' }) });
const ListQuery = Type.Object({ agency: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }, { additionalProperties: false });

/**
 * `/api/v1/identity/clients`: agency applications that sign people in through the window.
 * Agency admins see and change only their agency's; the operator every agency's; auditors read.
 */
export function clientRoutes({ db, onChange }: { db: Database; onChange: (clientId: string) => void }): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/identity/clients', {
      config: { access: readers },
      schema: { tags, summary: 'OpenID Connect clients (agency applications)', security: bearer, querystring: ListQuery, response: { 200: Type.Object({ items: Type.Array(Client) }) } },
      handler: async (req) => ({ items: await listClients(db, req.principal, req.query.agency) }),
    });
    app.get('/identity/clients/:clientId', {
      config: { access: readers },
      schema: { tags, summary: 'One OpenID Connect client', security: bearer, params: IdParams, response: { 200: Client } },
      handler: (req) => getClient(db, req.principal, req.params.clientId),
    });
    app.post('/identity/clients', {
      config: { access: managers },
      schema: { tags, summary: 'Register an agency application (its agency admin or the operator)', security: bearer, body: ClientCreate, response: { 201: Issued } },
      handler: async (req, reply) => reply.code(201).send(await createClient(db, req.principal, req.body, onChange)),
    });
    app.patch('/identity/clients/:clientId', {
      config: { access: managers },
      schema: { tags, summary: 'Change an agency application (or disable it, or issue a new secret)', security: bearer, params: IdParams, body: ClientChange, response: { 200: Issued } },
      handler: (req) => changeClient(db, req.principal, req.params.clientId, req.body, onChange),
    });
  };
}

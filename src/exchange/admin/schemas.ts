import Type, { type Static, type TSchema } from 'typebox';
import { accessRequestStatuses } from '../model.ts';

/**
 * One schema per shape of the exchange's management API: Fastify validates with it, the
 * OpenAPI document is generated from it, and the service functions take its static types.
 */
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const strict = <T extends Record<string, TSchema>>(properties: T, options: object = {}) => Type.Object(properties, { additionalProperties: false, ...options });

const identifierNote = "A-Z a-z 0-9 and ' ( ) + , - . = ?, at most 255 characters.";
const identifier = (description: string) => Type.String({ minLength: 1, maxLength: 255, description: `${description} ${identifierNote}` });
const name = Type.String({ minLength: 1, maxLength: 300 });
const id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
const version = Type.Optional(Type.Integer({ minimum: 1, description: 'The version you read; the change is refused if the record changed since.' }));
const timestamp = Type.String({ format: 'date-time' });
export const agencyCode = Type.String({ pattern: '^[A-Z0-9][A-Z0-9-]{1,31}$', description: 'Agency code in the registry.' });
const status = Type.Enum(['active', 'disabled']);

export const Page = <T extends TSchema>(item: T) => Type.Object({ total: Type.Integer(), offset: Type.Integer(), limit: Type.Integer(), items: Type.Array(item) });
export const PageQuery = {
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
};
export const IdParams = strict({ id });
export const AgencyParams = strict({ agencyCode });

// members
export const MemberCreate = strict({
  agencyCode,
  memberClass: identifier('Member class, e.g. GOV.'),
  memberCode: identifier('Member code, unique within the class.'),
});
export type MemberCreate = Static<typeof MemberCreate>;
export const Member = Type.Object({
  agencyCode: Type.String(),
  instance: Type.String(),
  memberClass: Type.String(),
  memberCode: Type.String(),
  nameFa: Type.String(),
  nameEn: Type.String(),
});

// own rate limits: a consumer subsystem's (the operator), an access right's quota (the provider or the operator)
const perSecond = Type.Integer({ minimum: 1, maximum: 1_000_000 });
export const OwnRateLimit = strict({
  rateLimitPerSecond: nullable(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Calls per second; `null` removes the own limit.' })),
  rateLimitBurst: Type.Optional(nullable(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Calls at once (bucket size); default twice the rate. Needs a rate.' }))),
  version,
});
export type OwnRateLimit = Static<typeof OwnRateLimit>;
const ownLimitFields = { rateLimitPerSecond: nullable(perSecond), rateLimitBurst: nullable(perSecond) };

// subsystems
export const SubsystemCreate = strict({ code: identifier('Subsystem code, unique within the member.'), nameFa: name, nameEn: name });
export type SubsystemCreate = Static<typeof SubsystemCreate>;
export const SubsystemPatch = strict({ nameFa: Type.Optional(name), nameEn: Type.Optional(name), status: Type.Optional(status), version }, { minProperties: 1 });
export type SubsystemPatch = Static<typeof SubsystemPatch>;
export const Subsystem = Type.Object({
  id: Type.Integer(),
  agencyCode: Type.String(),
  code: Type.String(),
  nameFa: Type.String(),
  nameEn: Type.String(),
  status,
  ...ownLimitFields,
  version: Type.Integer(),
});

// client credentials
const label = Type.Optional(Type.String({ maxLength: 200, description: 'A note for people, e.g. where the key is used.' }));
export const CredentialCreate = Type.Union([
  strict({ kind: Type.Literal('certificate'), certificatePem: Type.String({ minLength: 1, maxLength: 20_000, description: 'The client certificate, PEM. Its SHA-256 fingerprint (of the DER) identifies the client on mutual TLS.' }), label }),
  strict({ kind: Type.Literal('jwk'), publicJwk: Type.Object({ kty: Type.String() }, { description: 'Public RSA (≥ 2048 bits), EC or OKP signing key as a JWK; its RFC 7638 thumbprint is the `kid` of client assertions.' }), label }),
  strict({ kind: Type.Literal('secret'), label }, { description: 'Demo deployments only (GATEWAY_SHARED_SECRETS): the server generates the secret and returns it once.' }),
]);
export type CredentialCreate = Static<typeof CredentialCreate>;
export const Credential = Type.Object({
  id: Type.Integer(),
  subsystemId: Type.Integer(),
  kind: Type.Enum(['certificate', 'jwk', 'secret']),
  fingerprint: Type.String({ description: 'certificate: SHA-256 of the DER (hex); jwk: RFC 7638 thumbprint; secret: SHA-256 of the secret (hex).' }),
  certificatePem: nullable(Type.String()),
  publicJwk: nullable(Type.Record(Type.String(), Type.Unknown())),
  label: Type.String(),
  notAfter: nullable(timestamp),
  createdAt: timestamp,
  revokedAt: nullable(timestamp),
});
export const CredentialCreated = Type.Object({
  credential: Credential,
  secret: Type.Optional(Type.String({ description: 'The shared secret, shown this once; only its hash is stored.' })),
});

// services
export const Endpoint = strict({
  method: Type.String({ pattern: '^(\\*|GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|TRACE|get|head|post|put|patch|delete|options|trace)$' }),
  path: Type.String({ pattern: '^/[^?#\\s]*$', maxLength: 1000, description: 'Path pattern: `{param}` one segment, `*` within a segment, `**` any number of segments.' }),
});
const endpoints = Type.Array(Endpoint, { minItems: 1, maxItems: 2000 });
const DataSubject = strict({
  in: Type.Enum(['path', 'query', 'header']),
  name: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.-]+$', description: 'Path template parameter, query parameter or header name.' }),
});
const serviceFields = {
  serviceVersion: nullable(identifier('Service version, e.g. v1.')),
  nameFa: name,
  nameEn: name,
  registryServiceId: nullable(Type.String({ minLength: 1, maxLength: 40, description: 'The catalog service this API serves; `null` for none (an empty string is refused).' })),
  upstreamUrl: Type.String({ minLength: 1, maxLength: 2000, description: 'Base URL of the provider API (http or https); the provider path is appended.' }),
  openapi: Type.Record(Type.String(), Type.Unknown(), { description: 'OpenAPI 3.x document (JSON); the endpoints are taken from it and the service type becomes OPENAPI.' }),
  endpoints: Type.Array(Endpoint, { minItems: 1, maxItems: 2000, description: 'Explicit endpoints of a REST service (instead of an OpenAPI document).' }),
  timeoutMs: Type.Integer({ minimum: 100, maximum: 600_000 }),
  maxBodyBytes: Type.Integer({ minimum: 0, maximum: 1_073_741_824 }),
  dataSubject: nullable(DataSubject),
  rateLimitPerSecond: nullable(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  rateLimitBurst: nullable(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  status,
};
type F = typeof serviceFields;
const opt = <K extends keyof F>(k: K) => Type.Optional(serviceFields[k]);
/** What a service may leave out when created and change later. */
const optionalServiceFields = {
  serviceVersion: opt('serviceVersion'),
  registryServiceId: opt('registryServiceId'),
  openapi: opt('openapi'),
  endpoints: opt('endpoints'),
  timeoutMs: opt('timeoutMs'),
  maxBodyBytes: opt('maxBodyBytes'),
  dataSubject: opt('dataSubject'),
  rateLimitPerSecond: opt('rateLimitPerSecond'),
  rateLimitBurst: opt('rateLimitBurst'),
  status: opt('status'),
};
export const ServiceCreate = strict({
  code: identifier('Service code, unique within the subsystem.'),
  nameFa: serviceFields.nameFa,
  nameEn: serviceFields.nameEn,
  upstreamUrl: serviceFields.upstreamUrl,
  ...optionalServiceFields,
});
export type ServiceCreate = Static<typeof ServiceCreate>;
export const ServicePatch = strict(
  {
    nameFa: opt('nameFa'),
    nameEn: opt('nameEn'),
    upstreamUrl: opt('upstreamUrl'),
    ...optionalServiceFields,
    version,
  },
  { minProperties: 1 },
);
export type ServicePatch = Static<typeof ServicePatch>;
export const Service = Type.Object({
  id: Type.Integer(),
  subsystemId: Type.Integer(),
  agencyCode: Type.String(),
  subsystemCode: Type.String(),
  code: Type.String(),
  serviceVersion: nullable(Type.String()),
  nameFa: Type.String(),
  nameEn: Type.String(),
  registryServiceId: nullable(Type.String()),
  serviceType: Type.Enum(['REST', 'OPENAPI']),
  upstreamUrl: Type.Optional(Type.String({ description: "The backend address: shown only to the operator and the provider agency's admins." })),
  hasOpenapi: Type.Boolean(),
  endpoints: Type.Array(Type.Object({ method: Type.String(), path: Type.String() })),
  timeoutMs: Type.Integer(),
  maxBodyBytes: Type.Integer(),
  dataSubject: nullable(Type.Object({ in: Type.String(), name: Type.String() })),
  rateLimitPerSecond: nullable(Type.Integer()),
  rateLimitBurst: nullable(Type.Integer()),
  status,
  version: Type.Integer(),
});
export const ServiceListQuery = strict({
  ...PageQuery,
  agency: Type.Optional(agencyCode),
  subsystemId: Type.Optional(id),
  status: Type.Optional(status),
  registryServiceId: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
});

// the backend addresses the operator registered for a member
export const UpstreamRegistrationCreate = strict({
  url: Type.String({ minLength: 1, maxLength: 2000, description: "URL prefix of the member's backends: http(s), host, optional port and path prefix (`https://api.agency.example/inquiries/`). The member's services must have upstream URLs inside one of its registrations." }),
  internalAddresses: Type.Optional(
    Type.Array(Type.String({ minLength: 2, maxLength: 45 }), {
      maxItems: 16,
      description: 'IP addresses this registration may reach although they are loopback, private, link-local or this host\'s own (each exact). Without them such addresses are refused, also when a name resolves to one.',
    }),
  ),
  note: Type.Optional(Type.String({ maxLength: 500, description: 'Why, for the audit trail: a ticket, a contract.' })),
});
export type UpstreamRegistrationCreate = Static<typeof UpstreamRegistrationCreate>;
export const UpstreamRegistration = Type.Object({
  id: Type.Integer(),
  agencyCode: Type.String(),
  urlPrefix: Type.String(),
  internalAddresses: Type.Array(Type.String()),
  note: Type.String(),
  createdAt: timestamp,
  createdBy: Type.String(),
  revokedAt: nullable(timestamp),
  revokedBy: nullable(Type.String()),
});
export const UpstreamRegistrationParams = strict({ agencyCode, id });

// access requests
const purposeText = Type.String({ minLength: 1, maxLength: 2000 });
export const AccessRequestCreate = strict({
  consumerSubsystemId: id,
  serviceId: id,
  endpoints: Type.Optional(nullable(endpoints)),
  purpose: purposeText,
  legalBasis: purposeText,
  message: Type.Optional(Type.String({ maxLength: 2000, description: 'A note for the status history.' })),
});
export type AccessRequestCreate = Static<typeof AccessRequestCreate>;
export const TransitionBody = strict({ message: Type.Optional(Type.String({ maxLength: 2000 })), version });
export type TransitionBody = Static<typeof TransitionBody>;
export const ReasonedTransitionBody = strict({ message: Type.String({ minLength: 1, maxLength: 2000, description: 'Why; the other side reads it.' }), version });
const requestStatus = Type.Enum([...accessRequestStatuses]);
export const AccessRequestEvent = Type.Object({ at: timestamp, status: requestStatus, actor: Type.String(), message: Type.String() });
const accessRequestFields = {
  id: Type.Integer(),
  consumerSubsystemId: Type.Integer(),
  consumerAgencyCode: Type.String(),
  consumerSubsystemCode: Type.String(),
  serviceId: Type.Integer(),
  serviceCode: Type.String(),
  providerAgencyCode: Type.String(),
  providerSubsystemId: Type.Integer(),
  providerSubsystemCode: Type.String(),
  endpoints: nullable(Type.Array(Type.Object({ method: Type.String(), path: Type.String() }))),
  purpose: Type.String(),
  legalBasis: Type.String(),
  status: requestStatus,
  boardRequired: Type.Boolean(),
  ...ownLimitFields,
  version: Type.Integer(),
  createdAt: timestamp,
  updatedAt: timestamp,
};
export const AccessRequest = Type.Object(accessRequestFields);
export const AccessRequestDetail = Type.Object({ ...accessRequestFields, events: Type.Array(AccessRequestEvent) });
export const AccessRequestListQuery = strict({
  ...PageQuery,
  consumerAgency: Type.Optional(agencyCode),
  providerAgency: Type.Optional(agencyCode),
  consumerSubsystemId: Type.Optional(id),
  serviceId: Type.Optional(id),
  status: Type.Optional(requestStatus),
});

import type { EndpointPattern } from './protocol/endpoints.ts';

/**
 * The exchange's configuration as the rest of the application sees it. Identifiers follow
 * X-Road: a member is an agency (instance/class/code), a subsystem one of its information
 * systems, a service a code under a subsystem.
 */
export interface Member {
  agencyCode: string;
  instance: string;
  memberClass: string;
  memberCode: string;
  /** The agency's names from the registry. */
  nameFa: string;
  nameEn: string;
}

/** A limit a record (a consumer subsystem, a service, an access right) may set for itself; null: not set. */
export interface OwnLimit {
  rateLimitPerSecond: number | null;
  rateLimitBurst: number | null;
}

export type SubsystemStatus = 'active' | 'disabled';

export interface Subsystem {
  id: number;
  agencyCode: string;
  code: string;
  nameFa: string;
  nameEn: string;
  status: SubsystemStatus;
  /** Its own limit as a consumer, across all services (the operator sets it); null: the deployment's default. */
  rateLimitPerSecond: number | null;
  rateLimitBurst: number | null;
  version: number;
}

export type CredentialKind = 'certificate' | 'jwk' | 'secret';

export interface ClientCredential {
  id: number;
  subsystemId: number;
  kind: CredentialKind;
  /** certificate: SHA-256 of the DER (hex); jwk: RFC 7638 thumbprint; secret: SHA-256 of it (hex). */
  fingerprint: string;
  certificatePem: string | null;
  publicJwk: Record<string, unknown> | null;
  label: string;
  notAfter: string | null;
  createdAt: string;
  revokedAt: string | null;
}

/** Where a request carries the national code of the person the data is about. */
export interface DataSubjectLocation {
  in: 'path' | 'query' | 'header';
  /** Path template parameter name (`{nationalCode}` → `nationalCode`), query parameter or header name. */
  name: string;
}

export type ServiceStatus = 'active' | 'disabled';

export interface ExchangeService {
  id: number;
  subsystemId: number;
  code: string;
  serviceVersion: string | null;
  nameFa: string;
  nameEn: string;
  /** The catalog service this API serves, when there is one. */
  registryServiceId: string | null;
  serviceType: 'REST' | 'OPENAPI';
  upstreamUrl: string;
  openapi: Record<string, unknown> | null;
  endpoints: EndpointPattern[];
  timeoutMs: number;
  maxBodyBytes: number;
  dataSubject: DataSubjectLocation | null;
  rateLimitPerSecond: number | null;
  rateLimitBurst: number | null;
  status: ServiceStatus;
  version: number;
}

export const accessRequestStatuses = ['pending', 'provider_approved', 'approved', 'refused', 'withdrawn', 'revoked'] as const;
export type AccessRequestStatus = (typeof accessRequestStatuses)[number];

export interface AccessRequest {
  id: number;
  consumerSubsystemId: number;
  serviceId: number;
  /** null: the whole service. */
  endpoints: EndpointPattern[] | null;
  purpose: string;
  legalBasis: string;
  status: AccessRequestStatus;
  boardRequired: boolean;
  /** The right's own quota (the provider or the operator sets it); null: only the consumer's and the service's limits. */
  rateLimitPerSecond: number | null;
  rateLimitBurst: number | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface AccessRequestEvent {
  at: string;
  status: AccessRequestStatus;
  actor: string;
  message: string;
}

/** An approved access request, as the gateway uses it. */
export type AccessRight = Pick<AccessRequest, 'id' | 'consumerSubsystemId' | 'serviceId' | 'endpoints' | 'purpose' | 'legalBasis' | 'rateLimitPerSecond' | 'rateLimitBurst'>;

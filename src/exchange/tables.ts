import { bigint, boolean, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { EndpointPattern } from './protocol/endpoints.ts';
import type { DataSubjectLocation } from './model.ts';

/**
 * Typed views of the exchange's configuration tables (migrations 0004, 0008, 0010) for drizzle's query
 * builder. The tables are created by the plain SQL migration; test/database.test.ts checks
 * that both agree.
 */
const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const exchangeState = pgTable('exchange_state', {
  singleton: boolean().primaryKey().default(true),
  version: bigint({ mode: 'number' }).notNull().default(0),
});

export const exchangeMembers = pgTable('exchange_members', {
  agencyCode: text('agency_code').primaryKey(),
  instance: text().notNull(),
  memberClass: text('member_class').notNull(),
  memberCode: text('member_code').notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
});

export const exchangeSubsystems = pgTable('exchange_subsystems', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  agencyCode: text('agency_code').notNull(),
  code: text().notNull(),
  nameFa: text('name_fa').notNull(),
  nameEn: text('name_en').notNull(),
  status: text().$type<'active' | 'disabled'>().notNull().default('active'),
  rateLimitPerSecond: integer('rate_limit_per_second'),
  rateLimitBurst: integer('rate_limit_burst'),
  version: integer().notNull().default(1),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

export const exchangeClientCredentials = pgTable('exchange_client_credentials', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  subsystemId: bigint('subsystem_id', { mode: 'number' }).notNull(),
  kind: text().$type<'certificate' | 'jwk' | 'secret'>().notNull(),
  fingerprint: text().notNull(),
  certificatePem: text('certificate_pem'),
  publicJwk: jsonb('public_jwk').$type<Record<string, unknown>>(),
  label: text().notNull().default(''),
  notAfter: at('not_after'),
  createdAt: at('created_at').notNull().defaultNow(),
  revokedAt: at('revoked_at'),
});

export const exchangeServices = pgTable('exchange_services', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  subsystemId: bigint('subsystem_id', { mode: 'number' }).notNull(),
  code: text().notNull(),
  serviceVersion: text('service_version'),
  nameFa: text('name_fa').notNull(),
  nameEn: text('name_en').notNull(),
  registryServiceId: text('registry_service_id'),
  serviceType: text('service_type').$type<'REST' | 'OPENAPI'>().notNull().default('REST'),
  upstreamUrl: text('upstream_url').notNull(),
  openapi: jsonb().$type<Record<string, unknown>>(),
  endpoints: jsonb().$type<EndpointPattern[]>().notNull().default([]),
  timeoutMs: integer('timeout_ms').notNull().default(30000),
  maxBodyBytes: integer('max_body_bytes').notNull().default(10485760),
  dataSubject: jsonb('data_subject').$type<DataSubjectLocation>(),
  rateLimitPerSecond: integer('rate_limit_per_second'),
  rateLimitBurst: integer('rate_limit_burst'),
  status: text().$type<'active' | 'disabled'>().notNull().default('active'),
  version: integer().notNull().default(1),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

export const exchangeAccessRequests = pgTable('exchange_access_requests', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  consumerSubsystemId: bigint('consumer_subsystem_id', { mode: 'number' }).notNull(),
  serviceId: bigint('service_id', { mode: 'number' }).notNull(),
  endpoints: jsonb().$type<EndpointPattern[]>(),
  purpose: text().notNull(),
  legalBasis: text('legal_basis').notNull(),
  status: text().$type<'pending' | 'provider_approved' | 'approved' | 'refused' | 'withdrawn' | 'revoked'>().notNull(),
  boardRequired: boolean('board_required').notNull(),
  rateLimitPerSecond: integer('rate_limit_per_second'),
  rateLimitBurst: integer('rate_limit_burst'),
  version: integer().notNull().default(1),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

export const exchangeAccessRequestEvents = pgTable('exchange_access_request_events', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  requestId: bigint('request_id', { mode: 'number' }).notNull(),
  at: at('at').notNull().defaultNow(),
  status: text().notNull(),
  actor: text().notNull(),
  message: text().notNull().default(''),
});

export const exchangeMemberUpstreams = pgTable('exchange_member_upstreams', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  agencyCode: text('agency_code').notNull(),
  urlPrefix: text('url_prefix').notNull(),
  internalAddresses: jsonb('internal_addresses').$type<string[]>().notNull().default([]),
  note: text().notNull().default(''),
  createdAt: at('created_at').notNull().defaultNow(),
  createdBy: text('created_by').notNull(),
  revokedAt: at('revoked_at'),
  revokedBy: text('revoked_by'),
});

export const exchangeTables = [exchangeState, exchangeMembers, exchangeMemberUpstreams, exchangeSubsystems, exchangeClientCredentials, exchangeServices, exchangeAccessRequests, exchangeAccessRequestEvents];

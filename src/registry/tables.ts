import { bigint, boolean, date, integer, jsonb, numeric, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import type { Bilingual, ServiceInquiry } from './model.ts';

/**
 * Typed views of the registry's tables for drizzle's query builder. The tables themselves are
 * created by the plain SQL migrations in src/db/migrations; a test checks the two agree.
 */
export const agencies = pgTable('agencies', {
  code: text().primaryKey(),
  nameFa: text('name_fa').notNull(),
  nameEn: text('name_en').notNull(),
  kind: text().notNull(),
  parentCode: text('parent_code'),
  eligible: boolean().notNull(),
  connectedOn: date('connected_on', { mode: 'string' }),
  contactEmail: text('contact_email'),
  contactPhone: text('contact_phone'),
  website: text(),
  version: integer().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
});

export const services = pgTable('services', {
  id: text().primaryKey(),
  serial: bigint({ mode: 'number' }).notNull(),
  agencyCode: text('agency_code').notNull(),
  parentId: text('parent_id'),
  externalCode: text('external_code'),
  nameFa: text('name_fa').notNull(),
  nameEn: text('name_en').notNull(),
  descriptionFa: text('description_fa').notNull(),
  descriptionEn: text('description_en').notNull(),
  topic: text().notNull(),
  audiences: text().array().notNull(),
  lifeEvents: text('life_events').array().notNull(),
  maturity: smallint().notNull(),
  deliveryStatus: text('delivery_status').notNull(),
  channels: text().array().notNull(),
  feeAmount: bigint('fee_amount', { mode: 'number' }),
  slaDays: integer('sla_days'),
  requiredEvidence: jsonb('required_evidence').$type<Bilingual[]>().notNull(),
  inquiries: jsonb().$type<ServiceInquiry[]>().notNull(),
  serviceType: text('service_type').notNull(),
  nature: text().notNull(),
  serviceLevel: text('service_level').notNull(),
  trigger: text().notNull(),
  inPersonVisits: integer('in_person_visits').notNull(),
  avgProcessingDays: numeric('avg_processing_days', { mode: 'number' }),
  accessUrl: text('access_url'),
  annualUsers: bigint('annual_users', { mode: 'number' }),
  complaintChannel: text('complaint_channel'),
  status: text().notNull(),
  retiredAt: timestamp('retired_at', { withTimezone: true, mode: 'date' }),
  version: integer().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
});

export const registryHistory = pgTable('registry_history', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  entity: text().notNull(),
  entityKey: text('entity_key').notNull(),
  action: text().notNull(),
  actor: text().notNull(),
  at: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  changes: jsonb().$type<Record<string, unknown>>().notNull(),
});

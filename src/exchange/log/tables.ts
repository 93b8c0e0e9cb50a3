import { bigint, boolean, doublePrecision, pgTable, real, smallint, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Typed views of the exchange log's tables (created by migrations 0005 and 0006), for readers
 * such as the usage and "who accessed my data" queries. The writer and the verifier use plain
 * SQL: one statement per batch, keyset pages.
 */
export const exchangeLog = pgTable('exchange_log', {
  node: text().notNull(),
  seq: bigint({ mode: 'number' }).notNull(),
  at: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
  messageId: text('message_id').notNull(),
  consumer: text(),
  service: text(),
  method: text().notNull(),
  path: text().notNull(),
  endpoint: text(),
  userId: text('user_id'),
  representedParty: text('represented_party'),
  dataSubject: text('data_subject'),
  purpose: text(),
  status: smallint().notNull(),
  errorType: text('error_type'),
  latencyMs: real('latency_ms').notNull(),
  requestHash: text('request_hash'),
  responseHash: text('response_hash'),
  prevHash: text('prev_hash').notNull(),
  hash: text().notNull(),
});

export const exchangeLogChains = pgTable('exchange_log_chains', {
  node: text().primaryKey(),
  seq: bigint({ mode: 'number' }).notNull(),
  hash: text().notNull(),
  at: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
  /** Last record dropped by retention (0 and 64 zeros while the chain is whole). */
  anchorSeq: bigint('anchor_seq', { mode: 'number' }).notNull(),
  anchorHash: text('anchor_hash').notNull(),
});

export const exchangeUsage = pgTable('exchange_usage', {
  granularity: text().notNull(),
  bucketStart: timestamp('bucket_start', { withTimezone: true, mode: 'date' }).notNull(),
  service: text().notNull(),
  consumer: text().notNull(),
  calls: bigint({ mode: 'number' }).notNull(),
  errors: bigint({ mode: 'number' }).notNull(),
  latencyMsSum: doublePrecision('latency_ms_sum').notNull(),
  latencyMsMax: real('latency_ms_max').notNull(),
  demo: boolean().notNull(),
});

export const exchangeLogTables = [exchangeLog, exchangeLogChains, exchangeUsage];

import { sql } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { formatServiceId as formatCatalogId } from '../../core/service-id.ts';
import { ExchangeSnapshot, loadSnapshotInput } from '../snapshot/index.ts';
import { bumpExchangeVersion } from '../state.ts';

/**
 * A small exchange for the read-side tests: four agencies, their members and systems, two
 * services (one serving a catalog service), written with plain SQL as the tables define them.
 * The configuration version moves on, as after any change, so an app's snapshot picks it up
 * (at once with `app.exchangeConfig.refreshNow()`).
 */
export const keys = {
  literacy: 'IR/GOV/1001/literacy/literacy-level',
  insurance: 'IR/GOV/1002/insurance/booklet-validity',
  registry: 'IR/GOV/1003/registry',
  bank: 'IR/COM/2001/loans',
  /** A consumer no member stands behind (a claimed, unknown client). */
  stranger: 'IR/GOV/9999/ghost',
} as const;

export const catalogId = formatCatalogId({ serviceIdPrefix: 'IR' }, 1_000_001);

export async function seedExchange(db: Database): Promise<void> {
  await db.transaction(async (q) => {
    await q.execute(sql`insert into agencies (code, name_fa, name_en, kind) values
      ('MIN-EDU', 'وزارت آموزش و پرورش', 'Ministry of Education', 'ministry'),
      ('ORG-HEALTH', 'سازمان بیمه سلامت', 'Health Insurance Organisation', 'subordinate_organisation'),
      ('ORG-NOCR', 'سازمان ثبت احوال', 'National Organisation for Civil Registration', 'subordinate_organisation'),
      ('BANK-X', 'بانک نمونه', 'Example Bank', 'other'),
      ('MIN-NONE', 'وزارت بی‌عضو', 'Ministry without membership', 'ministry')`);
    await q.execute(sql`insert into services (id, serial, agency_code, name_fa, name_en, topic, maturity, delivery_status, service_type, nature, service_level, trigger)
      values (${catalogId}, 1000001, 'MIN-EDU', 'استعلام سطح سواد', 'Literacy level inquiry', 'education', 3, 'delivered', 'G2G', 'operational', 'national', 'on_request')`);
    await q.execute(sql`insert into exchange_members (agency_code, instance, member_class, member_code) values
      ('MIN-EDU', 'IR', 'GOV', '1001'), ('ORG-HEALTH', 'IR', 'GOV', '1002'), ('ORG-NOCR', 'IR', 'GOV', '1003'), ('BANK-X', 'IR', 'COM', '2001')`);
    await q.execute(sql`insert into exchange_subsystems (agency_code, code, name_fa, name_en) values
      ('MIN-EDU', 'literacy', 'سامانه سواد', 'Literacy system'),
      ('ORG-HEALTH', 'insurance', 'سامانه بیمه', 'Insurance system'),
      ('ORG-NOCR', 'registry', 'سامانه ثبت', 'Registry system'),
      ('BANK-X', 'loans', 'سامانه وام', 'Loans system')`);
    await q.execute(sql`insert into exchange_services (subsystem_id, code, name_fa, name_en, registry_service_id, upstream_url)
      select id, 'literacy-level', 'سطح سواد', 'Literacy level', ${catalogId}, 'http://127.0.0.1:1/' from exchange_subsystems where code = 'literacy'`);
    await q.execute(sql`insert into exchange_services (subsystem_id, code, name_fa, name_en, upstream_url)
      select id, 'booklet-validity', 'اعتبار دفترچه', 'Booklet validity', 'http://127.0.0.1:1/' from exchange_subsystems where code = 'insurance'`);
    await bumpExchangeVersion(q);
  });
}

/** The exchange configuration as a node would hold it now, for calling the usage service without an app. */
export async function snapshotOf(db: Database): Promise<{ current(): ExchangeSnapshot; refreshNow(): Promise<void> }> {
  const snapshot = new ExchangeSnapshot(await db.transaction(loadSnapshotInput));
  return { current: () => snapshot, refreshNow: async () => {} };
}

export interface Bucket {
  granularity: 'minute' | 'day';
  start: string;
  service: string;
  consumer: string;
  calls: number;
  errors?: number;
  latencySum?: number;
  latencyMax?: number;
  demo?: boolean;
}

/** Writes the buckets in one statement, as the log writer and the demo loader do. */
export async function insertBuckets(db: Database, buckets: readonly Bucket[]): Promise<void> {
  if (buckets.length === 0) return;
  const values = buckets.map((b) => ({
    g: b.granularity,
    s: b.start,
    service: b.service,
    consumer: b.consumer,
    c: b.calls,
    e: b.errors ?? 0,
    l: b.latencySum ?? b.calls * 10,
    m: b.latencyMax ?? 10,
    d: b.demo ?? false,
  }));
  await db.run((q) =>
    q.execute(sql`insert into exchange_usage (granularity, bucket_start, service, consumer, calls, errors, latency_ms_sum, latency_ms_max, demo)
      select b.g, b.s, b.service, b.consumer, b.c, b.e, b.l, b.m, b.d
      from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as b(g text, s timestamptz, service text, consumer text, c bigint, e bigint, l double precision, m real, d boolean)`),
  );
}

export interface LogRecord {
  node?: string;
  seq: number;
  at: string;
  subject: string | null;
  consumer?: string | null;
  service?: string | null;
  status?: number;
  errorType?: string | null;
  purpose?: string | null;
}

/** Log records for the data-subject tests; one partition covers every date the tests use. */
export async function insertLogRecords(db: Database, records: readonly LogRecord[]): Promise<void> {
  await db.run(async (q) => {
    await q.execute(sql`create table if not exists exchange_log_ptest partition of exchange_log for values from ('2020-01-01') to ('2030-01-01')`);
    for (const r of records) {
      await q.execute(sql`insert into exchange_log (node, seq, at, message_id, consumer, service, method, path, endpoint, data_subject, purpose, status, error_type, latency_ms, prev_hash, hash)
        values (${r.node ?? 'node-a'}, ${r.seq}, ${r.at}::timestamptz, ${`msg-${r.node ?? 'node-a'}-${r.seq}`}, ${r.consumer === undefined ? keys.bank : r.consumer},
                ${r.service === undefined ? keys.literacy : r.service}, 'GET', '/persons', 'GET /persons/{nationalCode}', ${r.subject}, ${r.purpose ?? null},
                ${r.status ?? 200}, ${r.errorType ?? null}, 12.5, 'prev', 'hash')`);
    }
  });
}

import { and, arrayContains, asc, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { rows, type Database, type Sql } from '../db/database.ts';
import { columnMapper } from '../db/cursor-rows.ts';
import { QueryBuilder } from 'drizzle-orm/pg-core';
import { services } from './tables.ts';
import { bulkInsert } from '../db/bulk-insert.ts';
import type { Service } from './model.ts';
import type { ServiceFacts } from './rules.ts';

type ServiceRow = typeof services.$inferSelect;

export function toService(row: ServiceRow): Service {
  const { serial: _serial, ...rest } = row;
  return {
    ...(rest as unknown as Omit<Service, 'createdAt' | 'updatedAt' | 'retiredAt'>),
    retiredAt: row.retiredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function selectService(q: Sql, id: string, forUpdate = false): Promise<Service | undefined> {
  const query = q.select().from(services).where(eq(services.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row ? toService(row) : undefined;
}

export interface ServiceFilter {
  agencyCode?: string;
  topic?: string;
  audience?: string;
  maturity?: number;
  deliveryStatus?: string;
  status?: 'active' | 'retired';
  parentId?: string;
  externalCode?: string;
}

function serviceWhere(f: ServiceFilter): SQL | undefined {
  return and(
    f.agencyCode ? eq(services.agencyCode, f.agencyCode) : undefined,
    f.topic ? eq(services.topic, f.topic) : undefined,
    f.audience ? arrayContains(services.audiences, [f.audience]) : undefined,
    f.maturity === undefined ? undefined : eq(services.maturity, f.maturity),
    f.deliveryStatus ? eq(services.deliveryStatus, f.deliveryStatus) : undefined,
    f.status ? eq(services.status, f.status) : undefined,
    f.parentId ? eq(services.parentId, f.parentId) : undefined,
    f.externalCode ? eq(services.externalCode, f.externalCode) : undefined,
  );
}

export async function selectServices(q: Sql, f: ServiceFilter, page: { offset: number; limit: number }): Promise<{ total: number; items: Service[] }> {
  const where = serviceWhere(f);
  const [{ total } = { total: 0 }] = await q.select({ total: count() }).from(services).where(where);
  const items = await q.select().from(services).where(where).orderBy(asc(services.serial)).offset(page.offset).limit(page.limit);
  return { total, items: items.map(toService) };
}

/** Every service, in identifier order, streamed in pages so a large registry is not one array of rows in the driver. */
export async function* selectAllServices(q: Sql, f: ServiceFilter = {}, pageSize = 5000): AsyncGenerator<Service> {
  let after = 0;
  for (;;) {
    const page = await q.select().from(services).where(and(serviceWhere(f), sql`${services.serial} > ${after}`)).orderBy(asc(services.serial)).limit(pageSize);
    for (const row of page) yield toService(row);
    if (page.length < pageSize) return;
    after = page[page.length - 1]!.serial;
  }
}

const serviceOfCursor = columnMapper(services);

/** Every service in serial order, a batch at a time through a cursor (exports). */
export async function* streamAllServices(db: Database, batchSize: number): AsyncGenerator<Service[]> {
  const query = new QueryBuilder().select().from(services).orderBy(asc(services.serial)).getSQL();
  for await (const batch of db.cursor(query, batchSize)) yield batch.map((row) => toService(serviceOfCursor(row)));
}

/** Facts needed by the tree rules, for every service of the given agencies. */
export async function selectServiceFacts(q: Sql, agencyCodes?: string[]): Promise<Map<string, ServiceFacts>> {
  const query = q.select({ id: services.id, agencyCode: services.agencyCode, parentId: services.parentId, status: services.status }).from(services);
  const found = agencyCodes ? await query.where(inArray(services.agencyCode, agencyCodes)) : await query;
  return new Map(found.map((s) => [s.id, s as ServiceFacts]));
}

/** Takes `n` fresh serials; the sequence never returns one twice. */
export async function nextSerials(q: Sql, n: number): Promise<number[]> {
  if (n === 0) return [];
  const r = await rows<{ s: number }>(q, sql`select nextval('service_serial')::int as s from generate_series(1, ${n}::int)`);
  return r.map((x) => Number(x.s));
}

export type ServiceValues = Omit<Service, 'status' | 'retiredAt' | 'version' | 'createdAt' | 'updatedAt'> & { serial: number };

export async function insertServices(q: Sql, values: ServiceValues[]): Promise<void> {
  await bulkInsert(q, services, values);
}

export async function updateServiceRow(q: Sql, id: string, values: Partial<ServiceValues> & { status?: 'active' | 'retired'; retiredAt?: Date | null }): Promise<Service> {
  const [row] = await q.update(services).set({ ...values, version: sql`${services.version} + 1`, updatedAt: new Date() }).where(eq(services.id, id)).returning();
  return toService(row!);
}

export async function selectActiveDescendants(q: Sql, id: string): Promise<string[]> {
  const r = await rows<{ id: string }>(
    q,
    sql`with recursive d(id) as (select id from services where parent_id = ${id} and status = 'active'
        union select s.id from services s join d on s.parent_id = d.id where s.status = 'active') select id from d`,
  );
  return r.map((x) => x.id);
}

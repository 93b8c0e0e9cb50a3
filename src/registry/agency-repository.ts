import { and, asc, count, eq, ilike, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Database, Sql } from '../db/database.ts';
import { columnMapper } from '../db/cursor-rows.ts';
import { QueryBuilder } from 'drizzle-orm/pg-core';
import { agencies, services } from './tables.ts';
import { bulkInsert } from '../db/bulk-insert.ts';
import type { Agency } from './model.ts';

type AgencyRow = typeof agencies.$inferSelect;

export function toAgency(row: AgencyRow): Agency {
  return {
    ...row,
    kind: row.kind as Agency['kind'],
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function selectAgency(q: Sql, code: string, forUpdate = false): Promise<Agency | undefined> {
  const query = q.select().from(agencies).where(eq(agencies.code, code));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row ? toAgency(row) : undefined;
}

export interface AgencyFilter {
  kind?: string;
  eligible?: boolean;
  connected?: boolean;
  parentCode?: string;
  q?: string;
}

function agencyWhere(f: AgencyFilter): SQL | undefined {
  const escaped = f.q?.replace(/[\\%_]/g, (c) => `\\${c}`);
  return and(
    f.kind ? eq(agencies.kind, f.kind) : undefined,
    f.eligible === undefined ? undefined : eq(agencies.eligible, f.eligible),
    f.connected === undefined ? undefined : f.connected ? isNotNull(agencies.connectedOn) : isNull(agencies.connectedOn),
    f.parentCode ? eq(agencies.parentCode, f.parentCode) : undefined,
    escaped ? or(ilike(agencies.code, `%${escaped}%`), ilike(agencies.nameEn, `%${escaped}%`), ilike(agencies.nameFa, `%${escaped}%`)) : undefined,
  );
}

export async function selectAgencies(q: Sql, f: AgencyFilter, page: { offset: number; limit: number }): Promise<{ total: number; items: Agency[] }> {
  const where = agencyWhere(f);
  const [{ total } = { total: 0 }] = await q.select({ total: count() }).from(agencies).where(where);
  const items = await q.select().from(agencies).where(where).orderBy(asc(agencies.code)).offset(page.offset).limit(page.limit);
  return { total, items: items.map(toAgency) };
}

export async function selectAllAgencies(q: Sql): Promise<Agency[]> {
  return (await q.select().from(agencies).orderBy(asc(agencies.code))).map(toAgency);
}

const agencyOfCursor = columnMapper(agencies);

/** Every agency in code order, a batch at a time through a cursor (exports). */
export async function* streamAllAgencies(db: Database, batchSize: number): AsyncGenerator<Agency[]> {
  const query = new QueryBuilder().select().from(agencies).orderBy(asc(agencies.code)).getSQL();
  for await (const batch of db.cursor(query, batchSize)) yield batch.map((row) => toAgency(agencyOfCursor(row)));
}

/** code → parent code, for every agency: enough to check the tree for cycles in memory. */
export async function selectAgencyParents(q: Sql): Promise<Map<string, string | null>> {
  const all = await q.select({ code: agencies.code, parentCode: agencies.parentCode }).from(agencies);
  return new Map(all.map((a) => [a.code, a.parentCode]));
}

export type AgencyValues = Omit<Agency, 'version' | 'createdAt' | 'updatedAt'>;

export async function insertAgencies(q: Sql, values: AgencyValues[]): Promise<void> {
  await bulkInsert(q, agencies, values);
}

export async function updateAgencyRow(q: Sql, code: string, values: Partial<AgencyValues>): Promise<Agency> {
  const [row] = await q
    .update(agencies)
    .set({ ...values, version: sql`${agencies.version} + 1`, updatedAt: new Date() })
    .where(eq(agencies.code, code))
    .returning();
  return toAgency(row!);
}

export async function countActiveServices(q: Sql, agencyCode: string): Promise<number> {
  const [r] = await q.select({ n: count() }).from(services).where(and(eq(services.agencyCode, agencyCode), eq(services.status, 'active')));
  return r?.n ?? 0;
}

export async function existingAgencyCodes(q: Sql, codes: string[]): Promise<Set<string>> {
  if (!codes.length) return new Set();
  const found = await q.select({ code: agencies.code }).from(agencies).where(inArray(agencies.code, [...new Set(codes)]));
  return new Set(found.map((r) => r.code));
}

import { eq, inArray, sql } from 'drizzle-orm';
import { pgView, text } from 'drizzle-orm/pg-core';
import { rows, type Sql } from '../db/database.ts';
import type { AgencyFigures } from '../core/insights/index.ts';
import { agencies, services } from './tables.ts';

/**
 * What other modules may read of the registry's data (ADR 0011). They never name the registry's
 * tables: a read that only looks something up, or names rows the caller already has, is a
 * function here; a read whose SQL must stay in the database — the insights aggregate, and the
 * exchange's search that filters on agency names — is SQL the registry owns: a function that runs
 * it, or a view (migration 0009) the caller joins. Each takes a query handle, so it runs inside
 * the caller's transaction when given one.
 */

export interface Names {
  nameFa: string;
  nameEn: string;
}

/** The names of the agencies with these codes; codes that name no agency are left out. */
export async function readAgencyNames(q: Sql, codes: readonly string[]): Promise<Map<string, Names>> {
  if (codes.length === 0) return new Map();
  const found = await q
    .select({ code: agencies.code, nameFa: agencies.nameFa, nameEn: agencies.nameEn })
    .from(agencies)
    .where(inArray(agencies.code, [...new Set(codes)]));
  return new Map(found.map(({ code, ...names }) => [code, names]));
}

/** The names of the services (catalog entries, active or retired) with these ids; unknown ids are left out. */
export async function readServiceNames(q: Sql, ids: readonly string[]): Promise<Map<string, Names>> {
  if (ids.length === 0) return new Map();
  const found = await q
    .select({ id: services.id, nameFa: services.nameFa, nameEn: services.nameEn })
    .from(services)
    .where(inArray(services.id, [...new Set(ids)]));
  return new Map(found.map(({ id, ...names }) => [id, names]));
}

/** Whether a service (active or retired) has this id. */
export async function serviceExists(q: Sql, id: string): Promise<boolean> {
  const [row] = await q.select({ id: services.id }).from(services).where(eq(services.id, id));
  return row !== undefined;
}

/**
 * One row per agency, ordered by code, with its active services counted by delivery status and
 * maturity level: a single aggregate query, so a KPI set never pulls individual services. The
 * insights report is computed from it (benchmarked by `npm run bench -- insights`).
 */
export async function readAgencyServiceCounts(q: Sql): Promise<AgencyFigures[]> {
  const found = await rows<Omit<AgencyFigures, 'byMaturity'> & { m0: number; m1: number; m2: number; m3: number; m4: number; m5: number }>(
    q,
    sql`select a.code, a.name_fa as "nameFa", a.name_en as "nameEn", a.kind, a.eligible, a.connected_on::text as "connectedOn",
          count(s.id)::int as identified,
          count(s.id) filter (where s.delivery_status = 'delivered')::int as delivered,
          count(s.id) filter (where s.delivery_status <> 'delivered')::int as "notDelivered",
          count(s.id) filter (where s.maturity = 0)::int as m0, count(s.id) filter (where s.maturity = 1)::int as m1,
          count(s.id) filter (where s.maturity = 2)::int as m2, count(s.id) filter (where s.maturity = 3)::int as m3,
          count(s.id) filter (where s.maturity = 4)::int as m4, count(s.id) filter (where s.maturity = 5)::int as m5
        from agencies a left join services s on s.agency_code = a.code and s.status = 'active'
        group by a.code order by a.code`,
  );
  return found.map(({ m0, m1, m2, m3, m4, m5, ...a }) => ({ ...a, byMaturity: [m0, m1, m2, m3, m4, m5] }));
}

/**
 * The view `registry_agency_names` (migration 0009) for another module's own SQL, when the
 * database must filter or join on agency names (a paged search): `code`, `nameFa`, `nameEn`.
 * Only for that; a lookup by code is `readAgencyNames`.
 */
export const registryAgencyNames = pgView('registry_agency_names', {
  code: text().notNull(),
  nameFa: text('name_fa').notNull(),
  nameEn: text('name_en').notNull(),
}).existing();

import { sql } from 'drizzle-orm';
import { rows, type Sql } from '../db/database.ts';
import type { AgencyFigures } from '../core/insights/index.ts';

/**
 * One row per agency with its active services counted by delivery status and maturity level:
 * a single aggregate query, so the KPI set never pulls individual services.
 */
export async function selectAgencyFigures(q: Sql): Promise<AgencyFigures[]> {
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

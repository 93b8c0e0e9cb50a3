import { and, asc, eq, gt } from 'drizzle-orm';
import type { Sql } from '../db/database.ts';
import { services } from './tables.ts';
import { toService } from './service-repository.ts';
import type { Service } from './model.ts';

/**
 * One page of active services in serial order, after `afterSerial`: the catalog reads the
 * registry a page per statement, so on the embedded engine (one connection) other requests'
 * queries run between its pages.
 */
export async function selectActiveServicePage(q: Sql, afterSerial: number, limit: number): Promise<{ services: Service[]; lastSerial: number }> {
  const page = await q
    .select()
    .from(services)
    .where(and(eq(services.status, 'active'), gt(services.serial, afterSerial)))
    .orderBy(asc(services.serial))
    .limit(limit);
  return { services: page.map(toService), lastSerial: page.at(-1)?.serial ?? afterSerial };
}

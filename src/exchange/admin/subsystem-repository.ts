import { and, asc, eq, sql } from 'drizzle-orm';
import type { Sql } from '../../db/database.ts';
import { exchangeSubsystems } from '../tables.ts';
import type { Subsystem } from '../model.ts';

type SubsystemRow = typeof exchangeSubsystems.$inferSelect;

export const toSubsystem = ({ createdAt: _c, updatedAt: _u, ...row }: SubsystemRow): Subsystem => row;

export async function selectSubsystem(q: Sql, id: number, forUpdate = false): Promise<Subsystem | undefined> {
  const query = q.select().from(exchangeSubsystems).where(eq(exchangeSubsystems.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row ? toSubsystem(row) : undefined;
}

export async function selectSubsystemByCode(q: Sql, agencyCode: string, code: string): Promise<Subsystem | undefined> {
  const [row] = await q.select().from(exchangeSubsystems).where(and(eq(exchangeSubsystems.agencyCode, agencyCode), eq(exchangeSubsystems.code, code)));
  return row ? toSubsystem(row) : undefined;
}

/** A member has a handful of information systems, so they are listed whole. */
export async function selectSubsystemsOf(q: Sql, agencyCode: string): Promise<Subsystem[]> {
  return (await q.select().from(exchangeSubsystems).where(eq(exchangeSubsystems.agencyCode, agencyCode)).orderBy(asc(exchangeSubsystems.code))).map(toSubsystem);
}

export async function selectAllSubsystems(q: Sql): Promise<Subsystem[]> {
  return (await q.select().from(exchangeSubsystems).orderBy(asc(exchangeSubsystems.id))).map(toSubsystem);
}

export async function insertSubsystem(q: Sql, values: Pick<Subsystem, 'agencyCode' | 'code' | 'nameFa' | 'nameEn'>): Promise<Subsystem> {
  const [row] = await q.insert(exchangeSubsystems).values(values).returning();
  return toSubsystem(row!);
}

export async function updateSubsystemRow(q: Sql, id: number, values: Partial<Pick<Subsystem, 'nameFa' | 'nameEn' | 'status' | 'rateLimitPerSecond' | 'rateLimitBurst'>>, at: Date): Promise<Subsystem> {
  const [row] = await q
    .update(exchangeSubsystems)
    .set({ ...values, version: sql`${exchangeSubsystems.version} + 1`, updatedAt: at })
    .where(eq(exchangeSubsystems.id, id))
    .returning();
  return toSubsystem(row!);
}

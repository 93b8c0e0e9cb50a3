import { and, asc, eq, isNull, ne } from 'drizzle-orm';
import type { Sql } from '../../db/database.ts';
import { exchangeMemberUpstreams } from '../tables.ts';
import type { UpstreamRegistration } from '../upstream-addresses/registrations.ts';

type Row = typeof exchangeMemberUpstreams.$inferSelect;

const toRegistration = (row: Row): UpstreamRegistration => ({ ...row, createdAt: row.createdAt.toISOString(), revokedAt: row.revokedAt?.toISOString() ?? null });

export async function selectRegistration(q: Sql, id: number, forUpdate = false): Promise<UpstreamRegistration | undefined> {
  const query = q.select().from(exchangeMemberUpstreams).where(eq(exchangeMemberUpstreams.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row ? toRegistration(row) : undefined;
}

/** A member's registrations, revoked ones included (the audit trail), oldest first. */
export async function selectRegistrationsOf(q: Sql, agencyCode: string, activeOnly = false): Promise<UpstreamRegistration[]> {
  const where = and(eq(exchangeMemberUpstreams.agencyCode, agencyCode), activeOnly ? isNull(exchangeMemberUpstreams.revokedAt) : undefined);
  return (await q.select().from(exchangeMemberUpstreams).where(where).orderBy(asc(exchangeMemberUpstreams.id))).map(toRegistration);
}

/** Active registrations of every member but `agencyCode`, to find overlaps. */
export async function selectActiveRegistrationsOfOthers(q: Sql, agencyCode: string): Promise<UpstreamRegistration[]> {
  return (await q.select().from(exchangeMemberUpstreams).where(and(ne(exchangeMemberUpstreams.agencyCode, agencyCode), isNull(exchangeMemberUpstreams.revokedAt)))).map(toRegistration);
}

/** Every active registration, for the gateway's snapshot. */
export async function selectActiveRegistrations(q: Sql): Promise<UpstreamRegistration[]> {
  return (await q.select().from(exchangeMemberUpstreams).where(isNull(exchangeMemberUpstreams.revokedAt)).orderBy(asc(exchangeMemberUpstreams.id))).map(toRegistration);
}

export async function insertRegistration(q: Sql, values: Pick<UpstreamRegistration, 'agencyCode' | 'urlPrefix' | 'internalAddresses' | 'note' | 'createdBy'> & { createdAt: Date }): Promise<UpstreamRegistration> {
  const [row] = await q.insert(exchangeMemberUpstreams).values(values).returning();
  return toRegistration(row!);
}

export async function revokeRegistrationRow(q: Sql, id: number, at: Date, by: string): Promise<UpstreamRegistration> {
  const [row] = await q.update(exchangeMemberUpstreams).set({ revokedAt: at, revokedBy: by }).where(eq(exchangeMemberUpstreams.id, id)).returning();
  return toRegistration(row!);
}

import { and, asc, count, eq, or } from 'drizzle-orm';
import type { Sql } from '../../db/database.ts';
import { readAgencyNames } from '../../registry/index.ts';
import { exchangeMembers } from '../tables.ts';
import type { Member } from '../model.ts';

const memberColumns = {
  agencyCode: exchangeMembers.agencyCode,
  instance: exchangeMembers.instance,
  memberClass: exchangeMembers.memberClass,
  memberCode: exchangeMembers.memberCode,
};

const members = (q: Sql) => q.select(memberColumns).from(exchangeMembers);

/**
 * The members with their agency's names, which are the registry's (its read model, ADR 0011).
 * A member always has its agency (a foreign key); one without would be left out, as a join would.
 */
async function named(q: Sql, found: Omit<Member, 'nameFa' | 'nameEn'>[]): Promise<Member[]> {
  const names = await readAgencyNames(q, found.map((m) => m.agencyCode));
  return found.flatMap((m) => {
    const agency = names.get(m.agencyCode);
    return agency ? [{ ...m, nameFa: agency.nameFa, nameEn: agency.nameEn }] : [];
  });
}

export async function selectMember(q: Sql, agencyCode: string): Promise<Member | undefined> {
  const [row] = await named(q, await members(q).where(eq(exchangeMembers.agencyCode, agencyCode)));
  return row;
}

/**
 * The members that hold this agency or this member identifier, read in one statement: two reads
 * would take two snapshots, and a member committed between them would be reported as the wrong conflict.
 */
export function selectConflictingMembers(q: Sql, agencyCode: string, instance: string, memberClass: string, memberCode: string): Promise<Pick<Member, 'agencyCode'>[]> {
  return q
    .select({ agencyCode: exchangeMembers.agencyCode })
    .from(exchangeMembers)
    .where(or(eq(exchangeMembers.agencyCode, agencyCode), and(eq(exchangeMembers.instance, instance), eq(exchangeMembers.memberClass, memberClass), eq(exchangeMembers.memberCode, memberCode))));
}

export async function selectMembers(q: Sql, page: { offset: number; limit: number }): Promise<{ total: number; items: Member[] }> {
  const [{ total } = { total: 0 }] = await q.select({ total: count() }).from(exchangeMembers);
  const items = await named(q, await members(q).orderBy(asc(exchangeMembers.agencyCode)).offset(page.offset).limit(page.limit));
  return { total, items };
}

export async function selectAllMembers(q: Sql): Promise<Member[]> {
  return named(q, await members(q).orderBy(asc(exchangeMembers.agencyCode)));
}

export async function insertMember(q: Sql, values: Pick<Member, 'agencyCode' | 'instance' | 'memberClass' | 'memberCode'>): Promise<void> {
  await q.insert(exchangeMembers).values(values);
}

import { sql } from 'drizzle-orm';
import { rows, type Sql } from '../../db/database.ts';
import type { IdentifierType, PersonDetails } from '../accounts/index.ts';

/** A registration between the registry checks and the code that proves the mobile. */
export interface RegistrationRow extends PersonDetails {
  id: string;
}

const columns = sql`id, identifier_type as "identifierType", identifier, given_name_fa as "givenNameFa", family_name_fa as "familyNameFa",
  given_name_en as "givenNameEn", family_name_en as "familyNameEn", birth_date::text as "birthDate", mobile`;

export async function insertRegistration(q: Sql, r: RegistrationRow, lifetimeSeconds: number): Promise<void> {
  await q.execute(sql`insert into account_registrations (id, identifier_type, identifier, given_name_fa, family_name_fa, given_name_en, family_name_en, birth_date, mobile, expires_at)
    values (${r.id}, ${r.identifierType}, ${r.identifier}, ${r.givenNameFa}, ${r.familyNameFa}, ${r.givenNameEn}, ${r.familyNameEn}, ${r.birthDate}::date, ${r.mobile},
            now() + make_interval(secs => ${lifetimeSeconds}))`);
}

/** The registration, locked for this transaction, while it has not expired. */
export async function lockLiveRegistration(q: Sql, id: string): Promise<RegistrationRow | undefined> {
  const [row] = await rows<RegistrationRow>(q, sql`select ${columns} from account_registrations where id = ${id} and expires_at > now() for update`);
  return row;
}

export async function deleteRegistration(q: Sql, id: string): Promise<void> {
  await q.execute(sql`delete from account_registrations where id = ${id}`);
}

/**
 * Registrations begun for this identifier in the last `withinSeconds`, after dropping this
 * identifier's ones that ended long ago (the table only ever holds what is in flight).
 */
export async function countRecentRegistrations(q: Sql, type: IdentifierType, identifier: string, withinSeconds: number): Promise<number> {
  await q.execute(sql`delete from account_registrations where identifier_type = ${type} and identifier = ${identifier} and expires_at < now() - make_interval(secs => ${withinSeconds})`);
  const [row] = await rows<{ n: number }>(
    q,
    sql`select count(*)::int as n from account_registrations where identifier_type = ${type} and identifier = ${identifier} and created_at > now() - make_interval(secs => ${withinSeconds})`,
  );
  return row?.n ?? 0;
}

export async function insertAccountEvent(q: Sql, e: { accountId: string | null; kind: string; outcome: 'success' | 'failure'; reason?: string | null; address: string | null; userAgent: string | null }): Promise<void> {
  await q.execute(sql`insert into account_events (account_id, kind, outcome, reason, address, user_agent)
    values (${e.accountId}, ${e.kind}, ${e.outcome}, ${e.reason ?? null}, ${e.address?.slice(0, 64) ?? null}, ${e.userAgent === null ? null : e.userAgent.slice(0, 200)})`);
}

/** The only SQL of profiles and mandates (migration 0018). */
import { sql } from 'drizzle-orm';
import { rows, type Sql } from '../../db/database.ts';
import type { IdentifierType } from '../accounts/index.ts';
import type { Role } from './registry.ts';

export interface LegalEntityRow {
  id: string;
  accountId: string;
  legalId: string;
  nameFa: string;
  nameEn: string;
  role: Role;
  signatory: boolean;
}

export interface WardRow {
  id: string;
  accountId: string;
  nationalCode: string;
  nameFa: string;
  nameEn: string;
  /** The kind of guardianship: the person's role for the ward. */
  role: Role;
  /** `YYYY-MM-DD`, the 18th birthday. */
  until: string;
}

export interface MandateRow {
  id: string;
  grantorAccountId: string;
  /** The grantor's names and identifier, from their account. */
  grantorIdentifierType: IdentifierType;
  grantorIdentifier: string;
  grantorNameFa: string;
  grantorNameEn: string;
  granteeIdentifierType: IdentifierType;
  granteeIdentifier: string;
  granteeNameFa: string;
  granteeNameEn: string;
  services: string[];
  startsOn: string;
  endsOn: string;
  grantorDisabled: boolean;
  revokedAt: string | null;
  createdAt: string;
}

const legalEntityColumns = sql`id, account_id as "accountId", legal_id as "legalId", name_fa as "nameFa", name_en as "nameEn",
  json_build_object('code', role_code, 'fa', role_fa, 'en', role_en) as role, signatory`;
const wardColumns = sql`id, account_id as "accountId", national_code as "nationalCode", name_fa as "nameFa", name_en as "nameEn",
  json_build_object('code', role_code, 'fa', role_fa, 'en', role_en) as role, until::text as until`;
const mandateColumns = sql`m.id, m.grantor_account_id as "grantorAccountId", a.identifier_type as "grantorIdentifierType", a.identifier as "grantorIdentifier",
  a.given_name_fa || ' ' || a.family_name_fa as "grantorNameFa", a.given_name_en || ' ' || a.family_name_en as "grantorNameEn",
  m.grantee_identifier_type as "granteeIdentifierType", m.grantee_identifier as "granteeIdentifier", m.grantee_name_fa as "granteeNameFa", m.grantee_name_en as "granteeNameEn",
  m.services, m.starts_on::text as "startsOn", m.ends_on::text as "endsOn",
  a.disabled_at is not null as "grantorDisabled", to_char(m.revoked_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "revokedAt", to_char(m.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "createdAt"`;

// Legal entities -----------------------------------------------------------------------------

export const liveLegalEntities = (q: Sql, accountId: string) =>
  rows<LegalEntityRow>(q, sql`select ${legalEntityColumns} from profile_legal_entities where account_id = ${accountId} and removed_at is null order by created_at, id`);

/** Adds the entity, or refreshes what the registry said of a live row; returns the live row. */
export async function upsertLegalEntity(q: Sql, e: Omit<LegalEntityRow, 'id'> & { newId: string }): Promise<{ row: LegalEntityRow; added: boolean }> {
  const updated = await rows<LegalEntityRow>(
    q,
    sql`update profile_legal_entities set name_fa = ${e.nameFa}, name_en = ${e.nameEn}, role_code = ${e.role.code}, role_fa = ${e.role.fa}, role_en = ${e.role.en},
          signatory = ${e.signatory}, confirmed_at = now()
        where account_id = ${e.accountId} and legal_id = ${e.legalId} and removed_at is null returning ${legalEntityColumns}`,
  );
  if (updated[0]) return { row: updated[0], added: false };
  const [row] = await rows<LegalEntityRow>(
    q,
    sql`insert into profile_legal_entities (id, account_id, legal_id, name_fa, name_en, role_code, role_fa, role_en, signatory, confirmed_at)
        values (${e.newId}, ${e.accountId}, ${e.legalId}, ${e.nameFa}, ${e.nameEn}, ${e.role.code}, ${e.role.fa}, ${e.role.en}, ${e.signatory}, now())
        returning ${legalEntityColumns}`,
  );
  return { row: row!, added: true };
}

/** A representation the registry no longer confirms: the row is kept, marked removed. */
export async function removeLegalEntity(q: Sql, accountId: string, id: string): Promise<boolean> {
  const r = await rows<{ id: string }>(q, sql`update profile_legal_entities set removed_at = now() where id = ${id} and account_id = ${accountId} and removed_at is null returning id`);
  return r.length > 0;
}

// Wards --------------------------------------------------------------------------------------

export const liveWards = (q: Sql, accountId: string) =>
  rows<WardRow>(q, sql`select ${wardColumns} from profile_wards where account_id = ${accountId} and removed_at is null order by until, national_code`);

/**
 * Makes the live wards of the account what the registry listed: new ones are added, known ones
 * refreshed, those it no longer lists marked removed.
 */
export async function syncWards(q: Sql, accountId: string, listed: readonly (Omit<WardRow, 'id' | 'accountId'> & { newId: string })[]): Promise<void> {
  const codes = listed.map((w) => w.nationalCode);
  await q.execute(
    sql`update profile_wards set removed_at = now() where account_id = ${accountId} and removed_at is null
        and not (national_code = any(${`{${codes.join(',')}}`}::text[]))`,
  );
  for (const w of listed) {
    await q.execute(
      sql`insert into profile_wards (id, account_id, national_code, name_fa, name_en, role_code, role_fa, role_en, until, confirmed_at)
          values (${w.newId}, ${accountId}, ${w.nationalCode}, ${w.nameFa}, ${w.nameEn}, ${w.role.code}, ${w.role.fa}, ${w.role.en}, ${w.until}::date, now())
          on conflict (account_id, national_code) where removed_at is null
          do update set name_fa = excluded.name_fa, name_en = excluded.name_en, role_code = excluded.role_code, role_fa = excluded.role_fa,
            role_en = excluded.role_en, until = excluded.until, confirmed_at = excluded.confirmed_at`,
    );
  }
}

export async function removeWard(q: Sql, accountId: string, id: string): Promise<void> {
  await q.execute(sql`update profile_wards set removed_at = now() where id = ${id} and account_id = ${accountId} and removed_at is null`);
}

// Mandates -----------------------------------------------------------------------------------

export async function insertMandate(
  q: Sql,
  m: { id: string; grantorAccountId: string; granteeIdentifierType: IdentifierType; granteeIdentifier: string; granteeNameFa: string; granteeNameEn: string; services: readonly string[]; startsOn: string; endsOn: string },
): Promise<void> {
  await q.execute(
    sql`insert into mandates (id, grantor_account_id, grantee_identifier_type, grantee_identifier, grantee_name_fa, grantee_name_en, services, starts_on, ends_on)
        values (${m.id}, ${m.grantorAccountId}, ${m.granteeIdentifierType}, ${m.granteeIdentifier}, ${m.granteeNameFa}, ${m.granteeNameEn},
                ${`{${m.services.join(',')}}`}::text[], ${m.startsOn}::date, ${m.endsOn}::date)`,
  );
}

export async function findMandate(q: Sql, id: string): Promise<MandateRow | undefined> {
  const [row] = await rows<MandateRow>(q, sql`select ${mandateColumns} from mandates m join accounts a on a.id = m.grantor_account_id where m.id = ${id}`);
  return row;
}

/** Mandates the account gave, newest first (at most `limit`). */
export const mandatesGivenBy = (q: Sql, accountId: string, limit: number) =>
  rows<MandateRow>(q, sql`select ${mandateColumns} from mandates m join accounts a on a.id = m.grantor_account_id where m.grantor_account_id = ${accountId} order by m.created_at desc, m.id limit ${limit}`);

/** Unrevoked mandates given to this identifier that have not ended by `today`, by enabled grantors. */
export const mandatesGivenTo = (q: Sql, type: IdentifierType, identifier: string, today: string, limit: number) =>
  rows<MandateRow>(
    q,
    sql`select ${mandateColumns} from mandates m join accounts a on a.id = m.grantor_account_id
        where m.grantee_identifier_type = ${type} and m.grantee_identifier = ${identifier} and m.revoked_at is null and m.ends_on >= ${today}::date and a.disabled_at is null
        order by m.starts_on, m.id limit ${limit}`,
  );

/** Counts the grantor's mandates that are not revoked and not ended (a bound against abuse). */
export async function countLiveMandatesGivenBy(q: Sql, accountId: string, today: string): Promise<number> {
  const [row] = await rows<{ n: number }>(q, sql`select count(*)::int as n from mandates where grantor_account_id = ${accountId} and revoked_at is null and ends_on >= ${today}::date`);
  return row?.n ?? 0;
}

export async function revokeMandateRow(q: Sql, id: string, grantorAccountId: string): Promise<boolean> {
  const r = await rows<{ id: string }>(
    q,
    sql`update mandates set revoked_at = now(), revoked_by = ${grantorAccountId} where id = ${id} and grantor_account_id = ${grantorAccountId} and revoked_at is null returning id`,
  );
  return r.length > 0;
}

// One profile by id ----------------------------------------------------------------------------

export type FoundProfile = { kind: 'mandate'; row: MandateRow } | { kind: 'ward'; row: WardRow } | { kind: 'legal_entity'; row: LegalEntityRow };

/**
 * The profile a session names, in one statement (every page asks): a mandate by id (whoever it
 * was given to: the caller checks it is theirs), or the account's own live ward or legal entity.
 */
export async function findProfile(q: Sql, accountId: string, id: string): Promise<FoundProfile | undefined> {
  const [found] = await rows<FoundProfile>(
    q,
    sql`select 'mandate' as kind, to_jsonb(x) as row from (select ${mandateColumns} from mandates m join accounts a on a.id = m.grantor_account_id where m.id = ${id}) x
        union all
        select 'ward', to_jsonb(x) from (select ${wardColumns} from profile_wards where id = ${id} and account_id = ${accountId} and removed_at is null) x
        union all
        select 'legal_entity', to_jsonb(x) from (select ${legalEntityColumns} from profile_legal_entities where id = ${id} and account_id = ${accountId} and removed_at is null) x
        limit 1`,
  );
  return found;
}

// Sessions and events ------------------------------------------------------------------------

export async function setActiveProfile(q: Sql, sessionId: string, accountId: string, profileId: string | null): Promise<boolean> {
  const r = await rows<{ id: string }>(
    q,
    sql`update citizen_sessions set active_profile_id = ${profileId} where id = ${sessionId} and account_id = ${accountId} and revoked_at is null returning id`,
  );
  return r.length > 0;
}

/** Puts every session of the account acting for this profile back to the person (the profile died). */
export async function clearActiveProfile(q: Sql, accountId: string, profileId: string): Promise<void> {
  await q.execute(sql`update citizen_sessions set active_profile_id = null where account_id = ${accountId} and active_profile_id = ${profileId}`);
}

export type ProfileEventKind = 'profile_switched' | 'legal_entity_added' | 'mandate_granted' | 'mandate_revoked';

/** Recorded in the transaction of what it records (CONVENTIONS 10); `reason` names the profile or mandate. */
export async function recordProfileEvent(q: Sql, e: { accountId: string; kind: ProfileEventKind; reason: string; address: string | null; userAgent: string | null }): Promise<void> {
  await q.execute(
    sql`insert into account_events (account_id, kind, outcome, reason, address, user_agent)
        values (${e.accountId}, ${e.kind}, 'success', ${e.reason.slice(0, 200)}, ${e.address?.slice(0, 64) ?? null}, ${e.userAgent?.slice(0, 200) ?? null})`,
  );
}

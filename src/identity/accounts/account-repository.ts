import { sql } from 'drizzle-orm';
import { rows, type Sql } from '../../db/database.ts';
import type { IdentifierType } from '../../core/person-input.ts';

export type { IdentifierType };

/**
 * Who a person is, as the civil registry names them, and their mobile: what a registration
 * holds until its code is verified, what an import row carries, and the core of an account.
 */
export interface PersonDetails {
  identifierType: IdentifierType;
  identifier: string;
  givenNameFa: string;
  familyNameFa: string;
  givenNameEn: string;
  familyNameEn: string;
  /** YYYY-MM-DD (Gregorian; pages show it in the page's calendar). */
  birthDate: string;
  /** E.164. */
  mobile: string;
}

/** What the window keeps about a person. Names come from the civil registry. */
export interface AccountRow extends PersonDetails {
  id: string;
  mobileVerifiedAt: string | null;
  email: string | null;
  passwordHash: string | null;
  totpEnabled: boolean;
  failedSignIns: number;
  lockedUntil: string | null;
  assurance: 1 | 2;
  disabled: boolean;
  createdAt: string;
}

export type NewAccount = PersonDetails & Pick<AccountRow, 'id' | 'assurance'> & {
  mobileVerified: boolean;
  passwordHash?: string | null;
};

const columns = sql`id, identifier_type as "identifierType", identifier, given_name_fa as "givenNameFa", family_name_fa as "familyNameFa",
  given_name_en as "givenNameEn", family_name_en as "familyNameEn", birth_date::text as "birthDate", mobile,
  mobile_verified_at::text as "mobileVerifiedAt", email, password_hash as "passwordHash", totp_enabled_at is not null as "totpEnabled",
  failed_sign_ins as "failedSignIns", locked_until::text as "lockedUntil", assurance, disabled_at is not null as disabled, created_at::text as "createdAt"`;

export async function insertAccount(q: Sql, a: NewAccount): Promise<AccountRow> {
  const [row] = await rows<AccountRow>(
    q,
    sql`insert into accounts (id, identifier_type, identifier, given_name_fa, family_name_fa, given_name_en, family_name_en, birth_date, mobile, mobile_verified_at, assurance, password_hash, password_changed_at)
        values (${a.id}, ${a.identifierType}, ${a.identifier}, ${a.givenNameFa}, ${a.familyNameFa}, ${a.givenNameEn}, ${a.familyNameEn}, ${a.birthDate}::date, ${a.mobile},
                ${a.mobileVerified ? sql`now()` : sql`null`}, ${a.assurance}, ${a.passwordHash ?? null}, ${a.passwordHash ? sql`now()` : sql`null`})
        returning ${columns}`,
  );
  return row!;
}

export async function findAccountById(q: Sql, id: string): Promise<AccountRow | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  const [row] = await rows<AccountRow>(q, sql`select ${columns} from accounts where id = ${id}`);
  return row;
}

/** The one lookup sign-in makes: by the unique (identifier type, identifier) index. */
export async function findAccountByIdentifier(q: Sql, identifierType: IdentifierType, identifier: string): Promise<AccountRow | undefined> {
  const [row] = await rows<AccountRow>(q, sql`select ${columns} from accounts where identifier_type = ${identifierType} and identifier = ${identifier}`);
  return row;
}

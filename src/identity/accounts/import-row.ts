import { parseNationalCode } from '../../core/national-code.ts';
import { parseBirthDate, parseIdentifier, parseMobile } from '../../core/person-input.ts';
import { INVALID_CHARACTER, isStorableText } from '../../core/text/storable.ts';
import type { IdentifierType, PersonDetails } from './account-repository.ts';

/**
 * The accounts CSV: one person a line, the header names the columns (any order). The
 * checks are registration's: a national code with its check digit, a real past date of
 * birth, names of 1–200 characters, an Iranian mobile in any spelling people write it.
 */
export const accountColumns = [
  'identifier_type',
  'identifier',
  'given_name_fa',
  'family_name_fa',
  'given_name_en',
  'family_name_en',
  'birth_date',
  'mobile',
  'password_hash',
  'mobile_verified',
] as const;
export type AccountColumn = (typeof accountColumns)[number];

/** Columns a file may leave out: no password yet, mobile not verified. */
export const optionalColumns: ReadonlySet<AccountColumn> = new Set(['password_hash', 'mobile_verified']);

/** A problem with one line of the file, with a stable code (docs/errors.md, import issue codes). */
export interface AccountImportIssue {
  /** 1-based line of the file (the header is line 1). */
  line: number;
  field?: string;
  code: string;
  message: string;
}

/** A row that passed every check, in the form it is stored. */
export interface ImportedAccount extends PersonDetails {
  line: number;
  mobileVerified: boolean;
  passwordHash: string | null;
}

/** Control characters have no place in a name (tabs and newlines included). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const control = /[\u0000-\u001f\u007f-\u009f]/;
// PHC string of argon2id (what credentials/passwords.ts writes and verifies); a migration from
// another system brings its hashes, and each is re-hashed at its next sign-in if weaker (needsRehash).
export const argon2idPhc = /^\$argon2id\$v=19\$m=\d{1,7},t=\d{1,3},p=\d{1,3}\$[A-Za-z0-9+/]{11,64}\$[A-Za-z0-9+/]{16,128}$/;

/** An Iranian mobile number in E.164, as registration reads it (core/person-input.ts). */
export function iranianMobileE164(input: string): string | undefined {
  const parsed = parseMobile(input);
  return parsed.ok ? parsed.value : undefined;
}

/** A real Gregorian date YYYY-MM-DD that registration would accept: not after `today`, at most 130 years before it. */
export function isBirthDate(value: string, today: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const parsed = parseBirthDate('gregorian', { year: m[1]!, month: m[2]!, day: m[3]! }, today);
  return parsed.ok && parsed.value === value;
}

type Cells = Partial<Record<AccountColumn, string>>;

// The helpers below are module functions, not closures of `checkAccountRow`: it runs once per
// row of files with millions of rows, and closures made per call were a tenth of its time.
function report(issues: AccountImportIssue[], line: number, field: AccountColumn, code: string, message: string): undefined {
  issues.push({ line, field, code, message });
  return undefined;
}

function cellOf(issues: AccountImportIssue[], line: number, cells: Cells, field: AccountColumn): string | undefined {
  const v = cells[field]?.trim();
  if (!v) return optionalColumns.has(field) ? undefined : report(issues, line, field, 'MISSING_FIELD', `Required: ${field}`);
  if (!isStorableText(v)) return report(issues, line, field, INVALID_CHARACTER, `"${field}" contains a NUL character or an unpaired surrogate`);
  return v;
}

function nameOf(issues: AccountImportIssue[], line: number, cells: Cells, field: AccountColumn): string | undefined {
  const v = cellOf(issues, line, cells, field);
  if (v === undefined) return undefined;
  if (v.length > 200 && [...v].length > 200) return report(issues, line, field, 'INVALID_VALUE', `${field} is longer than 200 characters`);
  if (control.test(v)) return report(issues, line, field, 'INVALID_VALUE', `${field} holds a control character (tab, newline, …)`);
  return v.normalize('NFC');
}

/**
 * Checks one row. Every problem of the row is reported (one per field), so a file is fixed
 * in one go. `today` is YYYY-MM-DD (Asia/Tehran), passed in so the check is the caller's clock.
 */
export function checkAccountRow(line: number, cells: Cells, today: string): { ok: true; account: ImportedAccount } | { ok: false; issues: AccountImportIssue[] } {
  const issues: AccountImportIssue[] = [];

  const type = cellOf(issues, line, cells, 'identifier_type');
  if (type !== undefined && type !== 'national_code' && type !== 'foreign_national') report(issues, line, 'identifier_type', 'INVALID_VALUE', 'identifier_type must be national_code or foreign_national');
  const rawIdentifier = cellOf(issues, line, cells, 'identifier');
  let identifier: string | undefined;
  if (rawIdentifier !== undefined && type === 'national_code') {
    const parsed = parseNationalCode(rawIdentifier);
    if (parsed.ok) identifier = parsed.code;
    else if (parsed.reason === 'check_digit') report(issues, line, 'identifier', 'NATIONAL_CODE_CHECK_DIGIT', 'The national code\'s check digit is wrong');
    else report(issues, line, 'identifier', 'INVALID_VALUE', 'A national code is 10 digits');
  } else if (rawIdentifier !== undefined && type === 'foreign_national') {
    const parsed = parseIdentifier('foreign_national', rawIdentifier);
    if (parsed.ok) identifier = parsed.value;
    else report(issues, line, 'identifier', 'INVALID_VALUE', 'A foreign national identifier (FIDA) is 12 digits, not starting with 0');
  }

  const givenNameFa = nameOf(issues, line, cells, 'given_name_fa');
  const familyNameFa = nameOf(issues, line, cells, 'family_name_fa');
  const givenNameEn = nameOf(issues, line, cells, 'given_name_en');
  const familyNameEn = nameOf(issues, line, cells, 'family_name_en');

  const birthDate = cellOf(issues, line, cells, 'birth_date');
  if (birthDate !== undefined && !isBirthDate(birthDate, today)) report(issues, line, 'birth_date', 'INVALID_DATE', 'birth_date must be a real date YYYY-MM-DD, not in the future, at most 130 years ago');

  const rawMobile = cellOf(issues, line, cells, 'mobile');
  const mobile = rawMobile === undefined ? undefined : iranianMobileE164(rawMobile);
  if (rawMobile !== undefined && mobile === undefined) report(issues, line, 'mobile', 'INVALID_MOBILE', 'mobile must be an Iranian mobile number (09xxxxxxxxx, +989xxxxxxxxx, …)');

  const passwordHash = cellOf(issues, line, cells, 'password_hash') ?? null;
  if (passwordHash !== null && !argon2idPhc.test(passwordHash)) report(issues, line, 'password_hash', 'INVALID_PASSWORD_HASH', 'password_hash must be an argon2id PHC string ($argon2id$v=19$m=…,t=…,p=…$salt$hash)');

  const verified = cellOf(issues, line, cells, 'mobile_verified');
  let mobileVerified = false;
  if (verified !== undefined) {
    if (/^(true|yes|1)$/i.test(verified)) mobileVerified = true;
    else if (!/^(false|no|0)$/i.test(verified)) report(issues, line, 'mobile_verified', 'INVALID_VALUE', 'mobile_verified must be true or false');
  }

  if (issues.length) return { ok: false, issues };
  return {
    ok: true,
    account: {
      line,
      identifierType: type as IdentifierType,
      identifier: identifier!,
      givenNameFa: givenNameFa!,
      familyNameFa: familyNameFa!,
      givenNameEn: givenNameEn!,
      familyNameEn: familyNameEn!,
      birthDate: birthDate!,
      mobile: mobile!,
      mobileVerified,
      passwordHash,
    },
  };
}

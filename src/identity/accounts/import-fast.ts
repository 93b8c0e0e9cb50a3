import { nationalCodeCheckDigit } from '../../core/national-code.ts';
import { accountColumns, argon2idPhc, checkAccountRow, isBirthDate, type AccountColumn, type AccountImportIssue, type ImportedAccount } from './import-row.ts';

/**
 * The row check of a big import, fast for rows already written the way they are stored: a
 * national code of ten ASCII digits, a mobile as 09xxxxxxxxx or +989xxxxxxxxx, names of letters
 * that are already NFC, a YYYY-MM-DD birth date — what a registry's export holds on nearly every
 * line. Such a row is checked here with character loops, no regular expression and nothing
 * allocated but the result. Any other row — a Persian digit, a space in the mobile, a missing or
 * bad value — goes to `checkAccountRow` itself, so every row gets exactly its verdict and its
 * issues (import-fast.test.ts compares the two on rows of every kind); this file only decides
 * when the long way cannot change the answer.
 */

export type RowVerdict = { ok: true; account: ImportedAccount } | { ok: false; issues: AccountImportIssue[] };

/** Rows without a character that `nameOf` would refuse or NFC would change; built once, on first use. */
let stable: Uint8Array | undefined;

/**
 * Characters that can be taken as they are in a name: Latin (below U+0300) and the Arabic
 * block's letters and digits, plus the zero-width (non-)joiner Persian writes with. A string of
 * them is NFC already: each is its own NFC form, none is a combining mark, and only combining
 * marks (and Hangul jamo, not in these ranges) can compose with or reorder around a neighbour.
 * Control characters (C0, DEL, C1) are left out: `nameOf` refuses them.
 */
function stableCharacters(): Uint8Array {
  const table = new Uint8Array(0x2010);
  const mark = /\p{M}/u;
  const take = (from: number, to: number) => {
    for (let c = from; c <= to; c++) {
      const ch = String.fromCharCode(c);
      if (ch.normalize('NFC') === ch && !mark.test(ch)) table[c] = 1;
    }
  };
  take(0x20, 0x7e);
  take(0xa0, 0x2ff);
  take(0x600, 0x6ff);
  take(0x200c, 0x200d);
  return table;
}

/** `name` if the long way would return it unchanged (1–200 characters, all stable), else undefined. */
function plainName(name: string | undefined, table: Uint8Array): string | undefined {
  if (name === undefined || name.length === 0 || name.length > 200) return undefined;
  // Trimmed at either end by the long way: a space or a no-break space (the table's only white space).
  const first = name.charCodeAt(0);
  const last = name.charCodeAt(name.length - 1);
  if (first === 32 || first === 0xa0 || last === 32 || last === 0xa0) return undefined;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= table.length || table[c] === 0) return undefined;
  }
  return name;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

function digitsFrom(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

/** A national code of ten ASCII digits with a right check digit, not one repeated digit: it is stored as it is. */
function plainNationalCode(s: string | undefined): string | undefined {
  if (s === undefined || s.length !== 10 || !digitsFrom(s, 0, 10)) return undefined;
  let same = true;
  for (let i = 1; i < 10 && same; i++) same = s.charCodeAt(i) === s.charCodeAt(0);
  if (same) return undefined;
  // The body is nine ASCII digits here, which is all nationalCodeCheckDigit asks.
  return nationalCodeCheckDigit(s.slice(0, 9)) === s.charCodeAt(9) - 48 ? s : undefined;
}

/** A FIDA of twelve ASCII digits, not starting with 0, not one repeated digit. */
function plainForeignId(s: string | undefined): string | undefined {
  if (s === undefined || s.length !== 12 || s.charCodeAt(0) === 48 || !digitsFrom(s, 0, 12)) return undefined;
  for (let i = 1; i < 12; i++) if (s.charCodeAt(i) !== s.charCodeAt(0)) return s;
  return undefined;
}

/** 09xxxxxxxxx or +989xxxxxxxxx, as E.164. */
function plainMobile(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  if (s.length === 11 && s.charCodeAt(0) === 48 && s.charCodeAt(1) === 57 && digitsFrom(s, 2, 11)) return `+98${s.slice(1)}`;
  if (s.length === 13 && s.charCodeAt(0) === 43 && s.startsWith('+989') && digitsFrom(s, 4, 13)) return s;
  return undefined;
}

const plainIsoDate = (s: string) => s.length === 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && digitsFrom(s, 0, 4) && digitsFrom(s, 5, 7) && digitsFrom(s, 8, 10);

/** `mobile_verified` as written by a program; other spellings (TRUE, Yes) go the long way. */
const verifiedWords: ReadonlyMap<string, boolean> = new Map([
  ['', false],
  ['true', true],
  ['false', false],
  ['1', true],
  ['0', false],
  ['yes', true],
  ['no', false],
]);

/** Birth dates seen, with the verdict `isBirthDate` gave (a file holds a few tens of thousands of distinct days). */
const DATES_REMEMBERED = 100_000;

/**
 * A checker for the rows of one file whose header named `columns` (in file order); `today` as
 * for `checkAccountRow`. It answers what `checkAccountRow` answers for the same cells.
 */
export function rowChecker(columns: readonly AccountColumn[], today: string): (line: number, record: string[]) => RowVerdict {
  const table = (stable ??= stableCharacters());
  const at = (c: AccountColumn) => columns.indexOf(c);
  const [type, identifier, givenFa, familyFa, givenEn, familyEn, birth, mobile, hash, verified] = accountColumns.map(at) as [number, number, number, number, number, number, number, number, number, number];
  const dates = new Map<string, boolean>();
  const birthDateOk = (value: string) => {
    let ok = dates.get(value);
    if (ok === undefined) {
      ok = isBirthDate(value, today);
      if (dates.size < DATES_REMEMBERED) dates.set(value, ok);
    }
    return ok;
  };
  const longWay = (line: number, record: string[]): RowVerdict => {
    const cells: Partial<Record<AccountColumn, string>> = {};
    for (let i = 0; i < columns.length; i++) cells[columns[i]!] = record[i];
    return checkAccountRow(line, cells, today);
  };

  return (line, record) => {
    const t = record[type];
    const rawId = record[identifier];
    const id = t === 'national_code' ? plainNationalCode(rawId) : t === 'foreign_national' ? plainForeignId(rawId) : undefined;
    if (id === undefined) return longWay(line, record);
    const givenNameFa = plainName(record[givenFa], table);
    const familyNameFa = plainName(record[familyFa], table);
    const givenNameEn = plainName(record[givenEn], table);
    const familyNameEn = plainName(record[familyEn], table);
    if (givenNameFa === undefined || familyNameFa === undefined || givenNameEn === undefined || familyNameEn === undefined) return longWay(line, record);
    const birthDate = record[birth]!;
    if (!plainIsoDate(birthDate) || !birthDateOk(birthDate)) return longWay(line, record);
    const e164 = plainMobile(record[mobile]);
    if (e164 === undefined) return longWay(line, record);
    const passwordHash = hash < 0 || record[hash] === '' ? null : record[hash]!;
    if (passwordHash !== null && !argon2idPhc.test(passwordHash)) return longWay(line, record);
    const mobileVerified = verified < 0 ? false : verifiedWords.get(record[verified]!);
    if (mobileVerified === undefined) return longWay(line, record);
    return {
      ok: true,
      account: { line, identifierType: t as 'national_code' | 'foreign_national', identifier: id, givenNameFa, familyNameFa, givenNameEn, familyNameEn, birthDate, mobile: e164, mobileVerified, passwordHash },
    };
  };
}

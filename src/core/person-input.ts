/**
 * What a person types to register, read the forgiving way people type it (Persian or
 * Arabic-Indic digits, spaces, dashes, invisible direction marks pasted with the text) and
 * refused with a stable code when it cannot be a real identifier, day or mobile number. Pure:
 * "today" is passed in.
 */
import { asciiDigits, parseNationalCode } from './national-code.ts';
import type { ErrorCode } from './errors.ts';
import { gregorianToIso, solarHijriToIso } from './solar-hijri.ts';

/** How a person is identified: an Iranian national code, or a foreign resident's identifier (FIDA). */
export type IdentifierType = 'national_code' | 'foreign_national';

export type Parsed<T> = { ok: true; value: T } | { ok: false; code: ErrorCode };

/** Longest text read from any one field; longer input is refused before any work. */
export const MAX_FIELD_LENGTH = 64;

const separators = /[\s\-\u2010-\u2015\u2212\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff().]/g;
const clean = (raw: string) => asciiDigits(raw.replace(separators, ''));

/**
 * The foreign national's identifier (in Iran the comprehensive foreign-national identifier,
 * «شناسه فراگیر اتباع خارجی», FIDA): twelve digits. No check-digit algorithm for it is
 * published, so only its shape is checked here; the civil registry is the judge of whether it
 * exists. Twelve identical digits are refused as obviously made up.
 */
export const FOREIGN_ID_PATTERN = /^[1-9][0-9]{11}$/;

export function parseIdentifier(type: IdentifierType, raw: string): Parsed<string> {
  if (raw.length > MAX_FIELD_LENGTH) return { ok: false, code: 'REGISTRATION_IDENTIFIER_INVALID' };
  if (type === 'national_code') {
    const parsed = parseNationalCode(raw);
    return parsed.ok ? { ok: true, value: parsed.code } : { ok: false, code: 'REGISTRATION_IDENTIFIER_INVALID' };
  }
  const id = clean(raw);
  return FOREIGN_ID_PATTERN.test(id) && !/^(\d)\1+$/.test(id) ? { ok: true, value: id } : { ok: false, code: 'REGISTRATION_IDENTIFIER_INVALID' };
}

/**
 * An Iranian mobile number in any of the spellings in use — 09121234567, +989121234567,
 * 989121234567, 00989121234567 — as E.164 (`+989121234567`), the form accounts keep.
 */
export function parseMobile(raw: string): Parsed<string> {
  if (raw.length > MAX_FIELD_LENGTH) return { ok: false, code: 'REGISTRATION_MOBILE_INVALID' };
  const m = /^(?:0|\+98|98|0098)(9\d{9})$/.exec(clean(raw));
  return m ? { ok: true, value: `+98${m[1]}` } : { ok: false, code: 'REGISTRATION_MOBILE_INVALID' };
}

/** The national form the registries use (`09121234567`) of an E.164 Iranian mobile. */
export const nationalMobile = (e164: string) => `0${e164.slice(3)}`;

export type Calendar = 'persian' | 'gregorian';

/**
 * A birth date typed as day, month and year in the page's calendar, as Gregorian `YYYY-MM-DD`.
 * Refused when a part is not a number, the day does not exist, or it is after `today` or more
 * than 130 years before it.
 */
export function parseBirthDate(calendar: Calendar, parts: { year: string; month: string; day: string }, today: string): Parsed<string> {
  const refused = { ok: false, code: 'REGISTRATION_BIRTH_DATE_INVALID' } as const;
  const numbers = [parts.year, parts.month, parts.day].map((p) => (p.length > 8 ? '' : clean(p)));
  if (!numbers.every((n) => /^\d{1,4}$/.test(n))) return refused;
  const [y, m, d] = numbers.map(Number) as [number, number, number];
  const iso = calendar === 'persian' ? solarHijriToIso(y, m, d) : gregorianToIso(y, m, d);
  if (iso === null || iso > today) return refused;
  const oldest = `${String(Number(today.slice(0, 4)) - 130).padStart(4, '0')}${today.slice(4)}`;
  return iso < oldest ? refused : { ok: true, value: iso };
}

/** Shows only the last four characters: enough for a person to recognise their own. */
export const masked = (text: string, keep = 4) => `${'•'.repeat(Math.max(0, text.length - keep))}${text.slice(-keep)}`;

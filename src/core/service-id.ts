/**
 * Service identifiers: `<prefix>-<8-digit serial>-<2 check digits>`, e.g. `IR-01000001-XX`.
 *
 * The registry issues the serial from a database sequence; the check digits are ISO 7064
 * MOD 97-10, the IBAN algorithm, so a mistyped digit or two swapped neighbours is refused
 * before anything is looked up — identifiers are read aloud over the phone and copied from
 * paper forms. Letters count as A=10..Z=35 so the prefix is covered by the checksum too.
 */
import type { CountryPack } from './country-packs/index.ts';

/** The sequence starts at 1000001 so every serial has the same visible width. */
export const MIN_SERIAL = 1_000_001;
export const MAX_SERIAL = 99_999_999;

export type ParsedServiceId = { ok: true; id: string; serial: number } | { ok: false; reason: 'format' | 'check_digits' };

/** Remainder modulo 97 of a long decimal string, digit by digit so no precision is lost. */
export function mod97(digits: string): number {
  let remainder = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) throw new RangeError('mod97 expects decimal digits');
    remainder = (remainder * 10 + d) % 97;
  }
  return remainder;
}

function lettersToDigits(letters: string): string {
  let out = '';
  for (let i = 0; i < letters.length; i++) {
    const c = letters.charCodeAt(i);
    if (c < 65 || c > 90) throw new RangeError('a service id prefix is upper-case A–Z only');
    out += String(c - 55);
  }
  return out;
}

/** Two check digits for a prefix and an 8-digit serial. */
export function checkDigits(prefix: string, serial8: string): string {
  const check = 98 - mod97(lettersToDigits(prefix) + serial8 + '00');
  return check < 10 ? `0${check}` : String(check);
}

function assertSerial(serial: number): void {
  if (!Number.isInteger(serial) || serial < MIN_SERIAL || serial > MAX_SERIAL) {
    throw new RangeError(`service serial must be an integer in ${MIN_SERIAL}..${MAX_SERIAL}`);
  }
}

export function formatServiceId(pack: Pick<CountryPack, 'serviceIdPrefix'>, serial: number): string {
  assertSerial(serial);
  const serial8 = String(serial).padStart(8, '0');
  return `${pack.serviceIdPrefix}-${serial8}-${checkDigits(pack.serviceIdPrefix, serial8)}`;
}

/**
 * Accepts what people actually type or paste: either case of the ASCII prefix, spaces or dashes anywhere (or none),
 * Persian and Arabic-Indic digits. Returns the canonical spelling so one service has one key.
 */
export function parseServiceId(pack: Pick<CountryPack, 'serviceIdPrefix'>, input: string): ParsedServiceId {
  const compact = compactIdInput(input);
  const prefix = pack.serviceIdPrefix;
  if (compact.length !== prefix.length + 10 || !compact.startsWith(prefix)) return { ok: false, reason: 'format' };
  const serial8 = compact.slice(prefix.length, prefix.length + 8);
  const check = compact.slice(prefix.length + 8);
  if (!/^\d{8}$/.test(serial8) || !/^\d{2}$/.test(check)) return { ok: false, reason: 'format' };
  const serial = Number(serial8);
  if (serial < MIN_SERIAL || serial > MAX_SERIAL) return { ok: false, reason: 'format' };
  if (mod97(lettersToDigits(prefix) + serial8 + check) !== 1) return { ok: false, reason: 'check_digits' };
  return { ok: true, id: `${prefix}-${serial8}-${check}`, serial };
}

/** Separators people paste: whitespace (incl. NBSP), ASCII and Unicode dashes, ZWNJ/bidi marks. */
const separators = /[\s\-\u2010-\u2015\u2212\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

function compactIdInput(input: string): string {
  let out = '';
  for (const ch of input.replace(separators, '')) {
    const c = ch.charCodeAt(0);
    if (c >= 0x06f0 && c <= 0x06f9) out += String(c - 0x06f0);
    else if (c >= 0x0660 && c <= 0x0669) out += String(c - 0x0660);
    else if (c >= 97 && c <= 122) out += String.fromCharCode(c - 32);
    else out += ch;
  }
  return out;
}

/**
 * Iran's national code (کد ملی): ten digits, the last a check digit over the first nine.
 * s = Σ d_i × (10 − i) for i = 0..8, r = s mod 11; the check digit is r when r < 2, else 11 − r.
 * Codes of one repeated digit satisfy the arithmetic but are never issued, so they are refused.
 *
 * People type these with Persian or Arabic-Indic digits, with spaces or dashes, and paste them
 * with invisible direction marks; `parseNationalCode` accepts all of that and returns the one
 * ASCII spelling stored in the exchange log, so a lookup finds every record of the person.
 */

export type ParsedNationalCode = { ok: true; code: string } | { ok: false; reason: 'format' | 'check_digit' };

/** Separators people paste: whitespace (incl. NBSP), ASCII and Unicode dashes, ZWNJ/bidi marks. */
const separators = /[\s\-\u2010-\u2015\u2212\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Persian (U+06F0–06F9) and Arabic-Indic (U+0660–0669) digits to ASCII; anything else unchanged. */
export function asciiDigits(input: string): string {
  let out = '';
  for (const ch of input) {
    const c = ch.charCodeAt(0);
    if (c >= 0x06f0 && c <= 0x06f9) out += String(c - 0x06f0);
    else if (c >= 0x0660 && c <= 0x0669) out += String(c - 0x0660);
    else out += ch;
  }
  return out;
}

/** The check digit for the nine-digit body of a national code. */
export function nationalCodeCheckDigit(body: string): number {
  if (!/^\d{9}$/.test(body)) throw new RangeError('a national code body is 9 ASCII digits');
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (body.charCodeAt(i) - 48) * (10 - i);
  const r = sum % 11;
  return r < 2 ? r : 11 - r;
}

export function parseNationalCode(input: string): ParsedNationalCode {
  // Bounded before any work: a caller may send anything in a path segment.
  if (input.length > 64) return { ok: false, reason: 'format' };
  const code = asciiDigits(input.replace(separators, ''));
  if (!/^\d{10}$/.test(code) || /^(\d)\1{9}$/.test(code)) return { ok: false, reason: 'format' };
  if (nationalCodeCheckDigit(code.slice(0, 9)) !== code.charCodeAt(9) - 48) return { ok: false, reason: 'check_digit' };
  return { ok: true, code };
}

export function isValidNationalCode(input: string): boolean {
  return parseNationalCode(input).ok;
}

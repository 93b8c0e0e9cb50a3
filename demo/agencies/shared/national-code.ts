/**
 * Iranian national code (کد ملی) checksum for the reference agencies.
 *
 * Kept local on purpose: the product's own identifier rules will live in `src/core` behind the
 * country pack, and the reference services must not depend on product code (they stand in for
 * other organisations' systems).
 *
 * Rule: 10 digits d0..d9; s = Σ d_i × (10 − i) for i = 0..8; r = s mod 11;
 * the check digit d9 must equal r when r < 2, otherwise 11 − r. Codes made of one repeated
 * digit (0000000000, 1111111111, …) satisfy the arithmetic but are never issued, so they fail.
 */

const TEN_DIGITS = /^\d{10}$/;
const NINE_DIGITS = /^\d{9}$/;

/** The check digit for the 9-digit body of a national code. */
export function nationalCodeCheckDigit(body: string): number {
  if (!NINE_DIGITS.test(body)) throw new RangeError('a national code body is 9 digits');
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(body[i]) * (10 - i);
  const r = sum % 11;
  return r < 2 ? r : 11 - r;
}

/** True when `code` is 10 ASCII digits, not one repeated digit, with a matching check digit. */
export function isValidNationalCode(code: string): boolean {
  if (!TEN_DIGITS.test(code)) return false;
  if (/^(\d)\1{9}$/.test(code)) return false;
  return nationalCodeCheckDigit(code.slice(0, 9)) === Number(code[9]);
}

/** Completes a 9-digit body into a valid national code; used to derive synthetic relatives. */
export function withNationalCodeCheckDigit(body: string): string {
  return body + String(nationalCodeCheckDigit(body));
}

/** Masks all but the last four digits, so answers can name a person without disclosing them. */
export function maskNationalCode(code: string): string {
  return '*'.repeat(Math.max(0, code.length - 4)) + code.slice(-4);
}

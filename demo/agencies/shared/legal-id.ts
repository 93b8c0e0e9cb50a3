/**
 * National identifier of a legal entity (شناسه ملی اشخاص حقوقی) for the reference business
 * registry. Local for the same reason as `national-code.ts`.
 *
 * Rule (the published algorithm, as implemented by e.g. persian-tools `verifyIranianLegalId`):
 * 11 digits d0..d10; k = d9 + 2; weights w = 29, 27, 23, 19, 17, 29, 27, 23, 19, 17;
 * s = Σ (d_i + k) × w_i for i = 0..9; r = s mod 11, and r = 0 when it is 10; d10 must equal r.
 * Identifiers whose digits d3..d8 are all zero, or that are all zeros, are rejected as never
 * issued (the serial part is empty).
 */

const ELEVEN_DIGITS = /^\d{11}$/;
const TEN_DIGITS = /^\d{10}$/;
const WEIGHTS = [29, 27, 23, 19, 17, 29, 27, 23, 19, 17] as const;

/** The check digit for the first 10 digits of a legal identifier. */
export function legalIdCheckDigit(body: string): number {
  if (!TEN_DIGITS.test(body)) throw new RangeError('a legal identifier body is 10 digits');
  const k = Number(body[9]) + 2;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (Number(body[i]) + k) * (WEIGHTS[i] ?? 0);
  const r = sum % 11;
  return r === 10 ? 0 : r;
}

/** True when `id` is 11 ASCII digits with a non-empty serial part and a matching check digit. */
export function isValidLegalId(id: string): boolean {
  if (!ELEVEN_DIGITS.test(id)) return false;
  if (/^0+$/.test(id) || /^0{6}$/.test(id.slice(3, 9))) return false;
  return legalIdCheckDigit(id.slice(0, 10)) === Number(id[10]);
}

/** Completes a 10-digit body into a valid legal identifier. */
export function withLegalIdCheckDigit(body: string): string {
  return body + String(legalIdCheckDigit(body));
}

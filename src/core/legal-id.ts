/**
 * Iran's national identifier of a legal entity (شناسه ملی اشخاص حقوقی): eleven digits, the last
 * a check digit over the first ten. The published rule (as in persian-tools
 * `verifyIranianLegalId`): k = d9 + 2; weights 29, 27, 23, 19, 17, 29, 27, 23, 19, 17;
 * s = Σ (d_i + k) × w_i for i = 0..9; r = s mod 11, and 0 when r is 10; d10 must equal r.
 * All zeros, and identifiers whose serial part (d3..d8) is all zeros, were never issued.
 *
 * Typed like national codes (Persian digits, spaces, dashes, pasted direction marks), so the
 * same forgiving parse gives the one ASCII spelling that is stored.
 */
import { asciiDigits } from './national-code.ts';

export type ParsedLegalId = { ok: true; id: string } | { ok: false; reason: 'format' | 'check_digit' };

const separators = /[\s\-\u2010-\u2015\u2212\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const WEIGHTS = [29, 27, 23, 19, 17, 29, 27, 23, 19, 17] as const;

/** The check digit for the ten-digit body of a legal identifier. */
export function legalIdCheckDigit(body: string): number {
  if (!/^\d{10}$/.test(body)) throw new RangeError('a legal identifier body is 10 ASCII digits');
  const k = body.charCodeAt(9) - 48 + 2;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (body.charCodeAt(i) - 48 + k) * WEIGHTS[i]!;
  const r = sum % 11;
  return r === 10 ? 0 : r;
}

export function parseLegalId(input: string): ParsedLegalId {
  if (input.length > 64) return { ok: false, reason: 'format' };
  const id = asciiDigits(input.replace(separators, ''));
  if (!/^\d{11}$/.test(id) || /^0+$/.test(id) || /^0{6}$/.test(id.slice(3, 9))) return { ok: false, reason: 'format' };
  if (legalIdCheckDigit(id.slice(0, 10)) !== id.charCodeAt(10) - 48) return { ok: false, reason: 'check_digit' };
  return { ok: true, id };
}

export const isValidLegalId = (input: string): boolean => parseLegalId(input).ok;

import { asciiDigits, parseNationalCode } from '../../core/national-code.ts';
import type { IdentifierType } from '../accounts/index.ts';

/**
 * An identifier as a person types it: a national code (check digit verified; Persian digits,
 * spaces and dashes forgiven) or a foreign national's identifier (10–16 digits, as the civil
 * registry issues them). Null when it cannot be one, so no lookup is made for it.
 */
export function parseIdentifier(type: IdentifierType, typed: string): string | null {
  if (typed.length > 64) return null;
  if (type === 'national_code') {
    const parsed = parseNationalCode(typed);
    return parsed.ok ? parsed.code : null;
  }
  const plain = asciiDigits(typed).replace(/[\s\-\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '');
  return /^[0-9]{10,16}$/.test(plain) ? plain : null;
}

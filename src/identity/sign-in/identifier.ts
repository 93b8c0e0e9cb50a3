import { parseIdentifier as parseTypedIdentifier, type IdentifierType } from '../../core/person-input.ts';

/**
 * An identifier as a person types it, read by the same rules as registration (a national code
 * with its check digit, or a foreign resident's identifier). Null when it cannot be one, so no
 * lookup is made for it.
 */
export function parseIdentifier(type: IdentifierType, typed: string): string | null {
  const parsed = parseTypedIdentifier(type, typed);
  return parsed.ok ? parsed.value : null;
}

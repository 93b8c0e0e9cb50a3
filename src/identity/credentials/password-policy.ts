import { dictionary } from '@zxcvbn-ts/language-common';
import { maxPasswordLength } from './passwords.ts';

/**
 * What a password must be, after NIST SP 800-63B-4 §3.1.1.2:
 *
 * - at least 15 characters: NIST asks 15 of a password that is a single factor and 8 of one
 *   used only with another factor. Here a password alone signs a person in (the SMS code is
 *   the other way in, not an extra step), so every password is a single factor and gets 15;
 *   a pass-phrase of three or four words is easy to remember and type on a phone;
 * - at most 128 (NIST: at least 64 allowed), counted in Unicode code points after NFKC, the
 *   normalisation the hash uses, so a Persian password typed on another keyboard still matches;
 * - every printable character, spaces included; no composition rules (no "one digit, one
 *   symbol"), no hints, no expiry;
 * - not a common or compromised password (49,233 from @zxcvbn-ts/language-common, compared
 *   whole and lower-cased, also with a trailing run of digits or symbols removed), not one
 *   character, a short run or a word repeated ("passwordpassword"), and not mostly words of this
 *   context: the person's identifier and names, "onewindow", "پنجره".
 */
export const minPasswordLength = 15;
export { maxPasswordLength };

export type PasswordProblem = 'too_short' | 'too_long' | 'not_printable' | 'common' | 'repetitive' | 'context';

let common: Set<string> | undefined;
/** Loaded on first use (~50,000 words), then kept. */
function commonPasswords(): Set<string> {
  common ??= new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
  return common;
}

const siteWords = ['onewindow', 'one window', 'پنجره', 'پنجره واحد', 'panjereh'];

/** The same normalisation as `hashPassword`. */
export const normalizePassword = (password: string): string => password.normalize('NFKC');

export function passwordProblem(password: string, context: readonly string[] = []): PasswordProblem | null {
  const p = normalizePassword(password);
  const length = [...p].length;
  if (length > maxPasswordLength) return 'too_long';
  // Control characters (C0, DEL, C1) and unpaired surrogates cannot be typed and break storage.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(p) || /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(p)) return 'not_printable';
  if (length < minPasswordLength) return 'too_short';
  const lower = p.toLowerCase();
  const set = commonPasswords();
  const stripped = lower.replace(/[^\p{L}\p{M}]+$/u, '');
  if (set.has(lower) || set.has(stripped) || set.has(lower.replace(/\s+/g, ''))) return 'common';
  if (/^(.{1,4})\1+$/su.test(lower) || /^(.+)\1+$/su.test(stripped)) return 'repetitive';
  let rest = lower.replace(/\s+/g, '');
  for (const word of [...siteWords, ...context].map((w) => w.toLowerCase().replace(/\s+/g, '')).filter((w) => w.length >= 3).sort((a, b) => b.length - a.length)) {
    rest = rest.split(word).join('');
  }
  // What is left besides the context words, ignoring digits and punctuation, must itself be a password.
  if ([...rest.replace(/[^\p{L}\p{M}]+/gu, '')].length < 8) return 'context';
  return null;
}

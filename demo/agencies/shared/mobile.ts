/**
 * Iranian mobile numbers for the reference mobile-ownership registry.
 *
 * Accepted spellings: 09xxxxxxxxx, +989xxxxxxxxx, 989xxxxxxxxx and 00989xxxxxxxxx, with spaces
 * or dashes between digit groups. A leading space is read as `+` because an unescaped `+` in a
 * query string decodes to a space, and callers often forget to send `%2B`.
 */

/** The canonical 11-digit form `09xxxxxxxxx`, or undefined when `raw` is not a mobile number. */
export function normalizeIranianMobile(raw: string): string | undefined {
  const compact = raw.replace(/^ /, '+').replace(/[\s-]/g, '');
  const match = /^(?:\+98|0098|98|0)(9\d{9})$/.exec(compact);
  return match ? `0${match[1]}` : undefined;
}

/**
 * Per-account lockout, the answer to guessing one person's password from many addresses (the
 * per-address throttle answers one address guessing many people's). Four failures cost nothing;
 * the fifth locks the password for a minute, and each further one doubles the wait up to an
 * hour: at most ~30 guesses a day, far under NIST SP 800-63B's ceiling of 100 consecutive
 * failures, and a person who mistypes a few times never notices. A success resets the count.
 *
 * The lock closes the password and the second factor only, never the code by SMS: someone who
 * merely knows a person's identifier could otherwise keep them out of their own account. The
 * code is the accessible challenge that stands in for an image captcha: it reaches the person's
 * own phone (read aloud by a screen reader like any SMS) and it cannot be guessed (five tries a
 * code, five codes an hour).
 */
export const freeFailures = 4;
export const firstLockSeconds = 60;
export const longestLockSeconds = 60 * 60;

/** Seconds to lock after the `failures`-th consecutive failure; 0 for none. */
export function lockSecondsAfter(failures: number): number {
  if (failures <= freeFailures) return 0;
  const doublings = Math.min(failures - freeFailures - 1, 16);
  return Math.min(firstLockSeconds * 2 ** doublings, longestLockSeconds);
}

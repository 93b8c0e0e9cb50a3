import { createHash, randomInt } from 'node:crypto';

/**
 * Recovery codes for when the phone with the authenticator app is lost: ten, each 12
 * characters from an alphabet without look-alikes (no 0/o, 1/l/i), shown once as
 * `xxxx-xxxx-xxxx` (~60 bits each, beyond guessing under the lockout) and kept only as SHA-256.
 * A slow hash is not needed: the codes are random, not chosen by people.
 */
export const recoveryCodeCount = 10;
const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';

export function newRecoveryCodes(): string[] {
  return Array.from({ length: recoveryCodeCount }, () => {
    const chars = Array.from({ length: 12 }, () => alphabet[randomInt(alphabet.length)]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
  });
}

/** What a person types back: case, spaces and dashes forgiven. Null when it cannot be a recovery code. */
export function normalizeRecoveryCode(typed: string): string | null {
  const plain = typed.toLowerCase().replace(/[\s-]/g, '');
  return /^[a-z0-9]{12}$/.test(plain) ? plain : null;
}

export const recoveryCodeHash = (normalized: string): string => createHash('sha256').update(normalized).digest('hex');

import { Algorithm, hash, verify } from '@node-rs/argon2';

/**
 * argon2id at OWASP's Password Storage Cheat Sheet minimum (m = 19 MiB, t = 2, p = 1): about
 * 13 ms of one core here, so a core checks ~75 passwords a second — slow enough to make a
 * stolen table expensive to guess, fast enough for 29 million people's sign-ins. The parameters
 * live in each stored PHC string, so raising them later re-hashes a password at its next
 * successful sign-in (`needsRehash`).
 */
export const passwordHashOptions = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Longer than any password a person types; bounds the work a hostile form post can cause. */
export const maxPasswordLength = 128;

export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFKC'), passwordHashOptions);
}

/** False for a wrong password and for a stored value that is not an argon2 hash. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  if (password.length > maxPasswordLength) return false;
  try {
    return await verify(storedHash, password.normalize('NFKC'));
  } catch {
    return false;
  }
}

/** Whether a stored hash was made with weaker parameters than today's. */
export function needsRehash(storedHash: string): boolean {
  const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(storedHash);
  if (!m) return true;
  return Number(m[1]) < passwordHashOptions.memoryCost || Number(m[2]) < passwordHashOptions.timeCost;
}

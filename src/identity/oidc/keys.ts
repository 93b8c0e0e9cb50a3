import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Database } from '../../db/database.ts';
import { insertSigningKey, lockSigningKeys, publishedKeys, retireKeysBefore, type SigningKeyRow } from './key-repository.ts';

/**
 * Signing keys with rotation, kept in the database so every node signs with the same key.
 *
 * A rotation adds a key that is published in the JWKS at once but signs only from
 * `signs_from` = now + `publishSeconds`, so relying parties that cache the JWKS have it before
 * the first token signed with it arrives. The keys it replaces keep being published until
 * `signs_from` + `retainSeconds`, so tokens they signed still verify. Each node re-reads the
 * keys every minute and rebuilds its provider when the set or the signing key changes.
 */
export const signingAlg = 'RS256';
export const defaultPublishSeconds = 24 * 60 * 60;
export const defaultRetainSeconds = 7 * 24 * 60 * 60;

export interface KeySet {
  /** Private JWKs, the signing key first (oidc-provider signs with the first that fits). */
  keys: Record<string, unknown>[];
  signingKid: string;
  /** Changes whenever the published set or the signing key changes. */
  fingerprint: string;
}

const epoch = (d: Date) => Math.floor(d.getTime() / 1000);

function newKey(): { kid: string; privateJwk: Record<string, unknown> } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(12).toString('base64url');
  return { kid, privateJwk: { ...privateKey.export({ format: 'jwk' }), kid, alg: signingAlg, use: 'sig' } };
}

/** The keys to publish and sign with at `now`; creates the first key when there is none. */
export async function loadKeySet(db: Database, now: Date): Promise<KeySet> {
  const at = epoch(now);
  let keys = await db.run((q) => publishedKeys(q, at));
  if (!keys.some((k) => k.signsFrom <= at)) {
    keys = await db.transaction(async (tx) => {
      await lockSigningKeys(tx);
      const again = await publishedKeys(tx, at);
      if (again.some((k) => k.signsFrom <= at)) return again;
      const { kid, privateJwk } = newKey();
      await insertSigningKey(tx, { kid, alg: signingAlg, privateJwk, createdAt: at, signsFrom: at });
      return publishedKeys(tx, at);
    });
  }
  return keySetOf(keys, at);
}

/** Pure: orders the published keys so the one that signs now comes first. */
export function keySetOf(keys: SigningKeyRow[], at: number): KeySet {
  const signing = keys.filter((k) => k.signsFrom <= at).sort((a, b) => b.signsFrom - a.signsFrom || a.kid.localeCompare(b.kid))[0];
  if (!signing) throw new Error('no signing key is active');
  const ordered = [signing, ...keys.filter((k) => k !== signing)];
  return { keys: ordered.map((k) => k.privateJwk), signingKid: signing.kid, fingerprint: ordered.map((k) => k.kid).join(',') };
}

/**
 * Adds the next signing key (see the top of this file). Returns its kid and when it signs.
 * `publishSeconds` 0 makes it sign at once (tests; an emergency after a key leaked, together
 * with a short `retainSeconds`).
 */
export async function rotateSigningKey(
  db: Database,
  now: Date,
  options: { publishSeconds?: number; retainSeconds?: number } = {},
): Promise<{ kid: string; signsFrom: Date }> {
  const at = epoch(now);
  const signsFrom = at + (options.publishSeconds ?? defaultPublishSeconds);
  const { kid, privateJwk } = newKey();
  await db.transaction(async (tx) => {
    await lockSigningKeys(tx);
    await insertSigningKey(tx, { kid, alg: signingAlg, privateJwk, createdAt: at, signsFrom });
    await retireKeysBefore(tx, signsFrom, signsFrom + (options.retainSeconds ?? defaultRetainSeconds));
  });
  return { kid, signsFrom: new Date(signsFrom * 1000) };
}

import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';

/**
 * A node's checkpoint signing key: Ed25519, read from a PEM file. Verifiers know the public
 * half as a JWK whose `kid` is its RFC 7638 thumbprint, the same way the gateway names the
 * keys of client assertions.
 */
export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
}

export interface SigningKey {
  privateKey: KeyObject;
  publicJwk: PublicJwk;
}

export class CheckpointKeyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CheckpointKeyError';
  }
}

export async function publicJwkOf(key: KeyObject): Promise<PublicJwk> {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new CheckpointKeyError(`checkpoint keys are Ed25519; this one is ${publicKey.asymmetricKeyType ?? 'not asymmetric'}`);
  const { x } = publicKey.export({ format: 'jwk' });
  const jwk = { kty: 'OKP' as const, crv: 'Ed25519' as const, x: x! };
  return { ...jwk, kid: await calculateJwkThumbprint(jwk, 'sha256') };
}

/** Reads a PEM private key; anything but an Ed25519 private key is refused with a reason. */
export async function signingKeyFromPem(pem: string | Buffer, source: string): Promise<SigningKey> {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (e) {
    throw new CheckpointKeyError(`${source}: not a PEM private key`, { cause: e });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new CheckpointKeyError(`${source}: the checkpoint key must be Ed25519, not ${privateKey.asymmetricKeyType ?? 'unknown'}`);
  return { privateKey, publicJwk: await publicJwkOf(privateKey) };
}

/** A new Ed25519 private key as PKCS#8 PEM. */
export function generateSigningKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/**
 * Public keys a verifier is told to trust (`audit verify --public-key FILE`): a PEM public key
 * (SPKI, or a private key whose public half is taken), a JWK, a JWK set `{"keys":[…]}`, or JSON
 * lines of JWKs (a store's `<node>.keys.jsonl`). Each is re-derived from its key material, so
 * a `kid` written in the file is never taken on trust.
 */
export async function readPublicKeys(text: string, source: string): Promise<PublicJwk[]> {
  if (text.includes('-----BEGIN')) {
    const blocks = text.match(/-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----/g) ?? [];
    const keys: PublicJwk[] = [];
    for (const block of blocks) {
      try {
        keys.push(await publicJwkOf(createPublicKey(block)));
      } catch (e) {
        throw new CheckpointKeyError(`${source}: a PEM block is not an Ed25519 key`, { cause: e });
      }
    }
    return keys;
  }
  const trimmed = text.trim();
  let docs: unknown[];
  try {
    const whole = JSON.parse(trimmed) as unknown;
    docs = whole && typeof whole === 'object' && Array.isArray((whole as { keys?: unknown }).keys) ? (whole as { keys: unknown[] }).keys : [whole];
  } catch {
    try {
      docs = trimmed.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as unknown);
    } catch (e) {
      throw new CheckpointKeyError(`${source}: neither PEM, a JWK, a JWK set nor JSON lines of JWKs`, { cause: e });
    }
  }
  const keys: PublicJwk[] = [];
  for (const doc of docs) keys.push(await publicJwkFromJson(doc, source));
  return keys;
}

async function publicJwkFromJson(doc: unknown, source: string): Promise<PublicJwk> {
  const jwk = doc as { kty?: unknown; crv?: unknown; x?: unknown; d?: unknown };
  if (!jwk || typeof jwk !== 'object' || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    throw new CheckpointKeyError(`${source}: a key is not an Ed25519 JWK (kty OKP, crv Ed25519)`);
  }
  try {
    return await publicJwkOf(createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' }));
  } catch (e) {
    throw new CheckpointKeyError(`${source}: an Ed25519 JWK has an unusable x`, { cause: e });
  }
}

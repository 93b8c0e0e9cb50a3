import { createHash, createPublicKey, randomBytes, X509Certificate } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';

/**
 * Turns what an agency uploads into a credential the gateway can look up: the lookup key
 * (`fingerprint`) is computed exactly as the gateway computes it on a call. Only public
 * material is accepted; a private key in the upload is refused rather than stored.
 */
export type Material<T> = { ok: true; value: T } | { ok: false; reason: string; message: string };

const refuse = <T>(reason: string, message: string): Material<T> => ({ ok: false, reason, message });

export const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

export function certificateMaterial(pem: string, now: Date): Material<{ fingerprint: string; certificatePem: string; notAfter: Date }> {
  if (/PRIVATE KEY/.test(pem)) return refuse('private_key', 'The upload contains a private key; register the certificate only');
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----/g)?.length ?? 0;
  if (blocks !== 1) return refuse('not_one_certificate', 'Upload exactly one PEM certificate (the client certificate itself, not a chain)');
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    return refuse('not_a_certificate', 'The PEM text is not an X.509 certificate');
  }
  const notAfter = new Date(cert.validTo);
  if (Number.isNaN(notAfter.getTime()) || notAfter <= now) return refuse('expired', 'The certificate has expired');
  return { ok: true, value: { fingerprint: sha256Hex(cert.raw), certificatePem: cert.toString(), notAfter } };
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const PUBLIC_MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e', 'alg', 'use', 'kid'];
const CURVES: Record<string, readonly string[]> = { EC: ['P-256', 'P-384', 'P-521'], OKP: ['Ed25519', 'Ed448'] };

/** A public signing key for `private_key_jwt` client assertions; fingerprint = RFC 7638 SHA-256 thumbprint (base64url). */
export async function jwkMaterial(jwk: Record<string, unknown>): Promise<Material<{ fingerprint: string; publicJwk: Record<string, unknown> }>> {
  if (PRIVATE_MEMBERS.some((m) => m in jwk)) return refuse('private_key', 'The JWK holds private or symmetric key material; register the public key only');
  const kty = jwk.kty;
  if (kty !== 'RSA' && kty !== 'EC' && kty !== 'OKP') return refuse('unsupported_key_type', 'Only RSA, EC and OKP public keys are accepted');
  if (kty !== 'RSA' && !CURVES[kty]!.includes(String(jwk.crv))) return refuse('unsupported_curve', `A ${kty} key must use one of ${CURVES[kty]!.join(', ')}`);
  if (jwk.use !== undefined && jwk.use !== 'sig') return refuse('not_a_signing_key', 'The key must be for signatures (use "sig")');
  const publicJwk = Object.fromEntries(PUBLIC_MEMBERS.filter((m) => jwk[m] !== undefined).map((m) => [m, jwk[m]]));
  try {
    const key = createPublicKey({ key: publicJwk as import('node:crypto').JsonWebKey, format: 'jwk' });
    if (kty === 'RSA' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) return refuse('key_too_short', 'RSA keys must be at least 2048 bits');
  } catch {
    return refuse('not_a_key', 'The JWK is not a valid public key');
  }
  return { ok: true, value: { fingerprint: await calculateJwkThumbprint(publicJwk as JWK, 'sha256'), publicJwk } };
}

/** A new random shared secret (demo deployments): returned once, only its SHA-256 is kept. */
export function secretMaterial(): { secret: string; fingerprint: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, fingerprint: sha256Hex(secret) };
}

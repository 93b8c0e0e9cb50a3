import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { PublicJwk, SigningKey } from './key.ts';

/**
 * A checkpoint: a node's signed statement that its exchange-log chain reached record `seq`,
 * whose hash is `hash`, at time `at`. Stored outside the database, it lets `audit verify` find
 * a chain end that was cut off or rewritten inside it.
 *
 * Each checkpoint is a JWS in the flattened JSON serialization (RFC 7515 §7.2.2), one per
 * line: `{"protected":…,"payload":…,"signature":…}`, with the protected header
 * `{"alg":"EdDSA","kid":<RFC 7638 thumbprint of the node's Ed25519 public key>,"typ":"ow-log-checkpoint"}`
 * and the payload
 *
 *     {"v":1,"chain":"node-1","seq":12300,"hash":"<64 hex digits>","at":"2026-12-07T10:00:00.000Z"}
 *
 * Any JOSE library verifies one; the payload is read only after its signature verified.
 */
export interface Checkpoint {
  chain: string;
  seq: number;
  hash: string;
  /** When the node signed it (ISO 8601, UTC). */
  at: string;
}

export const CHECKPOINT_TYP = 'ow-log-checkpoint';

// The JWS by hand with node:crypto: a few synchronous lines and one key object per key, where
// `audit verify` checks every line (a year of minutely checkpoints is 525,600 of them). The
// Ed25519 verification itself is most of the cost; a test checks jose agrees both ways.
const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

export function signCheckpoint(checkpoint: Checkpoint, key: SigningKey): string {
  const payload = { v: 1, chain: checkpoint.chain, seq: checkpoint.seq, hash: checkpoint.hash, at: checkpoint.at };
  const protectedHeader = b64url(JSON.stringify({ alg: 'EdDSA', kid: key.publicJwk.kid, typ: CHECKPOINT_TYP }));
  const encodedPayload = b64url(JSON.stringify(payload));
  const signature = sign(null, Buffer.from(`${protectedHeader}.${encodedPayload}`, 'ascii'), key.privateKey);
  return JSON.stringify({ protected: protectedHeader, payload: encodedPayload, signature: b64url(signature) });
}

/** Verifiers check every line; the key object is built once per key. */
const keyObjects = new WeakMap<PublicJwk, KeyObject>();
function keyObject(jwk: PublicJwk): KeyObject {
  let key = keyObjects.get(jwk);
  if (!key) keyObjects.set(jwk, (key = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' })));
  return key;
}

export type CheckedCheckpoint = { ok: true; checkpoint: Checkpoint; kid: string } | { ok: false; reason: string };

const bad = (reason: string): CheckedCheckpoint => ({ ok: false, reason });

/**
 * Verifies one stored line against the trusted keys. A line that is not a JWS, names an
 * unknown key, fails its signature, or signs something other than a checkpoint of `chain`
 * is refused with the reason; nothing in it is believed before the signature verified.
 */
const BASE64URL = /^[A-Za-z0-9_-]*$/;

export function verifyCheckpoint(line: string, chain: string, keys: ReadonlyMap<string, PublicJwk>): CheckedCheckpoint {
  let jws: { protected?: unknown; payload?: unknown; signature?: unknown; header?: unknown };
  try {
    jws = JSON.parse(line) as typeof jws;
  } catch {
    return bad('not JSON (a torn or foreign line)');
  }
  if (!jws || typeof jws !== 'object' || typeof jws.protected !== 'string' || typeof jws.payload !== 'string' || typeof jws.signature !== 'string' || ![jws.protected, jws.payload, jws.signature].every((p) => BASE64URL.test(p as string))) {
    return bad('not a flattened JWS');
  }
  let header: { alg?: unknown; kid?: unknown; typ?: unknown; crit?: unknown };
  try {
    header = JSON.parse(Buffer.from(jws.protected, 'base64url').toString('utf8')) as typeof header;
    if (!header || typeof header !== 'object') throw new TypeError('not an object');
  } catch {
    return bad('its protected header cannot be read');
  }
  const kid = header.kid;
  const jwk = typeof kid === 'string' ? keys.get(kid) : undefined;
  if (!jwk) return bad(`signed with a key that is not trusted for this chain (kid ${typeof kid === 'string' ? kid : 'missing'})`);
  if ((header.alg !== 'EdDSA' && header.alg !== 'Ed25519') || header.crit !== undefined) return bad(`its header names an algorithm or extension this verifier does not accept (alg ${String(header.alg)})`);
  if (!verify(null, Buffer.from(`${jws.protected}.${jws.payload}`, 'ascii'), keyObject(jwk), Buffer.from(jws.signature, 'base64url'))) {
    return bad(`its signature does not verify with key ${jwk.kid}`);
  }
  if (header.typ !== CHECKPOINT_TYP) return bad(`its header type is not ${CHECKPOINT_TYP}`);
  const payload = Buffer.from(jws.payload, 'base64url');
  let p: Record<string, unknown>;
  try {
    p = JSON.parse(payload.toString('utf8')) as Record<string, unknown>;
  } catch {
    return bad('its signed payload is not JSON');
  }
  if (p.v !== 1 || typeof p.chain !== 'string' || !Number.isSafeInteger(p.seq) || (p.seq as number) < 1 || typeof p.hash !== 'string' || !/^[0-9a-f]{64}$/.test(p.hash) || typeof p.at !== 'string' || Number.isNaN(Date.parse(p.at))) {
    return bad('its signed payload is not a checkpoint');
  }
  if (p.chain !== chain) return bad(`it checkpoints chain "${p.chain}", not "${chain}"`);
  return { ok: true, checkpoint: { chain: p.chain, seq: p.seq as number, hash: p.hash, at: p.at }, kid: jwk.kid };
}

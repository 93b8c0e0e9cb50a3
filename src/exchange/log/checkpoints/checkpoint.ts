import { createPublicKey, type KeyObject } from 'node:crypto';
import { FlattenedSign, flattenedVerify, decodeProtectedHeader, type FlattenedJWS } from 'jose';
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

export async function signCheckpoint(checkpoint: Checkpoint, key: SigningKey): Promise<string> {
  const payload = { v: 1, chain: checkpoint.chain, seq: checkpoint.seq, hash: checkpoint.hash, at: checkpoint.at };
  const jws = await new FlattenedSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'EdDSA', kid: key.publicJwk.kid, typ: CHECKPOINT_TYP })
    .sign(key.privateKey);
  return JSON.stringify({ protected: jws.protected, payload: jws.payload, signature: jws.signature });
}

export type CheckedCheckpoint = { ok: true; checkpoint: Checkpoint; kid: string } | { ok: false; reason: string };

const bad = (reason: string): CheckedCheckpoint => ({ ok: false, reason });

/**
 * Verifies one stored line against the trusted keys. A line that is not a JWS, names an
 * unknown key, fails its signature, or signs something other than a checkpoint of `chain`
 * is refused with the reason; nothing in it is believed before the signature verified.
 */
export async function verifyCheckpoint(line: string, chain: string, keys: ReadonlyMap<string, PublicJwk>): Promise<CheckedCheckpoint> {
  let jws: FlattenedJWS;
  try {
    jws = JSON.parse(line) as FlattenedJWS;
  } catch {
    return bad('not JSON (a torn or foreign line)');
  }
  if (!jws || typeof jws !== 'object' || typeof jws.protected !== 'string' || typeof jws.payload !== 'string' || typeof jws.signature !== 'string') {
    return bad('not a flattened JWS');
  }
  let kid: unknown;
  try {
    kid = decodeProtectedHeader(jws).kid;
  } catch {
    return bad('its protected header cannot be read');
  }
  const jwk = typeof kid === 'string' ? keys.get(kid) : undefined;
  if (!jwk) return bad(`signed with a key that is not trusted for this chain (kid ${typeof kid === 'string' ? kid : 'missing'})`);
  let payload: Uint8Array;
  try {
    const key: KeyObject = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
    const verified = await flattenedVerify(jws, key, { algorithms: ['EdDSA', 'Ed25519'] });
    if (verified.protectedHeader?.typ !== CHECKPOINT_TYP) return bad(`its header type is not ${CHECKPOINT_TYP}`);
    payload = verified.payload;
  } catch {
    return bad(`its signature does not verify with key ${jwk.kid}`);
  }
  let p: Record<string, unknown>;
  try {
    p = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
  } catch {
    return bad('its signed payload is not JSON');
  }
  if (p.v !== 1 || typeof p.chain !== 'string' || !Number.isSafeInteger(p.seq) || (p.seq as number) < 1 || typeof p.hash !== 'string' || !/^[0-9a-f]{64}$/.test(p.hash) || typeof p.at !== 'string' || Number.isNaN(Date.parse(p.at))) {
    return bad('its signed payload is not a checkpoint');
  }
  if (p.chain !== chain) return bad(`it checkpoints chain "${p.chain}", not "${chain}"`);
  return { ok: true, checkpoint: { chain: p.chain, seq: p.seq as number, hash: p.hash, at: p.at }, kid: jwk.kid };
}

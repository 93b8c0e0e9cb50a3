import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { FlattenedSign, flattenedVerify, type FlattenedJWS } from 'jose';
import { signCheckpoint, verifyCheckpoint, type Checkpoint } from './checkpoint.ts';
import { generateSigningKeyPem, readPublicKeys, signingKeyFromPem, type PublicJwk } from './key.ts';
import { imprint, timestampingNotConfigured } from './timestamp.ts';

const cp: Checkpoint = { chain: 'node-1', seq: 42, hash: 'ab'.repeat(32), at: '2026-12-07T10:00:00.000Z' };
const keyring = (...keys: PublicJwk[]) => new Map(keys.map((k) => [k.kid, k]));
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

test('a checkpoint with a forged signature, another key, or another chain is refused with the reason', async () => {
  const key = await signingKeyFromPem(generateSigningKeyPem(), 'test');
  const other = await signingKeyFromPem(generateSigningKeyPem(), 'other');
  const line = signCheckpoint(cp, key);
  const jws = JSON.parse(line) as { protected: string; payload: string; signature: string };

  const moved = JSON.stringify({ ...jws, payload: b64({ v: 1, chain: 'node-1', seq: 40, hash: cp.hash, at: cp.at }) });
  assert.deepEqual(verifyCheckpoint(moved, 'node-1', keyring(key.publicJwk)), { ok: false, reason: `its signature does not verify with key ${key.publicJwk.kid}` });
  const byOther = signCheckpoint(cp, other);
  assert.match(String((verifyCheckpoint(byOther, 'node-1', keyring(key.publicJwk)) as { reason: string }).reason), /not trusted for this chain \(kid /);
  assert.deepEqual(verifyCheckpoint(line, 'node-2', keyring(key.publicJwk)), { ok: false, reason: 'it checkpoints chain "node-1", not "node-2"' });
  assert.deepEqual(verifyCheckpoint('{"protec', 'node-1', keyring(key.publicJwk)), { ok: false, reason: 'not JSON (a torn or foreign line)' });
  assert.deepEqual(verifyCheckpoint('{"a":1}', 'node-1', keyring(key.publicJwk)), { ok: false, reason: 'not a flattened JWS' });

  assert.deepEqual(verifyCheckpoint(line, 'node-1', keyring(key.publicJwk)), { ok: true, checkpoint: cp, kid: key.publicJwk.kid });
  assert.deepEqual(Object.keys(jws).sort(), ['payload', 'protected', 'signature']);
  assert.deepEqual(JSON.parse(Buffer.from(jws.protected, 'base64url').toString()), { alg: 'EdDSA', kid: key.publicJwk.kid, typ: 'ow-log-checkpoint' });
});

test('keys: only Ed25519 signs; public keys are read from PEM, a JWK, a JWK set or JSON lines, kid re-derived', async () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  await assert.rejects(signingKeyFromPem(rsa, 'rsa.pem'), /rsa\.pem: the checkpoint key must be Ed25519, not rsa/);
  await assert.rejects(signingKeyFromPem('nonsense', 'x.pem'), /x\.pem: not a PEM private key/);

  const key = await signingKeyFromPem(generateSigningKeyPem(), 'test');
  assert.match(key.publicJwk.kid, /^[A-Za-z0-9_-]{43}$/);
  const spki = createPublicKey(key.privateKey).export({ format: 'pem', type: 'spki' }).toString();
  const lying = { kty: 'OKP', crv: 'Ed25519', x: key.publicJwk.x, kid: 'chosen-by-attacker' };
  for (const text of [spki, JSON.stringify(lying), JSON.stringify({ keys: [lying] }), `${JSON.stringify(lying)}\n${JSON.stringify(lying)}\n`]) {
    const keys = await readPublicKeys(text, 'f');
    assert.ok(keys.length >= 1);
    for (const k of keys) assert.deepEqual(k, key.publicJwk);
  }
  await assert.rejects(readPublicKeys('{"kty":"RSA","n":"x","e":"AQAB"}', 'k.json'), /k\.json: a key is not an Ed25519 JWK/);
  await assert.rejects(readPublicKeys('not a key', 'k.txt'), /k\.txt: neither PEM/);
});

test('trusted timestamps: with no authority configured, none is claimed', async () => {
  assert.deepEqual(await timestampingNotConfigured.stamp('{"a":1}'), { ok: false, reason: 'timestamping: not configured (no RFC 3161 authority); the checkpoint carries the node clock only' });
  assert.equal(imprint('abc').toString('hex'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});

test('the envelope is standard JWS: a JOSE library verifies our lines, and we verify its', async () => {
  const key = await signingKeyFromPem(generateSigningKeyPem(), 'test');
  const publicKey = createPublicKey(key.privateKey);
  const ours = JSON.parse(signCheckpoint(cp, key)) as FlattenedJWS;
  const verified = await flattenedVerify(ours, publicKey);
  assert.deepEqual(verified.protectedHeader, { alg: 'EdDSA', kid: key.publicJwk.kid, typ: 'ow-log-checkpoint' });
  assert.deepEqual(JSON.parse(new TextDecoder().decode(verified.payload)), { v: 1, ...cp });
  const theirs = await new FlattenedSign(new TextEncoder().encode(JSON.stringify({ v: 1, ...cp })))
    .setProtectedHeader({ alg: 'EdDSA', kid: key.publicJwk.kid, typ: 'ow-log-checkpoint' })
    .sign(key.privateKey);
  assert.deepEqual(verifyCheckpoint(JSON.stringify(theirs), 'node-1', keyring(key.publicJwk)), { ok: true, checkpoint: cp, kid: key.publicJwk.kid });
});

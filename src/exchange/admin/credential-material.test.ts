import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { certificateMaterial, jwkMaterial, secretMaterial } from './credential-material.ts';
import { testCertificateFingerprint, testCertificateNotAfter, testCertificatePem } from './certificate.test-support.ts';

const now = new Date('2026-11-28T09:00:00Z');

test('a certificate is keyed by the SHA-256 of its DER, as openssl computes it, and keeps its expiry', () => {
  const result = certificateMaterial(testCertificatePem, now);
  assert.ok(result.ok);
  assert.equal(result.value.fingerprint, testCertificateFingerprint);
  assert.equal(result.value.notAfter.toISOString(), testCertificateNotAfter);
  assert.match(result.value.certificatePem, /^-----BEGIN CERTIFICATE-----/);
});

test('bad certificate uploads are refused with a reason', () => {
  const reason = (pem: string, at = now) => {
    const r = certificateMaterial(pem, at);
    return r.ok ? 'ok' : r.reason;
  };
  assert.equal(reason('hello'), 'not_one_certificate');
  assert.equal(reason(testCertificatePem + '\n' + testCertificatePem), 'not_one_certificate');
  assert.equal(reason(testCertificatePem.replace('MIIB', 'XXXX')), 'not_a_certificate');
  assert.equal(reason(`${testCertificatePem}\n-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----`), 'private_key');
  assert.equal(reason(testCertificatePem, new Date('2127-01-01T00:00:00Z')), 'expired');
});

test('a public JWK is keyed by its RFC 7638 thumbprint (as jose computes it); private members are dropped or refused', async () => {
  for (const alg of ['ES256', 'RS256', 'EdDSA'] as const) {
    const { publicKey } = await generateKeyPair(alg, { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), use: 'sig', kid: 'mine', extra: 'dropped' };
    const result = await jwkMaterial(jwk);
    assert.ok(result.ok, alg);
    assert.equal(result.value.fingerprint, await calculateJwkThumbprint(await exportJWK(publicKey), 'sha256'), alg);
    assert.equal(result.value.publicJwk.extra, undefined);
    assert.equal(result.value.publicJwk.kid, 'mine');
  }
});

test('private, symmetric, weak or malformed keys are refused', async () => {
  const reason = async (jwk: Record<string, unknown>) => {
    const r = await jwkMaterial(jwk);
    return r.ok ? 'ok' : r.reason;
  };
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  assert.equal(await reason(await exportJWK(privateKey)), 'private_key');
  assert.equal(await reason({ kty: 'oct', k: 'c2VjcmV0' }), 'private_key');
  assert.equal(await reason({ kty: 'oct' }), 'unsupported_key_type');
  assert.equal(await reason({ kty: 'EC', crv: 'secp256k1', x: 'a', y: 'b' }), 'unsupported_curve');
  assert.equal(await reason({ kty: 'OKP', crv: 'X25519', x: 'a' }), 'unsupported_curve');
  assert.equal(await reason({ kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA' }), 'not_a_key');
  const { publicKey } = await generateKeyPair('ES256', { extractable: true });
  assert.equal(await reason({ ...(await exportJWK(publicKey)), use: 'enc' }), 'not_a_signing_key');
  const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
  assert.equal(await reason(weak as Record<string, unknown>), 'key_too_short');
});

test('a shared secret is random and only its SHA-256 is the fingerprint', () => {
  const a = secretMaterial();
  const b = secretMaterial();
  assert.notEqual(a.secret, b.secret);
  assert.ok(a.secret.length >= 43);
  assert.equal(a.fingerprint, createHash('sha256').update(a.secret).digest('hex'));
});

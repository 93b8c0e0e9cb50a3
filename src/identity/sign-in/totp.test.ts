import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base32Decode, base32Encode, hotp, matchTotp, otpauthUri, totpStep } from './totp.ts';

// RFC 6238 Appendix B: the SHA-1 seed is the ASCII "12345678901234567890"; 8-digit values.
const seed = Buffer.from('12345678901234567890');
const vectors: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

test('RFC 6238 Appendix B test vectors (SHA-1)', () => {
  for (const [time, expected] of vectors) assert.equal(hotp(seed, totpStep(time), 8), expected, `T = ${time}`);
});

test('RFC 6238 Appendix B test vectors (SHA-256 and SHA-512 seeds), so the HOTP core is the standard one', () => {
  assert.equal(hotp(Buffer.from('12345678901234567890123456789012'), totpStep(59), 8, 'sha256'), '46119246');
  assert.equal(hotp(Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'), totpStep(59), 8, 'sha512'), '90693936');
});

test('base32 round trip (RFC 4648 vectors)', () => {
  assert.equal(base32Encode(Buffer.from('foobar')), 'MZXW6YTBOI');
  assert.equal(base32Decode('mzxw6ytboi')!.toString(), 'foobar');
  assert.equal(base32Decode('not base32!'), null);
  assert.equal(base32Encode(seed), 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
});

test('six digits, one step either side, and never the same step twice', () => {
  const secret = base32Encode(seed);
  const t = 1111111111;
  const code = (time: number) => hotp(seed, totpStep(time)).slice(-6);
  assert.equal(code(t), hotp(seed, totpStep(t), 6));
  assert.equal(matchTotp(secret, code(t), t, null), totpStep(t));
  assert.equal(matchTotp(secret, code(t - 30), t, null), totpStep(t) - 1, 'the previous step');
  assert.equal(matchTotp(secret, code(t + 30), t, null), totpStep(t) + 1, 'the next step');
  assert.equal(matchTotp(secret, code(t - 60), t, null), null, 'two steps back is too old');
  assert.equal(matchTotp(secret, code(t), t, totpStep(t)), null, 'a used step is not accepted again');
  assert.equal(matchTotp(secret, code(t - 30), t, totpStep(t)), null, 'nor one before it');
  assert.equal(matchTotp(secret, '12345', t, null), null);
  assert.equal(matchTotp(secret, 'abcdef', t, null), null);
});

test('the otpauth URI names the issuer and the parameters', () => {
  const uri = otpauthUri('JBSWY3DPEHPK3PXP', '0084575948', 'OneWindow');
  assert.match(uri, /^otpauth:\/\/totp\/OneWindow%3A0084575948\?secret=JBSWY3DPEHPK3PXP&issuer=OneWindow&algorithm=SHA1&digits=6&period=30$/);
});

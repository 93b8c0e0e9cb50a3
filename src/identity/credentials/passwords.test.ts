import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword, needsRehash, verifyPassword } from './passwords.ts';

test('passwords are stored as argon2id at OWASP parameters and verify only with the same password', async () => {
  const stored = await hashPassword('correct horse battery staple');
  assert.match(stored, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  assert.equal(await verifyPassword(stored, 'correct horse battery staple'), true);
  assert.equal(await verifyPassword(stored, 'correct horse battery stapler'), false);
  assert.equal(await verifyPassword('not a hash', 'anything'), false);
  assert.equal(needsRehash(stored), false);
  assert.equal(needsRehash('$argon2id$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaA'), true);
});

test('a password is compared in one Unicode form, so the same Persian text typed two ways verifies', async () => {
  // U+0643 KAF vs the compatibility form U+FED9: NFKC folds presentation forms.
  const stored = await hashPassword('رمز\u0643لمه');
  assert.equal(await verifyPassword(stored, 'رمز\uFED9لمه'), true);
});

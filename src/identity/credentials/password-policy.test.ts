import { test } from 'node:test';
import assert from 'node:assert/strict';
import { minPasswordLength, passwordProblem } from './password-policy.ts';

test('length: at least 15 code points after NFKC, at most 128, spaces and Persian allowed', () => {
  assert.equal(minPasswordLength, 15);
  assert.equal(passwordProblem('short pass'), 'too_short');
  assert.equal(passwordProblem('correct horse battery'), null, 'a pass-phrase with spaces');
  assert.equal(passwordProblem('گل‌های سرخ باغ مادربزرگ'), null, 'Persian, with a zero-width non-joiner');
  assert.equal(passwordProblem('😀'.repeat(14)), 'too_short', 'an emoji counts as one character');
  assert.equal(passwordProblem('x'.repeat(129)), 'too_long');
  assert.equal(passwordProblem(`${'long enough words '.repeat(6)}ok`.slice(0, 128)), null);
});

test('no composition rules: lower-case letters alone are fine', () => {
  assert.equal(passwordProblem('walnuttreesbythebrook'), null);
});

test('common and compromised passwords are refused, also with digits added or repeated', () => {
  assert.equal(passwordProblem('passwordpassword'), 'common', 'itself on the list');
  assert.equal(passwordProblem('Password12345678!'), 'common');
  assert.equal(passwordProblem('aaaaaaaaaaaaaaaa'), 'repetitive');
  assert.equal(passwordProblem('abcabcabcabcabcabc'), 'repetitive');
  assert.equal(passwordProblem('qwertyqwertyqwerty'), 'repetitive');
  assert.equal(passwordProblem('iloveyouiloveyou1'), 'repetitive');
});

test('context words: the identifier, the names, the site', () => {
  assert.equal(passwordProblem('0084575948maryam!', ['0084575948', 'Maryam', 'Ahmadi']), 'context');
  assert.equal(passwordProblem('OneWindow2026!!!!!'), 'context');
  assert.equal(passwordProblem('پنجره پنجره ۱۲۳۴۵۶۷'), 'context');
  assert.equal(passwordProblem('maryam walks to the river', ['Maryam']), null, 'a name inside a real phrase is fine');
});

test('control characters are refused', () => {
  assert.equal(passwordProblem('abc\u0000defghijklmnopq'), 'not_printable');
});

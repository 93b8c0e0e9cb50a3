import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asciiDigits, isValidNationalCode, nationalCodeCheckDigit, parseNationalCode } from './national-code.ts';

test('the check digit follows the mod-11 rule: remainders 0 and 1 are the digit, others 11 − r', () => {
  assert.equal(nationalCodeCheckDigit('000000001'), 9, 's = 2 → 11 − 2');
  assert.equal(nationalCodeCheckDigit('000011000'), 0, 's = 6 + 5 = 11 → r 0');
  assert.equal(nationalCodeCheckDigit('000010101'), 1, 's = 6 + 4 + 2 = 12 → r 1');
  assert.equal(nationalCodeCheckDigit('100000000'), 1, 's = 10 → 11 − 10');
  assert.equal(nationalCodeCheckDigit('049937089'), 9, 's = 266 → r 2');
  assert.equal(nationalCodeCheckDigit('123456789'), 1, 's = 210 → r 1');
  assert.throws(() => nationalCodeCheckDigit('12345678'), RangeError);
  assert.throws(() => nationalCodeCheckDigit('12345678x'), RangeError);
});

test('valid codes parse to ten ASCII digits, leading zeros kept', () => {
  assert.deepEqual(parseNationalCode('0499370899'), { ok: true, code: '0499370899' });
  assert.deepEqual(parseNationalCode('1234567891'), { ok: true, code: '1234567891' });
  assert.deepEqual(parseNationalCode('0000110000'), { ok: true, code: '0000110000' });
  assert.equal(isValidNationalCode('0000000019'), true);
});

test('Persian and Arabic-Indic digits, spaces, dashes and direction marks are normalised', () => {
  assert.equal(asciiDigits('۰۴۹۹۳۷۰۸۹۹'), '0499370899');
  assert.equal(asciiDigits('٠٤٩٩٣٧٠٨٩٩'), '0499370899');
  assert.deepEqual(parseNationalCode('۰۴۹-۹۳۷۰۸۹-۹'), { ok: true, code: '0499370899' });
  assert.deepEqual(parseNationalCode('\u200f٠٤٩ ٩٣٧ ٠٨٩٩\u00a0'), { ok: true, code: '0499370899' });
  assert.deepEqual(parseNationalCode('123۴۵۶٧٨٩1'), { ok: true, code: '1234567891' }, 'mixed digit systems');
});

test('a wrong check digit is told apart from a malformed code', () => {
  assert.deepEqual(parseNationalCode('0499370898'), { ok: false, reason: 'check_digit' });
  assert.deepEqual(parseNationalCode('1234567890'), { ok: false, reason: 'check_digit' });
  for (const bad of ['', '123456789', '12345678901', '04993708a9', '0499370899x', '٠٤٩٩٣٧٠٨٩', 'x'.repeat(100), '+499370899', '0499370899\u0000']) {
    assert.deepEqual(parseNationalCode(bad), { ok: false, reason: 'format' }, JSON.stringify(bad));
  }
});

test('codes of one repeated digit are never issued, though the arithmetic holds', () => {
  assert.equal(nationalCodeCheckDigit('111111111'), 1, 's = 54 → r 10 → 1: 1111111111 passes the arithmetic');
  assert.equal(nationalCodeCheckDigit('000000000'), 0);
  for (let d = 0; d <= 9; d++) assert.deepEqual(parseNationalCode(String(d).repeat(10)), { ok: false, reason: 'format' }, String(d).repeat(10));
});

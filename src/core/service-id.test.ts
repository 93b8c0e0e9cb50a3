import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDigits, formatServiceId, MAX_SERIAL, MIN_SERIAL, mod97, parseServiceId } from './service-id.ts';
import { countryPacks } from './country-packs/index.ts';
import { isValidExternalServiceCode } from './country-packs/ir.ts';

const ir = countryPacks.ir;

test('mod 97 agrees with the IBAN standard on a published IBAN', () => {
  // DE89 3704 0044 0532 0130 00: the BBAN, then D=13 E=14 and "00", gives check digits 89.
  assert.equal(98 - mod97('370400440532013000' + '1314' + '00'), 89);
  assert.equal(mod97('370400440532013000' + '1314' + '89'), 1);
  // Longer than a double can hold exactly: piecewise reduction must still be right.
  assert.equal(mod97('9'.repeat(60)), Number(BigInt('9'.repeat(60)) % 97n));
});

test('known vectors (checked independently with BigInt)', () => {
  assert.equal(formatServiceId(ir, 1_000_001), 'IR-01000001-22');
  assert.equal(formatServiceId(ir, 1_234_567), 'IR-01234567-59');
  assert.equal(formatServiceId(ir, 99_999_999), 'IR-99999999-60');
  assert.equal(checkDigits('IR', '01000001'), '22');
});

test('serials outside the sequence are refused when formatting', () => {
  assert.throws(() => formatServiceId(ir, MIN_SERIAL - 1), RangeError);
  assert.throws(() => formatServiceId(ir, MAX_SERIAL + 1), RangeError);
  assert.throws(() => formatServiceId(ir, 1_000_001.5), RangeError);
});

test('every formatted id parses back to itself and its serial', () => {
  for (const serial of [MIN_SERIAL, 1_000_002, 1_000_097, 4_242_424, 12_345_678, MAX_SERIAL]) {
    const id = formatServiceId(ir, serial);
    assert.deepEqual(parseServiceId(ir, id), { ok: true, id, serial });
  }
});

test('accepts lower case, no hyphens, spaces, Persian and Arabic-Indic digits', () => {
  const want = { ok: true, id: 'IR-01000001-22', serial: 1_000_001 };
  for (const input of ['IR-01000001-22', 'ir0100000122', 'Ir 0100 0001 22', ' ir-01000001-22 ', 'IR-۰۱۰۰۰۰۰۱-۲۲', 'IR٠١٠٠٠٠٠١٢٢', 'IR\u201101000001\u201322']) {
    assert.deepEqual(parseServiceId(ir, input), want, input);
  }
});

test('malformed input is a format error, not a checksum error', () => {
  for (const input of ['', 'IR', 'IR-01000001-22X', 'IR-01000001-2', 'IR-010000011-22', 'XX-01000001-22', 'IR-0100000A-22', 'IR-00000001-98', 'IR.01000001.22', 'ıR-01000001-22']) {
    assert.deepEqual(parseServiceId(ir, input), { ok: false, reason: 'format' }, input);
  }
});

/** Every id that differs from `id` in one digit, or by swapping two different neighbours. */
function corruptions(id: string): string[] {
  const digits = id.replace(/\D/g, '');
  const out: string[] = [];
  for (let i = 0; i < digits.length; i++) {
    for (let d = 0; d <= 9; d++) {
      if (String(d) !== digits[i]) out.push(digits.slice(0, i) + d + digits.slice(i + 1));
    }
    if (i + 1 < digits.length && digits[i] !== digits[i + 1]) {
      out.push(digits.slice(0, i) + digits[i + 1] + digits[i] + digits.slice(i + 2));
    }
  }
  return out.map((d) => `IR-${d.slice(0, 8)}-${d.slice(8)}`);
}

test('every single-digit substitution and adjacent transposition is rejected', () => {
  const serials = [MIN_SERIAL, 1_000_010, 1_234_567, 20_250_321, 55_555_556, 90_817_263, MAX_SERIAL];
  let checked = 0;
  for (const serial of serials) {
    const id = formatServiceId(ir, serial);
    for (const bad of corruptions(id)) {
      const parsed = parseServiceId(ir, bad);
      assert.equal(parsed.ok, false, `${bad} (from ${id}) was accepted`);
      checked++;
    }
  }
  assert.ok(checked > 600);
});

test('a substituted digit is reported as a checksum error when the rest is well formed', () => {
  assert.deepEqual(parseServiceId(ir, 'IR-01000002-22'), { ok: false, reason: 'check_digits' });
  assert.deepEqual(parseServiceId(ir, 'IR-10000001-22'), { ok: false, reason: 'check_digits' });
});

test('external service codes from the earlier registry', () => {
  assert.equal(isValidExternalServiceCode('12345678901'), true);
  assert.equal(isValidExternalServiceCode('12345678901-1'), true);
  assert.equal(isValidExternalServiceCode('12345678901-123'), true);
  for (const bad of ['1234567890', '123456789012', '12345678901-', '12345678901-1234', '12345678901 1', '۱۲۳۴۵۶۷۸۹۰۱', 'a2345678901']) {
    assert.equal(isValidExternalServiceCode(bad), false, bad);
  }
  assert.equal(ir.externalServiceCodePattern.test('12345678901-12'), true);
});

test('the Iran pack', () => {
  assert.equal(ir.code, 'ir');
  assert.equal(ir.serviceIdPrefix, 'IR');
  assert.deepEqual(ir.locales, ['fa', 'en']);
  assert.equal(ir.defaultLocale, 'fa');
  assert.equal(ir.currency, 'IRR');
  assert.equal(ir.timeZone, 'Asia/Tehran');
  assert.equal(ir.calendarLocale, 'fa-IR-u-ca-persian');
});

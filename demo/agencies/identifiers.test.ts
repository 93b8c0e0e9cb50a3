import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidNationalCode, maskNationalCode, nationalCodeCheckDigit, withNationalCodeCheckDigit } from './shared/national-code.ts';
import { isValidLegalId, legalIdCheckDigit, withLegalIdCheckDigit } from './shared/legal-id.ts';
import { normalizeIranianMobile } from './shared/mobile.ts';
import { seeded } from './shared/seed.ts';
import { isWellFormedTrackingNumber, luhnCheckDigit, nationalCodeOf, trackingNumberFor } from './id-card-issuance/tracking-number.ts';

test('national code: published examples pass', () => {
  for (const code of ['0076229645', '1583250689', '0499370899', '0790419904']) assert.ok(isValidNationalCode(code), code);
});

test('national code: the check digit rule, including remainders below 2', () => {
  // s = Σ d_i × (10 − i); r = s mod 11; check = r < 2 ? r : 11 − r.
  assert.equal(nationalCodeCheckDigit('007622964'), 5, 's = 182, r = 6 → 5');
  assert.equal(nationalCodeCheckDigit('001234567'), 9, 's = 112, r = 2 → 9');
  assert.equal(nationalCodeCheckDigit('000000001'), 9, 's = 2, r = 2 → 9');
  assert.equal(nationalCodeCheckDigit('000000006'), 1, 's = 12, r = 1 → 1');
  assert.equal(nationalCodeCheckDigit('100000000'), 1, 's = 10, r = 10 → 1');
  assert.equal(nationalCodeCheckDigit('000000031'), 0, 's = 11, r = 0 → 0');
  assert.equal(withNationalCodeCheckDigit('001234567'), '0012345679');
  assert.throws(() => nationalCodeCheckDigit('12345678'), RangeError);
});

test('national code: wrong check digit, wrong length, non-digits and repeated digits fail', () => {
  assert.equal(isValidNationalCode('0076229646'), false);
  assert.equal(isValidNationalCode('007622964'), false);
  assert.equal(isValidNationalCode('00762296455'), false);
  assert.equal(isValidNationalCode('007622964a'), false);
  assert.equal(isValidNationalCode('۰۰۷۶۲۲۹۶۴۵'), false, 'Persian digits are normalised by the product, not here');
  assert.equal(isValidNationalCode(' 0076229645'), false);
  for (let d = 0; d <= 9; d++) assert.equal(isValidNationalCode(String(d).repeat(10)), false, `${d}×10`);
});

test('national code: every body completes to exactly one valid code', () => {
  for (let n = 0; n < 2000; n += 7) {
    const body = String(123_400_000 + n).padStart(9, '0');
    const valid = Array.from({ length: 10 }, (_, d) => body + d).filter(isValidNationalCode);
    assert.deepEqual(valid, [withNationalCodeCheckDigit(body)]);
  }
});

test('national code: masking keeps only the last four digits', () => {
  assert.equal(maskNationalCode('0076229645'), '******9645');
});

test('legal id: the published example passes and altered ones fail', () => {
  assert.ok(isValidLegalId('10380284790'));
  assert.equal(legalIdCheckDigit('1038028479'), 0);
  for (let d = 1; d <= 9; d++) assert.equal(isValidLegalId(`1038028479${d}`), false);
  assert.equal(isValidLegalId('1038028479'), false, 'too short');
  assert.equal(isValidLegalId('1038028479a'), false);
  assert.equal(isValidLegalId('00000000000'), false, 'all zeros');
  assert.equal(isValidLegalId(withLegalIdCheckDigit('1230000001')), false, 'empty serial part');
  assert.ok(isValidLegalId(withLegalIdCheckDigit('1400123456')));
});

test('mobile: accepted spellings normalise to 09xxxxxxxxx, others are refused', () => {
  for (const raw of ['09121234567', '+989121234567', ' 989121234567', '989121234567', '00989121234567', '0912 123 4567', '0912-123-4567']) {
    assert.equal(normalizeIranianMobile(raw), '09121234567', raw);
  }
  for (const raw of ['9121234567', '0912123456', '091212345678', '08121234567', '+449121234567', 'abc', '']) {
    assert.equal(normalizeIranianMobile(raw), undefined, raw);
  }
});

test('tracking number: round-trips to the national code and carries a Luhn digit', () => {
  assert.equal(luhnCheckDigit('7992739871'), 3, 'the classic Luhn example');
  for (const code of ['0076229645', '1583250689', '0000000000', '9999999999']) {
    const tracking = trackingNumberFor(code);
    assert.match(tracking, /^7\d{11}$/);
    assert.ok(isWellFormedTrackingNumber(tracking));
    assert.equal(nationalCodeOf(tracking), code);
    const typo = tracking.slice(0, 5) + String((Number(tracking[5]) + 1) % 10) + tracking.slice(6);
    assert.equal(isWellFormedTrackingNumber(typo), false);
  }
});

test('seed: the same parts give the same stream, different parts a different one', () => {
  const draw = (...parts: string[]) => {
    const s = seeded(...parts);
    return Array.from({ length: 20 }, () => s.int(1000));
  };
  assert.deepEqual(draw('a', '1'), draw('a', '1'));
  assert.notDeepEqual(draw('a', '1'), draw('a', '2'));
  const long = seeded('long');
  for (let i = 0; i < 100; i++) assert.ok(long.between(3, 5) >= 3);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { masked, parseBirthDate, parseIdentifier, parseMobile } from './person-input.ts';

test('mobiles: every spelling in use becomes E.164; anything else is refused', () => {
  for (const raw of ['09121234567', '+989121234567', '989121234567', '00989121234567', '۰۹۱۲۱۲۳۴۵۶۷', '0912 123 4567', '0912-123-4567', '\u200e+98 912 123 4567']) {
    assert.deepEqual(parseMobile(raw), { ok: true, value: '+989121234567' }, raw);
  }
  for (const raw of ['', '9121234567', '02112345678', '+447700900123', '0912123456', '091212345678', 'x'.repeat(100)]) {
    assert.deepEqual(parseMobile(raw), { ok: false, code: 'REGISTRATION_MOBILE_INVALID' }, raw);
  }
});

test('national codes: check digit, length, repeated digits; foreign identifiers: twelve digits', () => {
  assert.deepEqual(parseIdentifier('national_code', '۱۲۳۴۵۶۷۲۱۰'), { ok: true, value: '1234567210' });
  for (const raw of ['1234567211', '123456721', '0000000000', '1111111111', '1'.repeat(65)]) assert.equal(parseIdentifier('national_code', raw).ok, false, raw);
  assert.deepEqual(parseIdentifier('foreign_national', '4123 4567 8901'), { ok: true, value: '412345678901' });
  for (const raw of ['012345678901', '41234567890', '4123456789012', '444444444444', 'abc']) assert.equal(parseIdentifier('foreign_national', raw).ok, false, raw);
});

test('birth dates: the page calendar, real days only, not in the future nor 130 years back', () => {
  const today = '2026-11-28';
  assert.deepEqual(parseBirthDate('persian', { year: '۱۳۶۹', month: '1', day: '۱' }, today), { ok: true, value: '1990-03-21' });
  assert.deepEqual(parseBirthDate('gregorian', { year: '1990', month: '3', day: '21' }, today), { ok: true, value: '1990-03-21' });
  for (const [calendar, parts] of [
    ['persian', { year: '1402', month: '12', day: '30' }],
    ['persian', { year: '1410', month: '1', day: '1' }],
    ['gregorian', { year: '1890', month: '1', day: '1' }],
    ['gregorian', { year: '1990', month: '2', day: '30' }],
    ['gregorian', { year: '', month: '1', day: '1' }],
    ['gregorian', { year: '1990', month: '1', day: '1'.repeat(20) }],
  ] as const) {
    assert.deepEqual(parseBirthDate(calendar, parts, today), { ok: false, code: 'REGISTRATION_BIRTH_DATE_INVALID' }, JSON.stringify(parts));
  }
});

test('masking keeps the last four', () => {
  assert.equal(masked('1234567210'), '••••••7210');
  assert.equal(masked('+989121234567'), '•••••••••4567');
});

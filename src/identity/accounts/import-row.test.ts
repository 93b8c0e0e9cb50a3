import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAccountRow, iranianMobileE164, isBirthDate } from './import-row.ts';
import { uuidV7Generator } from './import-ids.ts';

const good = {
  identifier_type: 'national_code',
  identifier: '0499370899',
  given_name_fa: 'زهرا',
  family_name_fa: 'احمدی',
  given_name_en: 'Zahra',
  family_name_en: 'Ahmadi',
  birth_date: '1990-03-21',
  mobile: '0912 123 4567',
};

test('every usual spelling of an Iranian mobile becomes E.164, anything else is refused', () => {
  for (const s of ['09121234567', '+989121234567', '00989121234567', '989121234567', '0912-123-4567', '+98 (912) 123 4567', '۰۹۱۲۱۲۳۴۵۶۷', '٠٩١٢١٢٣٤٥٦٧', '\u200e09121234567'])
    assert.equal(iranianMobileE164(s), '+989121234567', s);
  for (const s of ['9121234567', '02188776655', '0912123456', '091212345678', '+449121234567', 'abc', '', '0'.repeat(50)]) assert.equal(iranianMobileE164(s), undefined, s);
});

test('a birth date is a real past date at most 130 years ago, as registration reads it', () => {
  assert.ok(isBirthDate('2000-02-29', '2026-01-01'));
  assert.ok(!isBirthDate('2001-02-29', '2026-01-01'));
  assert.ok(!isBirthDate('2026-01-02', '2026-01-01'));
  assert.ok(isBirthDate('1896-01-01', '2026-01-01'));
  assert.ok(!isBirthDate('1895-12-31', '2026-01-01'));
  assert.ok(!isBirthDate('1990-3-21', '2026-01-01'));
});

test('a good row is normalised: Persian digits in the national code, the mobile in E.164, not verified by default', () => {
  const r = checkAccountRow(2, { ...good, identifier: '۰۴۹۹۳۷۰۸۹۹' }, '2026-12-07');
  assert.ok(r.ok);
  assert.equal(r.account.identifier, '0499370899');
  assert.equal(r.account.mobile, '+989121234567');
  assert.equal(r.account.mobileVerified, false);
  assert.equal(r.account.passwordHash, null);
});

test('every problem of a row is reported with its field and a stable code', () => {
  const r = checkAccountRow(
    7,
    { identifier_type: 'national_code', identifier: '0499370898', given_name_fa: '', family_name_fa: 'a'.repeat(201), given_name_en: 'A\tB', family_name_en: 'X', birth_date: '2030-01-01', mobile: '021 8877 6655', password_hash: '$2b$10$abc', mobile_verified: 'maybe' },
    '2026-12-07',
  );
  assert.ok(!r.ok);
  assert.deepEqual(
    r.issues.map((i) => [i.line, i.field, i.code]),
    [
      [7, 'identifier', 'NATIONAL_CODE_CHECK_DIGIT'],
      [7, 'given_name_fa', 'MISSING_FIELD'],
      [7, 'family_name_fa', 'INVALID_VALUE'],
      [7, 'given_name_en', 'INVALID_VALUE'],
      [7, 'birth_date', 'INVALID_DATE'],
      [7, 'mobile', 'INVALID_MOBILE'],
      [7, 'password_hash', 'INVALID_PASSWORD_HASH'],
      [7, 'mobile_verified', 'INVALID_VALUE'],
    ],
  );
  const t = checkAccountRow(3, { ...good, identifier_type: 'passport' }, '2026-12-07');
  assert.ok(!t.ok && t.issues[0]!.code === 'INVALID_VALUE' && t.issues[0]!.field === 'identifier_type');
  const f = checkAccountRow(4, { ...good, identifier_type: 'foreign_national', identifier: '012345678901' }, '2026-12-07');
  assert.ok(!f.ok && f.issues[0]!.code === 'INVALID_VALUE');
  const nul = checkAccountRow(5, { ...good, given_name_en: 'A\0' }, '2026-12-07');
  assert.ok(!nul.ok && nul.issues[0]!.code === 'INVALID_CHARACTER');
});

test('UUIDv7 ids ascend in the order they are made, also many in one millisecond', () => {
  const next = uuidV7Generator(() => 1_765_000_000_000);
  const ids = Array.from({ length: 5000 }, next);
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids.slice(0, 3)) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nationalCodeCheckDigit } from '../../core/national-code.ts';
import { accountColumns, checkAccountRow, type AccountColumn } from './import-row.ts';
import { rowChecker } from './import-fast.ts';

const today = '2026-12-07';
const code = (n: number) => {
  const body = String(100_000_000 + n);
  return `${body}${nationalCodeCheckDigit(body)}`;
};
const hash = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA';

/** Spellings of each field: the stored forms the fast path takes, and the others it must leave to checkAccountRow. */
const variants: Record<AccountColumn, string[]> = {
  identifier_type: ['national_code', 'foreign_national', ' national_code', 'passport', ''],
  identifier: [code(1), code(2), '0499370898', '۰۴۹۹۳۷۰۸۹۹', '049-937-0899', '1111111111', '123456789012', '012345678901', '111111111111', '12345678901', ''],
  given_name_fa: ['زهرا', 'محمد\u200cعلی', 'آ', 'ا\u0653', 'ي', 'ب'.repeat(200), 'ب'.repeat(201), ' زهرا', '', 'a\u0000'],
  family_name_fa: ['احمدی', 'هاشمی\u200cنژاد', 'ۀ', 'ه\u0654', '\u064bب', 'x\u0085'],
  given_name_en: ['Zahra', 'Zoë', 'Zoe\u0308', 'A\tB', 'Ahmad, "Jr."', 'Ali\u00a0', '\ud800', 'Ω', '\u2126', 'x'.repeat(200)],
  family_name_en: ['Ahmadi', "O'Brien", 'Ahmadi ', 'Ω\u0301', 'Łukasiewicz', '\u007f'],
  birth_date: ['1990-03-21', '2000-02-29', '2001-02-29', '1896-12-07', '1896-12-06', '2026-12-08', '1990-3-21', '۱۹۹۰-۰۳-۲۱', '1990/03/21', ' 1990-03-21', ''],
  mobile: ['09121234567', '+989121234567', '989121234567', '00989121234567', '0912 123 4567', '۰۹۱۲۱۲۳۴۵۶۷', '02188776655', '+98912123456', '0912123456a', ''],
  password_hash: ['', hash, ` ${hash}`, '$2b$10$abc', '   '],
  mobile_verified: ['', 'true', 'false', '1', '0', 'yes', 'no', 'TRUE', 'Yes', ' true', 'maybe'],
};

/** A deterministic pseudo-random walk over the variants (no dependency on Math.random). */
function* rows(count: number): Generator<Record<AccountColumn, string>> {
  let seed = 42;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
  for (let i = 0; i < count; i++) {
    const row = {} as Record<AccountColumn, string>;
    // Mostly stored forms (the first of each list), so rows that pass are common too.
    for (const c of accountColumns) row[c] = next() % 3 === 0 ? variants[c][next() % variants[c].length]! : variants[c][c === 'identifier' ? next() % 2 : 0]!;
    if (row.identifier_type === 'foreign_national' && next() % 2) row.identifier = '123456789012';
    yield row;
  }
}

test('the fast checker gives checkAccountRow’s verdict and issues for rows of every kind, whatever the column order', () => {
  const orders: AccountColumn[][] = [[...accountColumns], [...accountColumns].reverse(), accountColumns.filter((c) => c !== 'password_hash' && c !== 'mobile_verified')];
  for (const columns of orders) {
    const check = rowChecker(columns, today);
    let passed = 0;
    let line = 2;
    for (const row of rows(4000)) {
      const cells: Partial<Record<AccountColumn, string>> = {};
      for (const c of columns) cells[c] = row[c];
      const expected = checkAccountRow(line, cells, today);
      assert.deepEqual(check(line, columns.map((c) => row[c])), expected, JSON.stringify(row));
      if (expected.ok) passed++;
      line++;
    }
    assert.ok(passed > 500, `enough good rows (${passed}) to exercise the fast path`);
  }
});

test('every field spelling alone, on an otherwise good row, gets the same answer both ways', () => {
  const check = rowChecker(accountColumns, today);
  const base = Object.fromEntries(accountColumns.map((c) => [c, variants[c][0]!])) as Record<AccountColumn, string>;
  for (const c of accountColumns)
    for (const v of variants[c]) {
      const row = { ...base, [c]: v };
      assert.deepEqual(check(9, accountColumns.map((k) => row[k])), checkAccountRow(9, row, today), `${c}=${JSON.stringify(v)}`);
    }
});

test('a name of any two characters of the Arabic block, or Latin and Arabic, gets the same answer both ways (NFC, marks, controls)', () => {
  const check = rowChecker(accountColumns, today);
  const base = Object.fromEntries(accountColumns.map((c) => [c, variants[c][0]!])) as Record<AccountColumn, string>;
  const arabic = Array.from({ length: 0x100 }, (_, i) => String.fromCharCode(0x600 + i));
  const latin = Array.from({ length: 0x2e0 }, (_, i) => String.fromCharCode(0x20 + i));
  // Combining marks (U+064B…, U+0653–0655) compose with or reorder around their neighbour: the fast path must leave such names to the long way.
  for (const a of [...arabic, ...latin.filter((_, i) => i % 7 === 0)])
    for (const b of arabic) {
      const name = `${a}${b}`;
      const row = { ...base, given_name_fa: name };
      assert.deepEqual(check(2, accountColumns.map((k) => row[k])), checkAccountRow(2, row, today), JSON.stringify(name));
    }
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { countryPacks } from '../../core/country-packs/index.ts';
import { AppError } from '../../core/errors.ts';
import { nationalCodeCheckDigit } from '../../core/national-code.ts';
import { rows, type Database } from '../../db/database.ts';
import { openTestDatabase, testEngines } from '../../../test/support/database.ts';
import { hashPassword } from '../credentials/index.ts';
import { findAccountByIdentifier } from './account-repository.ts';
import { importAccounts } from './import.ts';
import { DIRECT_BATCHES } from './import-repository.ts';

const header = 'identifier_type,identifier,given_name_fa,family_name_fa,given_name_en,family_name_en,birth_date,mobile,password_hash,mobile_verified';
const code = (n: number) => {
  const body = String(100_000_000 + n);
  return `${body}${nationalCodeCheckDigit(body)}`;
};
const line = (n: number, over: Partial<Record<string, string>> = {}) => {
  const v = { identifier_type: 'national_code', identifier: code(n), given_name_fa: 'زهرا', family_name_fa: 'احمدی', given_name_en: 'Zahra', family_name_en: 'Ahmadi', birth_date: '1990-03-21', mobile: `0912${String(n).padStart(7, '0')}`, password_hash: '', mobile_verified: 'false', ...over };
  return header.split(',').map((c) => v[c as keyof typeof v]).join(',');
};
const file = (...lines: string[]) => [Buffer.from(`${lines.join('\n')}\n`)];
const count = async (db: Database) => (await db.run((q) => rows<{ n: number }>(q, sql`select count(*)::int as n from accounts`)))[0]!.n;

async function refused(promise: Promise<unknown>): Promise<{ line: number; field?: string; code: string }[]> {
  const e = await promise.then(
    () => assert.fail('the import should have been refused'),
    (e: unknown) => e,
  );
  assert.ok(e instanceof AppError && e.code === 'IMPORT_INVALID', String(e));
  return e.extensions!.errors as { line: number; field?: string; code: string }[];
}

for (const engine of testEngines()) {
  describe(`accounts import (${engine})`, () => {
    let db: Database;
    const deps = () => ({ db, pack: countryPacks.ir, now: () => new Date('2026-12-07T10:00:00Z') });
    before(async () => (db = await openTestDatabase(engine)));
    after(() => db.close());

    test('a file with every class of bad row is refused whole, each problem with its line, field and code; nothing is written', async () => {
      const errors = await refused(
        importAccounts(
          deps(),
          file(
            header,
            line(1),
            line(2, { identifier: '' }),
            line(3, { identifier_type: 'passport' }),
            line(4, { identifier: '1234567890' }),
            line(5, { birth_date: '1990-02-30' }),
            line(6, { mobile: '02188776655' }),
            line(7, { password_hash: '$2b$10$abcdefghijklmnopqrstuv' }),
            line(8, { given_name_en: '"A\0B"' }),
            line(9, { family_name_fa: 'ب'.repeat(201) }),
            line(10, { mobile_verified: 'maybe' }),
          ),
        ),
      );
      assert.deepEqual(
        errors.map((e) => [e.line, e.field, e.code]),
        [
          [3, 'identifier', 'MISSING_FIELD'],
          [4, 'identifier_type', 'INVALID_VALUE'],
          [5, 'identifier', 'NATIONAL_CODE_CHECK_DIGIT'],
          [6, 'birth_date', 'INVALID_DATE'],
          [7, 'mobile', 'INVALID_MOBILE'],
          [8, 'password_hash', 'INVALID_PASSWORD_HASH'],
          [9, 'given_name_en', 'INVALID_CHARACTER'],
          [10, 'family_name_fa', 'INVALID_VALUE'],
          [11, 'mobile_verified', 'INVALID_VALUE'],
        ],
      );
      assert.equal(await count(db), 0, 'the good row on line 2 was not written either');
      await refused(importAccounts(deps(), file(header, line(1), line(2), line(3), line(4, { mobile: 'x' })), { batchRows: 1 }));
      assert.equal(await count(db), 0, 'batches already moved into accounts were rolled back');
    });

    test('a bad header, an empty file, a broken CSV and bytes that are not UTF-8 are refused with their codes', async () => {
      const head = await refused(importAccounts(deps(), file('identifier_type,identifier,identifier,given_name_fa,family_name_fa,given_name_en,family_name_en,birth_date,nickname')));
      assert.deepEqual(
        head.map((e) => [e.line, e.field, e.code]),
        [
          [1, 'identifier', 'DUPLICATE_COLUMN'],
          [1, 'nickname', 'UNKNOWN_COLUMN'],
          [1, 'mobile', 'MISSING_COLUMN'],
        ],
      );
      assert.deepEqual((await refused(importAccounts(deps(), file('')))).map((e) => e.code), ['EMPTY_FILE']);
      assert.deepEqual((await refused(importAccounts(deps(), file(header, line(1), 'national_code,"0499370899')))).map((e) => e.code), ['MALFORMED_CSV']);
      assert.deepEqual((await refused(importAccounts(deps(), file(header, line(1), 'a,b')))).map((e) => [e.line, e.code]), [[3, 'MALFORMED_CSV']]);
      const latin1 = [Buffer.from(`${header}\n${line(1)}\n`), Buffer.from([0x68, 0xe9, 0x0a])];
      assert.deepEqual((await refused(importAccounts(deps(), latin1))).map((e) => e.code), ['BAD_ENCODING']);
      assert.equal(await count(db), 0);
    });

    test('good rows become accounts, a character split between chunks included; repeated identifiers are skipped and reported', async () => {
      const hash = await hashPassword('a long enough passphrase');
      const text = Buffer.from(
        `\uFEFF${[
          header,
          line(1, { identifier: '۰۴۹۹۳۷۰۸۹۹', mobile: '+98 912 000 0001', mobile_verified: 'true', password_hash: `"${hash}"` }),
          line(2, { identifier_type: 'foreign_national', identifier: '123456789012', given_name_en: '"Ahmad, ""Jr."""' }),
          line(3),
          line(4, { identifier: '0499370899' }),
        ].join('\r\n')}\r\n`,
      );
      const cut = text.indexOf(Buffer.from('زهرا')) + 1;
      const report = await importAccounts(deps(), [text.subarray(0, cut), text.subarray(cut)]).catch((e: AppError) => assert.fail(JSON.stringify(e.extensions)));
      assert.deepEqual(
        { rows: report.rows, created: report.created, skipped: report.skipped, skippedRows: report.skippedRows.map((r) => [r.line, r.code]) },
        { rows: 4, created: 3, skipped: 1, skippedRows: [[5, 'DUPLICATE_KEY']] },
      );
      assert.equal(report.method, engine === 'postgres' ? 'copy' : 'insert');

      const zahra = await db.run((q) => findAccountByIdentifier(q, 'national_code', '0499370899'));
      assert.ok(zahra);
      assert.match(zahra.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7/, 'a UUIDv7');
      assert.deepEqual([zahra.givenNameFa, zahra.mobile, zahra.assurance, zahra.passwordHash, zahra.mobileVerifiedAt !== null], ['زهرا', '+989120000001', 2, hash, true]);
      const foreign = await db.run((q) => findAccountByIdentifier(q, 'foreign_national', '123456789012'));
      assert.deepEqual([foreign?.givenNameEn, foreign?.assurance, foreign?.passwordHash, foreign?.mobileVerifiedAt], ['Ahmad, "Jr."', 1, null, null]);
      assert.equal(await count(db), 3);
    });

    test('running the same file again creates nothing and reports every row as already there', async () => {
      const again = await importAccounts(deps(), file(header, line(3), line(5), line(3), line(5), line(6)));
      assert.deepEqual(
        { created: again.created, skipped: again.skippedRows.map((r) => [r.line, r.code]) },
        { created: 2, skipped: [[2, 'ACCOUNT_EXISTS'], [4, 'ACCOUNT_EXISTS'], [5, 'DUPLICATE_KEY']] },
      );
      // One row a batch: repeats across batches are found the same way.
      const third = await importAccounts(deps(), file(header, line(3), line(7), line(5), line(7), line(7)), { batchRows: 1 });
      assert.deepEqual(
        { created: third.created, skipped: third.skippedRows.map((r) => [r.line, r.code]) },
        { created: 1, skipped: [[2, 'ACCOUNT_EXISTS'], [4, 'ACCOUNT_EXISTS'], [5, 'DUPLICATE_KEY'], [6, 'DUPLICATE_KEY']] },
      );
      const fourth = await importAccounts(deps(), file(header, line(3), line(5)), { batchRows: 1 });
      assert.deepEqual([fourth.created, fourth.skipped], [0, 2]);
      assert.equal(await count(db), 6);
    });

    test('PostgreSQL copies batches of new people straight into accounts, stored as the long way stores them; from a batch with a taken identifier on, the long way', async () => {
      const hash = await hashPassword('a long enough passphrase');
      const direct = engine === 'postgres';
      const first = await importAccounts(deps(), file(header, line(20_001, { mobile_verified: 'true', password_hash: `"${hash}"` }), line(20_002), line(20_003), line(20_004)), { batchRows: 2 });
      assert.deepEqual([first.created, first.skipped, first.direct], [4, 0, direct ? 4 : 0]);
      // Batches of two: the first goes straight in; the second meets 20,001 and goes the long way, and
      // so do the third (read while the second failed) and the fourth.
      const mixed = await importAccounts(
        deps(),
        file(header, line(20_005), line(20_006), line(20_007), line(20_001), line(20_008), line(20_008), line(20_009, { mobile_verified: 'true', password_hash: `"${hash}"` }), line(20_010)),
        { batchRows: 2 },
      );
      assert.deepEqual(
        { created: mixed.created, direct: mixed.direct, skipped: mixed.skippedRows.map((r) => [r.line, r.code]) },
        { created: 6, direct: direct ? 2 : 0, skipped: [[5, 'ACCOUNT_EXISTS'], [7, 'DUPLICATE_KEY']] },
      );
      const stored = await db.run((q) =>
        rows<{ identifier: string; assurance: number; verifiedThen: boolean | null; passwordThen: boolean | null; mobile: string }>(
          q,
          sql`select identifier, assurance, mobile_verified_at = created_at as "verifiedThen", password_changed_at = created_at as "passwordThen", mobile
              from accounts where identifier in (${code(20_001)}, ${code(20_002)}, ${code(20_009)}, ${code(20_010)}) order by identifier`,
        ),
      );
      assert.deepEqual(stored, [
        { identifier: code(20_001), assurance: 2, verifiedThen: true, passwordThen: true, mobile: '+989120020001' },
        { identifier: code(20_002), assurance: 1, verifiedThen: null, passwordThen: null, mobile: '+989120020002' },
        { identifier: code(20_009), assurance: 2, verifiedThen: true, passwordThen: true, mobile: '+989120020009' },
        { identifier: code(20_010), assurance: 1, verifiedThen: null, passwordThen: null, mobile: '+989120020010' },
      ]);
    });

    test('a bad row in the middle of a big file changes nothing, though the batches before it were already in accounts; without it, batches past the direct limit go the long way', async () => {
      const before = await count(db);
      const many = (bad?: number) => file(header, ...Array.from({ length: 3000 }, (_, i) => line(30_000 + i, i === bad ? { mobile: '02188776655' } : {})));
      const errors = await refused(importAccounts(deps(), many(1700), { batchRows: 50 }));
      assert.deepEqual(errors.map((e) => [e.line, e.code]), [[1702, 'INVALID_MOBILE']]);
      assert.equal(await count(db), before, 'the 34 batches before line 1702 were rolled back');
      const report = await importAccounts(deps(), many(), { batchRows: 50 });
      assert.deepEqual([report.created, report.skipped, report.direct], [3000, 0, engine === 'postgres' ? DIRECT_BATCHES * 50 : 0]);
      assert.equal(await count(db), before + 3000);
    });

    test('progress is reported up to the end of the file', async () => {
      const body = Buffer.from(`${[header, ...Array.from({ length: 5000 }, (_, i) => line(1000 + i))].join('\n')}\n`);
      const seen: number[] = [];
      const report = await importAccounts(deps(), [body.subarray(0, 100_000), body.subarray(100_000)], { size: body.length, progress: (done) => seen.push(done) });
      assert.equal(report.created, 5000);
      assert.equal(seen.at(-1), 100);
      assert.ok(seen.length > 1);
    });
  });
}

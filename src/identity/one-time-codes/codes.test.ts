import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { openTestDatabase, testEngines } from '../../../test/support/database.ts';
import { rows, type Database } from '../../db/database.ts';
import { insertAccount } from '../accounts/account-repository.ts';
import { checkCode, maxCodeAttempts, maxCodesPerHour, sendCode } from './codes.ts';

/** The code as the person reads it on their phone: from the queued SMS. */
async function codeOnPhone(db: Database, mobile: string): Promise<string> {
  const [m] = await db.run((q) => rows<{ body: string }>(q, sql`select body from message_outbox where recipient = ${mobile} order by id desc limit 1`));
  return /(\d{6})/.exec(m!.body)![1]!;
}

for (const engine of testEngines()) {
  describe(`one-time codes (${engine})`, () => {
    let db: Database;
    let accountId: string;
    const mobile = '+989121110000';
    before(async () => {
      db = await openTestDatabase(engine);
      const a = await db.transaction((tx) =>
        insertAccount(tx, { id: randomUUID(), identifierType: 'national_code', identifier: '0084575948', givenNameFa: 'م', familyNameFa: 'ا', givenNameEn: 'M', familyNameEn: 'A', birthDate: '1990-01-01', mobile, assurance: 2, mobileVerified: true }),
      );
      accountId = a.id;
    });
    after(() => db.close());
    const send = () => db.transaction((tx) => sendCode(tx, { purpose: 'sign_in', owner: { accountId }, mobile, text: (c) => `${c} is your code` }));
    const check = (codeId: string, code: string) => db.transaction((tx) => checkCode(tx, { codeId, purpose: 'sign_in', code }));

    test('the code sent by SMS works once; the stored row does not hold it', async () => {
      const { codeId } = await send();
      const code = await codeOnPhone(db, mobile);
      const [stored] = await db.run((q) => rows<{ code_hash: string }>(q, sql`select code_hash from one_time_codes where id = ${codeId}`));
      assert.ok(!stored!.code_hash.includes(code));
      assert.deepEqual(await check(codeId, code), { ok: true, owner: { accountId }, mobile });
      assert.deepEqual(await check(codeId, code), { ok: false, reason: 'expired' });
    });

    test('wrong tries are counted and the code dies after the last; another purpose never accepts it', async () => {
      const { codeId } = await send();
      const code = await codeOnPhone(db, mobile);
      assert.deepEqual(await db.transaction((tx) => checkCode(tx, { codeId, purpose: 'password_reset', code })), { ok: false, reason: 'expired' });
      const wrong = code === '000000' ? '000001' : '000000';
      for (let i = 1; i < maxCodeAttempts; i++) assert.deepEqual(await check(codeId, wrong), { ok: false, reason: 'invalid' });
      assert.deepEqual(await check(codeId, wrong), { ok: false, reason: 'expired' });
      assert.deepEqual(await check(codeId, code), { ok: false, reason: 'expired' }, 'not even the right code after that');
    });

    test('a new code retires the previous one, and only so many are sent an hour', async () => {
      await db.run((q) => q.execute(sql`delete from one_time_codes`));
      const first = await send();
      const firstCode = await codeOnPhone(db, mobile);
      await send();
      assert.deepEqual(await check(first.codeId, firstCode), { ok: false, reason: 'expired' });
      for (let i = 2; i < maxCodesPerHour; i++) await send();
      await assert.rejects(send(), { code: 'ONE_TIME_CODE_TOO_MANY' });
    });
  });
}

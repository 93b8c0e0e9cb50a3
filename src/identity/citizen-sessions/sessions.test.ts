import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { openTestDatabase, testEngines } from '../../../test/support/database.ts';
import type { Database } from '../../db/database.ts';
import { acrValues } from '../../core/assurance.ts';
import { insertAccount } from '../accounts/account-repository.ts';
import { completeSecondFactor, createCitizenSession, findCitizenSession, revokeAccountSessions } from './sessions.ts';

const person = (identifier: string) => ({
  id: randomUUID(),
  identifierType: 'national_code' as const,
  identifier,
  givenNameFa: 'مریم',
  familyNameFa: 'احمدی',
  givenNameEn: 'Maryam',
  familyNameEn: 'Ahmadi',
  birthDate: '1990-03-21',
  mobile: '+989121234567',
  assurance: 2 as const,
  mobileVerified: true,
});

for (const engine of testEngines()) {
  describe(`citizen sessions (${engine})`, () => {
    let db: Database;
    before(async () => {
      db = await openTestDatabase(engine);
    });
    after(() => db.close());

    test('a session carries its acr and amr, finds only its own account, and ends with sign out everywhere', async () => {
      const a = await db.transaction((tx) => insertAccount(tx, person('0084575948')));
      const b = await db.transaction((tx) => insertAccount(tx, person('0013542419')));
      const sa = await db.transaction((tx) => createCitizenSession(tx, { accountId: a.id, accountAssurance: 2, amr: ['sms', 'otp'], secondFactorPending: false }));
      const sb = await db.transaction((tx) => createCitizenSession(tx, { accountId: b.id, accountAssurance: 2, amr: ['pwd'], secondFactorPending: false }));
      const found = await findCitizenSession(db, sa.secret);
      assert.equal(found?.accountId, a.id);
      assert.equal(found?.acr, acrValues.mobile);
      assert.deepEqual(found?.amr, ['sms', 'otp']);
      assert.deepEqual(found?.principal, { kind: 'citizen', accountId: a.id, acr: acrValues.mobile, amr: ['sms', 'otp'] });
      assert.match(found!.authTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.equal((await findCitizenSession(db, sb.secret))?.accountId, b.id);
      assert.equal(await findCitizenSession(db, 'x'.repeat(43)), null);
      assert.equal(await findCitizenSession(db, 'not a secret'), null);
      assert.equal(await db.transaction((tx) => revokeAccountSessions(tx, a.id)), 1);
      assert.equal(await findCitizenSession(db, sa.secret), null);
      assert.ok(await findCitizenSession(db, sb.secret), "another person's session lives on");
    });

    test('a session owing its second factor is raised to the top level once it is passed, once', async () => {
      const a = await db.transaction((tx) => insertAccount(tx, person('0499370899')));
      const s = await db.transaction((tx) => createCitizenSession(tx, { accountId: a.id, accountAssurance: 2, amr: ['pwd'], secondFactorPending: true }));
      const pending = (await findCitizenSession(db, s.secret))!;
      assert.equal(pending.secondFactorPending, true);
      assert.equal(await db.transaction((tx) => completeSecondFactor(tx, pending, 2, 'otp')), true);
      const done = (await findCitizenSession(db, s.secret))!;
      assert.equal(done.secondFactorPending, false);
      assert.equal(done.acr, acrValues.mfa);
      assert.deepEqual(done.amr, ['pwd', 'otp', 'mfa']);
      assert.equal(await db.transaction((tx) => completeSecondFactor(tx, pending, 2, 'otp')), false, 'not twice');
    });
  });
}

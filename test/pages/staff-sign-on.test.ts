import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { openTestApp, type TestApp } from '../support/app.ts';
import { testEngines } from '../support/database.ts';
import { insertPerson } from '../support/people.ts';
import { rows } from '../../src/db/database.ts';
import { createCitizenSession, createStaff, findCitizenSession, linkStaffToPerson, citizenSessionCookie } from '../../src/identity/index.ts';
import { csrfField } from '../../src/web/forms/index.ts';
import type { Amr } from '../../src/core/assurance.ts';

/**
 * Staff sign in as the person they are (issue 14 §5): a portal session that passed a second factor,
 * of an account linked to an enabled staff row, opens the staff area with that row's role.
 */
for (const engine of testEngines()) {
  describe(`staff sign in with their own account (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(engine);
    });
    after(() => t.close());

    async function signedIn(accountId: string, amr: Amr[]): Promise<string> {
      const s = await t.db.transaction((tx) => createCitizenSession(tx, { accountId, accountAssurance: 2, amr, secondFactorPending: false }));
      return `${citizenSessionCookie}=${s.secret}`;
    }

    test('with a second factor the staff area opens with the role kept in OneWindow; without one it does not', async () => {
      const person = await insertPerson(t.db);
      const staff = await createStaff(t.db, { name: 'Operator Person', role: 'operator' });
      await linkStaffToPerson(t.db, staff.id, { identifierType: 'national_code', identifier: person.identifier });

      const strong = await signedIn(person.id, ['pwd', 'otp', 'mfa']);
      const home = await t.app.inject({ url: '/staff', headers: { cookie: strong } });
      assert.equal(home.statusCode, 200);
      assert.match(home.body, /Operator Person/);

      const weak = await signedIn(person.id, ['sms', 'otp']);
      const refused = await t.app.inject({ url: '/staff', headers: { cookie: weak } });
      assert.equal(refused.statusCode, 303);
      assert.match(String(refused.headers.location), /^\/staff\/login/);
      const login = await t.app.inject({ url: '/staff/login?lang=en', headers: { cookie: weak } });
      assert.match(login.body, /without a second factor/);

      // The JSON API never takes a cookie, whoever's it is.
      assert.equal((await t.app.inject({ url: '/api/v1/exchange/access-requests', headers: { cookie: strong } })).statusCode, 401);
    });

    test('a person whose account is not linked, or whose staff row is disabled, gets no staff role', async () => {
      const person = await insertPerson(t.db);
      const cookie = await signedIn(person.id, ['pwd', 'otp', 'mfa']);
      assert.equal((await t.app.inject({ url: '/staff', headers: { cookie } })).statusCode, 303);
      assert.equal((await t.app.inject({ url: '/account', headers: { cookie } })).statusCode, 200, 'still a person on the portal');

      const staff = await createStaff(t.db, { name: 'Auditor Person', role: 'auditor' });
      await linkStaffToPerson(t.db, staff.id, { identifierType: 'national_code', identifier: person.identifier });
      assert.equal((await t.app.inject({ url: '/staff', headers: { cookie } })).statusCode, 200);
      await t.db.run((q) => q.execute(sql`update staff set disabled_at = now() where id = ${staff.id}`));
      assert.equal((await t.app.inject({ url: '/staff', headers: { cookie } })).statusCode, 303);
    });

    test('linking refuses an unknown person, a malformed national code and a person already linked to someone else', async () => {
      const person = await insertPerson(t.db);
      const a = await createStaff(t.db, { name: 'A', role: 'auditor' });
      const b = await createStaff(t.db, { name: 'B', role: 'auditor' });
      await assert.rejects(linkStaffToPerson(t.db, a.id, { identifierType: 'national_code', identifier: '1234567890' }), { code: 'NATIONAL_CODE_INVALID' });
      await assert.rejects(linkStaffToPerson(t.db, a.id, { identifierType: 'national_code', identifier: '0084575948' }), { code: 'STAFF_PERSON_NOT_FOUND' });
      await assert.rejects(linkStaffToPerson(t.db, 'no-such-staff', { identifierType: 'national_code', identifier: person.identifier }), { code: 'STAFF_NOT_FOUND' });
      await linkStaffToPerson(t.db, a.id, { identifierType: 'national_code', identifier: person.identifier });
      await assert.rejects(linkStaffToPerson(t.db, b.id, { identifierType: 'national_code', identifier: person.identifier }), { code: 'STAFF_PERSON_TAKEN' });
      await linkStaffToPerson(t.db, a.id, null);
      const [row] = await t.db.run((q) => rows<{ account_id: string | null }>(q, sql`select account_id from staff where id = ${a.id}`));
      assert.equal(row!.account_id, null);
    });

    test('signing out of the staff area ends the person’s portal session', async () => {
      const person = await insertPerson(t.db);
      const staff = await createStaff(t.db, { name: 'Admin', role: 'operator' });
      await linkStaffToPerson(t.db, staff.id, { identifierType: 'national_code', identifier: person.identifier });
      const cookie = await signedIn(person.id, ['pwd', 'otp', 'mfa']);
      const page = await t.app.inject({ url: '/staff', headers: { cookie } });
      const csrf = new RegExp(`name="${csrfField}" value="([^"]+)"`).exec(page.body)![1]!;
      const forged = await t.app.inject({ method: 'POST', url: '/staff/logout', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `${csrfField}=wrong` });
      assert.equal(forged.statusCode, 403);
      const out = await t.app.inject({ method: 'POST', url: '/staff/logout', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `${csrfField}=${encodeURIComponent(csrf)}` });
      assert.equal(out.statusCode, 303);
      assert.equal(await findCitizenSession(t.db, cookie.split('=')[1]!), null);
      assert.equal((await t.app.inject({ url: '/staff', headers: { cookie } })).statusCode, 303);
    });
  });
}

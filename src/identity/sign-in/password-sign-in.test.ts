import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { openTestDatabase, testEngines } from '../../../test/support/database.ts';
import { insertPerson, newNationalCode } from '../../../test/support/people.ts';
import type { Database } from '../../db/database.ts';
import { needsRehash, verifyPassword } from '../credentials/index.ts';
import { lockSecondsAfter } from './lockout.ts';
import { dummyPasswordHash, passwordSignIn, type PasswordVerifier } from './sign-in.ts';

const password = 'walnut trees by the brook';
const client = { address: '127.0.0.1', userAgent: 'test' };

/** The real verifier, noting which stored hash each sign-in checked. */
function countingVerifier(): { verify: PasswordVerifier; checked: string[] } {
  const checked: string[] = [];
  return { checked, verify: (hash, typed) => (checked.push(hash), verifyPassword(hash, typed)) };
}

test('the dummy hash is at today’s parameters, so it costs what a real verification costs', () => {
  assert.equal(needsRehash(dummyPasswordHash), false);
  assert.match(dummyPasswordHash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
});

for (const engine of testEngines()) {
  describe(`password sign-in: one verification for every answer (${engine})`, () => {
    let db: Database;
    before(async () => {
      db = await openTestDatabase(engine);
    });
    after(() => db.close());

    const signIn = async (identifier: string, typed: string) => {
      const v = countingVerifier();
      const result = await passwordSignIn(db, { identifierType: 'national_code', identifier, password: typed, client }, v.verify);
      return { result, checked: v.checked };
    };

    test('an unknown identifier is checked against the dummy hash', async () => {
      const { result, checked } = await signIn(newNationalCode(), password);
      assert.deepEqual(result, { ok: false, code: 'SIGN_IN_FAILED' });
      assert.deepEqual(checked, [dummyPasswordHash]);
    });

    test('a known identifier with a wrong password is checked against its own hash, once', async () => {
      const person = await insertPerson(db, { password });
      const { result, checked } = await signIn(person.identifier, 'another pass phrase entirely');
      assert.deepEqual(result, { ok: false, code: 'SIGN_IN_FAILED' });
      assert.deepEqual(checked, [person.passwordHash]);
    });

    test('an account without a password, a disabled one and a locked one: the dummy hash, and never signed in by it', async () => {
      const noPassword = await insertPerson(db);
      const disabled = await insertPerson(db, { password });
      await db.run((q) => q.execute(sql`update accounts set disabled_at = now() where id = ${disabled.id}`));
      const locked = await insertPerson(db, { password });
      await db.run((q) => q.execute(sql`update accounts set failed_sign_ins = 5, locked_until = now() + interval '1 minute' where id = ${locked.id}`));
      for (const [who, code] of [[noPassword, 'SIGN_IN_FAILED'], [disabled, 'SIGN_IN_FAILED'], [locked, 'SIGN_IN_LOCKED']] as const) {
        const { result, checked } = await signIn(who.identifier, password);
        assert.equal(result.ok, false, who.identifier);
        assert.equal(!result.ok && result.code, code);
        assert.deepEqual(checked, [dummyPasswordHash], `${code}: one verification, against the dummy`);
      }
    });

    test('a wrong password for an account and an unknown identifier make the same calls on the database: one read, one write', async () => {
      const person = await insertPerson(db, { password });
      const calls = (label: string) => {
        const seen: string[] = [];
        const counted: Database = { ...db, run: (fn) => (seen.push('run'), db.run(fn)), transaction: (fn) => (seen.push('transaction'), db.transaction(fn)) };
        return { seen, run: (identifier: string) => passwordSignIn(counted, { identifierType: 'national_code', identifier, password: `${label} wrong guess`, client }, verifyPassword) };
      };
      const known = calls('known');
      const unknown = calls('unknown');
      assert.deepEqual(await known.run(person.identifier), { ok: false, code: 'SIGN_IN_FAILED' });
      assert.deepEqual(await unknown.run(newNationalCode()), { ok: false, code: 'SIGN_IN_FAILED' });
      assert.deepEqual(known.seen, ['run', 'run']);
      assert.deepEqual(unknown.seen, known.seen);
    });

    test('the failures are counted and lock by the schedule of lockout.ts, in that one write', async () => {
      const person = await insertPerson(db, { password });
      const codes: string[] = [];
      for (let i = 1; i <= 6; i++) {
        // Past the first lock, wait it out as a person would (the lock moved back by hand).
        await db.run((q) => q.execute(sql`update accounts set locked_until = null where id = ${person.id}`));
        const r = await passwordSignIn(db, { identifierType: 'national_code', identifier: person.identifier, password: `wrong guess number ${i}`, client });
        codes.push(r.ok ? 'ok' : `${r.code}${r.retryAfterSeconds ? `:${r.retryAfterSeconds}` : ''}`);
      }
      assert.deepEqual(codes, ['SIGN_IN_FAILED', 'SIGN_IN_FAILED', 'SIGN_IN_FAILED', 'SIGN_IN_FAILED', `SIGN_IN_LOCKED:${lockSecondsAfter(5)}`, `SIGN_IN_LOCKED:${lockSecondsAfter(6)}`]);
      const locked = await passwordSignIn(db, { identifierType: 'national_code', identifier: person.identifier, password, client });
      assert.equal(!locked.ok && locked.code, 'SIGN_IN_LOCKED', 'locked: even the right password');
      const reasons = await db.run((q) => q.execute(sql`select reason from account_events where account_id = ${person.id} order by id`));
      assert.deepEqual((reasons as unknown as { rows: { reason: string }[] }).rows.map((r) => r.reason), [...Array(6).fill('wrong_password'), 'locked']);
    });

    test('the right password signs in after one verification', async () => {
      const person = await insertPerson(db, { password });
      const { result, checked } = await signIn(person.identifier, password);
      assert.equal(result.ok, true);
      assert.deepEqual(checked, [person.passwordHash]);
    });
  });
}

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase, testEngines } from '../../../test/support/database.ts';
import { eventsOf, insertPerson, messagesTo, newNationalCode } from '../../../test/support/people.ts';
import type { Database } from '../../db/database.ts';
import { maxCodesPerHour } from '../one-time-codes/index.ts';
import { startPasswordReset } from './password-reset.ts';

const client = { address: '203.0.113.9', userAgent: 'test' };

for (const engine of testEngines()) {
  describe(`password reset: a full hour tells nothing (${engine})`, () => {
    let db: Database;
    before(async () => {
      db = await openTestDatabase(engine);
    });
    after(() => db.close());

    test('past the hourly codes, a matching identifier and mobile are answered like a mismatch: a code id, no SMS, recorded', async () => {
      const person = await insertPerson(db);
      const ask = (identifier: string) => startPasswordReset(db, { identifierType: 'national_code', identifier, mobile: person.mobile, text: (c) => c, client });
      for (let i = 0; i < maxCodesPerHour; i++) await ask(person.identifier);
      assert.equal(await messagesTo(db, person.mobile), maxCodesPerHour);
      const known = await ask(person.identifier);
      const stranger = await ask(newNationalCode());
      assert.match(known.codeId, /^[0-9a-f-]{36}$/);
      assert.match(stranger.codeId, /^[0-9a-f-]{36}$/);
      assert.equal(await messagesTo(db, person.mobile), maxCodesPerHour, 'no SMS past the limit');
      assert.ok((await eventsOf(db, person.id)).some((e) => e.kind === 'code_sent' && e.reason === 'too_many'));
    });
  });
}

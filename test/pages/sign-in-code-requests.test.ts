import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { codeRequestLimits } from '../../src/identity/sign-in/address-throttle.ts';
import { openTestApp, type TestApp } from '../support/app.ts';
import { testEngines } from '../support/database.ts';
import { eventsOf, insertPerson, lastCodeSentTo, messagesTo, newNationalCode } from '../support/people.ts';

const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };
const uuids = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

for (const engine of testEngines()) {
  describe(`SMS code requests per person (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(engine, { SIGN_IN_BURST: '100000' });
      await t.app.outbox.stop();
    });
    after(() => t.close());

    const ask = (identifier: string, remoteAddress: string) =>
      t.app.inject({ method: 'POST', url: '/sign-in?lang=en', remoteAddress, headers: formHeaders, payload: new URLSearchParams({ identifier, method: 'code' }).toString() });

    test('a known and an unknown identifier meet the same limit with the same answer, before any lookup', async () => {
      const known = await insertPerson(t.db);
      const unknown = newNationalCode();
      const { perIdentifierAndAddress } = codeRequestLimits;
      for (let i = 0; i < perIdentifierAndAddress; i++) {
        assert.equal((await ask(known.identifier, '203.0.113.10')).statusCode, 303);
        assert.equal((await ask(unknown, '203.0.113.10')).statusCode, 303);
      }
      const a = await ask(known.identifier, '203.0.113.10');
      const b = await ask(unknown, '203.0.113.10');
      assert.equal(a.statusCode, 429);
      assert.equal(b.statusCode, 429);
      assert.equal(a.headers['x-error-code'], 'ONE_TIME_CODE_TOO_MANY');
      assert.equal(a.headers['x-error-code'], b.headers['x-error-code']);
      assert.ok(Math.abs(Number(a.headers['retry-after']) - Number(b.headers['retry-after'])) <= 1, 'the same wait');
      const alike = (body: string, id: string) => body.replaceAll(id, 'ID').replace(uuids, '').replace(/\d+ minute/g, 'N minute');
      assert.equal(alike(a.body, known.identifier), alike(b.body, unknown), 'the pages are the same but for the identifier typed');
      assert.equal(await messagesTo(t.db, known.mobile), perIdentifierAndAddress, 'no SMS past the limit');
      // The person is told they can still come in: the password and device approval.
      assert.match(a.body, /sign in another way/);
      assert.match(a.body, /href="\/sign-in\?method=password"/);
      assert.match(a.body, /href="\/sign-in\?method=device"/);
      const reasons = (await eventsOf(t.db, known.id)).map((e) => `${e.kind}:${e.outcome}:${e.reason}`);
      assert.ok(reasons.includes('code_sent:failure:too_many'), 'the person sees in their record that codes were asked for');
    });

    test('strangers cannot block a person at an address they signed in from: the per-person ceiling spares it', async () => {
      const person = await insertPerson(t.db);
      const home = '198.51.100.21';
      // The person signs in from home once (an address becomes familiar by a successful sign-in).
      const start = await ask(person.identifier, home);
      const id = new URL(String(start.headers.location), 'http://x').searchParams.get('id')!;
      const code = await lastCodeSentTo(t.db, person.mobile);
      const done = await t.app.inject({ method: 'POST', url: '/sign-in/code', remoteAddress: home, headers: formHeaders, payload: new URLSearchParams({ id, code: code! }).toString() });
      assert.equal(done.statusCode, 303);

      const { perIdentifierAndAddress, perIdentifier } = codeRequestLimits;
      let sent = 1; // the first request from home, before it was familiar, counted towards the ceiling
      for (let host = 30; sent < perIdentifier; host++) {
        for (let i = 0; i < perIdentifierAndAddress && sent < perIdentifier; i++, sent++) assert.equal((await ask(person.identifier, `192.0.2.${host}`)).statusCode, 303);
        assert.ok(host < 40);
      }
      assert.equal((await ask(person.identifier, '192.0.2.99')).statusCode, 429, 'strangers reach the ceiling: a new address is refused');
      assert.equal((await ask(person.identifier, home)).statusCode, 303, 'the person at home is not');
      assert.equal(await messagesTo(t.db, person.mobile), perIdentifier + 1, 'what strangers can send the phone is bounded');
    });

    test('a refused request spends neither bucket', async () => {
      const person = await insertPerson(t.db);
      for (let i = 0; i < codeRequestLimits.perIdentifierAndAddress; i++) await ask(person.identifier, '203.0.113.40');
      for (let i = 0; i < 5; i++) assert.equal((await ask(person.identifier, '203.0.113.40')).statusCode, 429);
      // Had the refusals counted towards the person's ceiling, these would be refused early.
      const left = codeRequestLimits.perIdentifier - codeRequestLimits.perIdentifierAndAddress;
      for (let i = 0; i < left; i++) assert.equal((await ask(person.identifier, `203.0.113.${50 + Math.floor(i / codeRequestLimits.perIdentifierAndAddress)}`)).statusCode, 303, `request ${i}`);
      assert.equal((await ask(person.identifier, '203.0.113.99')).statusCode, 429, 'and then the ceiling');
    });
  });
}

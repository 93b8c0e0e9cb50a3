import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { openTestDatabase, testEngines } from '../../../test/support/database.ts';
import { insertPerson, newNationalCode } from '../../../test/support/people.ts';
import { rows, type Database } from '../../db/database.ts';
import { AppError } from '../../core/errors.ts';
import type { Registries, RegistryPerson } from '../registries/index.ts';
import { completeRegistration, startRegistration, type RegistrationInput } from './registrations.ts';

const client = { address: '203.0.113.5', userAgent: 'Test browser' };
const born = '1990-03-21';
const alive: RegistryPerson = { givenNameFa: 'مریم', familyNameFa: 'احمدی', givenNameEn: 'Maryam', familyNameEn: 'Ahmadi', birthDate: born, alive: true };
const input = (identifier: string, mobile = '09121234567'): RegistrationInput => ({ identifierType: 'national_code', identifier, calendar: 'gregorian', birth: { year: '1990', month: '3', day: '21' }, mobile });

/** Registries answering as told; `down` makes them fail like an unreachable exchange. */
function registries(answers: { person?: RegistryPerson | null; owns?: boolean; down?: boolean }): Registries {
  const fail = () => Promise.reject(new AppError('REGISTRY_UNAVAILABLE', { detail: 'test' }));
  return {
    person: () => (answers.down ? fail() : Promise.resolve(answers.person === undefined ? alive : answers.person)),
    ownsMobile: () => Promise.resolve(answers.owns ?? true),
  };
}

type Event = { accountId: string | null; kind: string; outcome: string; reason: string | null; address: string | null; userAgent: string | null };

for (const engine of testEngines()) {
  describe(`failed registrations are recorded (${engine})`, () => {
    let db: Database;
    before(async () => {
      db = await openTestDatabase(engine);
    });
    after(() => db.close());

    const newEvents = async (since: number): Promise<Event[]> =>
      db.run((q) => rows<Event>(q, sql`select account_id as "accountId", kind, outcome, reason, address, user_agent as "userAgent" from account_events where id > ${since} order by id`));
    const lastId = async () => Number((await db.run((q) => rows<{ n: string | null }>(q, sql`select max(id)::text as n from account_events`)))[0]!.n ?? 0);
    const attempt = async (registry: Registries, values: RegistrationInput) => {
      const since = await lastId();
      const error = await startRegistration({ db, registries: registry, today: () => '2026-12-07' }, values, (c) => c, client).then(
        () => null,
        (e: unknown) => e as AppError,
      );
      return { error, events: await newEvents(since) };
    };

    test('each refusal of the registry checks: one failure event, with the address and no identifier', async () => {
      const cases: [Registries, string][] = [
        [registries({ person: null }), 'registration_not_matched'],
        [registries({ person: { ...alive, alive: false } }), 'registration_not_matched'],
        [registries({ owns: false }), 'registration_mobile_not_owned'],
        [registries({ down: true }), 'registry_unavailable'],
      ];
      for (const [registry, reason] of cases) {
        const identifier = newNationalCode();
        const { error, events } = await attempt(registry, input(identifier));
        assert.equal(error?.code.toLowerCase(), reason);
        assert.deepEqual(events, [{ accountId: null, kind: 'registration', outcome: 'failure', reason, address: client.address, userAgent: client.userAgent }]);
        assert.ok(!JSON.stringify(events).includes(identifier), 'the identifier is not recorded');
      }
    });

    test('not set up at all: recorded too', async () => {
      const since = await lastId();
      await assert.rejects(startRegistration({ db, registries: null, today: () => '2026-12-07' }, input(newNationalCode()), (c) => c, client), { code: 'REGISTRY_UNAVAILABLE' });
      assert.equal((await newEvents(since))[0]?.reason, 'registry_unavailable');
    });

    test('an identifier that has an account: recorded on that account, which sees the attempt', async () => {
      const person = await insertPerson(db);
      const { error, events } = await attempt(registries({}), input(person.identifier));
      assert.equal(error?.code, 'REGISTRATION_ACCOUNT_EXISTS');
      assert.deepEqual(events.map((e) => [e.accountId, e.reason]), [[person.id, 'registration_account_exists']]);
    });

    test('mistyped values are not recorded (as a malformed sign-in identifier is not)', async () => {
      const { error, events } = await attempt(registries({}), input('0012345670'));
      assert.ok(error);
      assert.deepEqual(events, []);
    });

    test('a wrong code and a stale registration are recorded; the right code records the account’s first event', async () => {
      const identifier = newNationalCode();
      const started = await startRegistration({ db, registries: registries({}), today: () => '2026-12-07' }, input(identifier, '09127654321'), (c) => `${c} code`, client);
      const since = await lastId();
      const [sms] = await db.run((q) => rows<{ body: string }>(q, sql`select body from message_outbox where recipient = '+989127654321' order by id desc limit 1`));
      const code = /^(\d{6})/.exec(sms!.body)![1]!;
      await assert.rejects(completeRegistration(db, { registrationId: started.registrationId, codeId: started.codeId, code: code === '000000' ? '111111' : '000000', ...client }), { code: 'ONE_TIME_CODE_INVALID' });
      await assert.rejects(completeRegistration(db, { registrationId: 'not-a-registration', codeId: started.codeId, code, ...client }), { code: 'REGISTRATION_EXPIRED' });
      const done = await completeRegistration(db, { registrationId: started.registrationId, codeId: started.codeId, code, ...client });
      const events = await newEvents(since);
      assert.deepEqual(events.map((e) => [e.accountId, e.kind, e.outcome, e.reason]), [
        [null, 'registration', 'failure', 'one_time_code_invalid'],
        [null, 'registration', 'failure', 'registration_expired'],
        [done.account.id, 'registered', 'success', null],
      ]);
    });
  });
}

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { openTestDatabase, testEngines } from '../../../test/support/database.ts';
import type { Database } from '../../db/database.ts';
import { OutboxDispatcher, retryDelayMs } from './dispatcher.ts';
import { claimDueMessages, enqueueMessage, selectMessageState } from './outbox-repository.ts';
import { SendFailure, type MessageSender, type OutgoingMessage } from './sender.ts';

/** A sender that records what it was given and answers as the test says. */
function sender(answer: (m: OutgoingMessage, n: number) => Promise<{ providerId?: string }> = async () => ({ providerId: 'p-1' })): MessageSender & { sent: OutgoingMessage[] } {
  const sent: OutgoingMessage[] = [];
  return { channel: 'sms', sent, send: (m) => (sent.push(m), answer(m, sent.length)) };
}

const code = { channel: 'sms' as const, recipient: '+989121234567', body: 'Your code: 482913', purpose: 'sign-in-code' };

test('retryDelayMs: doubles from the base, capped', () => {
  assert.deepEqual([1, 2, 3, 4, 20].map((n) => retryDelayMs(n, 5000, 600_000)), [5000, 10_000, 20_000, 40_000, 600_000]);
});

for (const engine of testEngines()) {
  describe(`the message outbox (${engine})`, () => {
    let db: Database;
    before(async () => {
      db = await openTestDatabase(engine);
    });
    after(() => db.close());
    const state = (id: number) => db.run((q) => selectMessageState(q, id));
    const bodyOf = async (id: number) => (await db.run((q) => q.execute(`select body from message_outbox where id = ${id}`)) as unknown as { rows: { body: string }[] }).rows[0]!.body;
    /** Every message sent by earlier tests is done, so a test sees only its own. */
    const dispatcher = (s: MessageSender | undefined, options: { maxAttempts?: number; retryBaseMs?: number } = {}) =>
      new OutboxDispatcher(db, s ? { sms: s } : {}, { pollMs: 10_000, maxAttempts: options.maxAttempts ?? 3, retryBaseMs: options.retryBaseMs ?? 60_000 });

    test('a message is queued only with the transaction that queues it', async () => {
      await assert.rejects(
        db.transaction(async (q) => {
          await enqueueMessage(q, code);
          throw new Error('the change failed');
        }),
      );
      const s = sender();
      assert.equal(await dispatcher(s).runOnce(), 0, 'nothing from the rolled-back change');
      const id = await db.transaction((q) => enqueueMessage(q, code));
      assert.equal((await state(id))?.status, 'queued');
    });

    test('sent: the provider id is kept and the body (a one-time code) is erased', async () => {
      const s = sender();
      const d = dispatcher(s);
      await d.runOnce(); // the message of the previous test
      const id = await db.transaction((q) => enqueueMessage(q, { ...code, body: 'Your code: 111111' }));
      assert.equal(await d.runOnce(), 1);
      assert.equal(s.sent.at(-1)?.body, 'Your code: 111111');
      assert.equal(s.sent.at(-1)?.id, id, 'the sender gets the outbox id (an idempotency key)');
      const after = await state(id);
      assert.deepEqual([after?.status, after?.attempts, after?.providerId, after?.lastError], ['sent', 1, 'p-1', null]);
      assert.ok(after?.sentAt);
      assert.equal(await bodyOf(id), '');
      assert.equal(await d.runOnce(), 0, 'never sent twice');
    });

    test('a failure that may pass is tried again after the wait; a later success is sent', async () => {
      const s = sender(async (_m, n) => {
        if (n === 1) throw new SendFailure('provider answered 503', false);
        return {};
      });
      const id = await db.transaction((q) => enqueueMessage(q, code));
      assert.equal(await dispatcher(s).runOnce(), 1);
      const waiting = await state(id);
      assert.deepEqual([waiting?.status, waiting?.attempts, waiting?.lastError], ['queued', 1, 'provider answered 503']);
      assert.equal(await dispatcher(s).runOnce(), 0, 'not before its wait (60 s) is over');
      assert.notEqual(await bodyOf(id), '', 'the body is kept for the next attempt');
      await db.run((q) => q.execute(`update message_outbox set next_attempt_at = now() where id = ${id}`));
      assert.equal(await dispatcher(s).runOnce(), 1);
      assert.deepEqual([(await state(id))?.status, (await state(id))?.attempts], ['sent', 2]);
    });

    test('a permanent refusal, too many attempts, or no sender for the channel: failed, body erased', async () => {
      const refused = await db.transaction((q) => enqueueMessage(q, code));
      await dispatcher(
        sender(async () => {
          throw new SendFailure('no such number', true);
        }),
      ).runOnce();
      assert.deepEqual([(await state(refused))?.status, (await state(refused))?.lastError], ['failed', 'no such number']);
      assert.equal(await bodyOf(refused), '');

      const flaky = sender(async () => {
        throw new Error('socket hang up');
      });
      const tired = await db.transaction((q) => enqueueMessage(q, code));
      const d = dispatcher(flaky, { maxAttempts: 2, retryBaseMs: 1 });
      await d.runOnce();
      assert.equal((await state(tired))?.status, 'queued');
      await sleep(20);
      await d.runOnce();
      assert.deepEqual([(await state(tired))?.status, (await state(tired))?.attempts, (await state(tired))?.lastError], ['failed', 2, 'socket hang up']);

      const unsendable = await db.transaction((q) => enqueueMessage(q, { ...code, channel: 'email', recipient: 'a@mail.example', subject: 'Code' }));
      await dispatcher(sender()).runOnce();
      assert.deepEqual([(await state(unsendable))?.status, (await state(unsendable))?.lastError], ['failed', 'no email sender is configured']);
    });

    test('a claim is one node’s until its lease runs out; then another node sends it', async () => {
      const id = await db.transaction((q) => enqueueMessage(q, code));
      // A node claims it and dies before sending.
      const claimed = await db.transaction((q) => claimDueMessages(q, 20, 60_000));
      assert.deepEqual(claimed.map((m) => m.id), [id]);
      const s = sender();
      assert.equal(await dispatcher(s).runOnce(), 0, 'not while the lease holds');
      // The minute passes.
      await db.run((q) => q.execute(`update message_outbox set locked_until = now() - interval '1 second' where id = ${id}`));
      assert.equal(await dispatcher(s).runOnce(), 1);
      assert.deepEqual([(await state(id))?.status, (await state(id))?.attempts], ['sent', 2]);
    });

    test('started, a nudged dispatcher sends at once, and stops cleanly', async () => {
      const s = sender();
      const d = dispatcher(s);
      d.start();
      try {
        await sleep(50);
        const id = await db.transaction((q) => enqueueMessage(q, code));
        d.nudge();
        const deadline = Date.now() + 5000;
        while ((await state(id))?.status !== 'sent' && Date.now() < deadline) await sleep(20);
        assert.equal((await state(id))?.status, 'sent');
      } finally {
        await d.stop();
      }
    });
  });
}

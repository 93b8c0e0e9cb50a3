import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { openPostgres } from '../../src/db/postgres.ts';
import { openProcessDatabase } from '../../test/support/database.ts';
import { lockDemoLoad } from './load.ts';

/**
 * Nodes with the demo on, started together: the second waits for the first's demo load under
 * the load lock, however long that load takes — not at most one statement's time (found by
 * `npm run test:cluster`, whose nodes run with a 2 s statement timeout: the second node exited).
 */
test(
  "waiting for another node's demo load is not bounded by the statement timeout",
  { skip: process.env.TEST_DATABASE_URL ? false : 'TEST_DATABASE_URL is not set: two sessions need PostgreSQL' },
  async () => {
    const target = await openProcessDatabase('postgres', 'ow_demo_lock');
    const db = await openPostgres(target.env.DATABASE_URL!, 2, { connectMs: 2000, statementMs: 200, idleInTransactionMs: 10_000, idleMs: 10_000 });
    try {
      let locked!: () => void;
      const holding = new Promise<void>((resolve) => (locked = resolve));
      const first = db.transaction(async (q) => {
        await lockDemoLoad(q);
        locked();
        await sleep(1000); // a demo load takes seconds
      });
      await holding;
      const started = Date.now();
      await db.transaction((q) => lockDemoLoad(q));
      assert.ok(Date.now() - started >= 500, 'the second load waited for the first');
      await first;
    } finally {
      await db.close();
      await target.drop();
    }
  },
);

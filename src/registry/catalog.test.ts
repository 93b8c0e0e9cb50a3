import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database, Sql } from '../db/database.ts';
import { openTestApp, type TestApp } from '../../test/support/app.ts';
import { testEngines } from '../../test/support/database.ts';
import { seedAgencies, servicePayload } from '../../test/support/fixtures.ts';
import { Catalog } from './catalog.ts';

/**
 * The node's catalog over a database whose statements can be slowed down or made to fail, and
 * which counts statements running at once.
 */
function controlledDb(db: Database) {
  const control = { delayMs: 0, fail: false, running: 0, mostAtOnce: 0, statements: 0 };
  const run = async <T>(fn: (q: Sql) => Promise<T>): Promise<T> => {
    control.statements++;
    control.running++;
    control.mostAtOnce = Math.max(control.mostAtOnce, control.running);
    try {
      if (control.delayMs) await sleep(control.delayMs);
      if (control.fail) throw new Error('database unavailable (test)');
      return await db.run(fn);
    } finally {
      control.running--;
    }
  };
  return { control, db: { ...db, run } as Database };
}

async function until(check: () => Promise<boolean>, withinMs: number): Promise<number> {
  const start = performance.now();
  while (!(await check())) {
    if (performance.now() - start > withinMs) throw new Error(`not within ${withinMs} ms`);
    await sleep(5);
  }
  return performance.now() - start;
}

for (const engine of testEngines()) {
  describe(`catalog index refresh (${engine})`, () => {
    let t: TestApp;
    let operator: { authorization: string };
    const create = async (nameEn: string) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/services', payload: servicePayload('LITERACY', { nameEn, nameFa: 'خدمت آزمایشی' }), headers: operator });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().id as string;
    };

    before(async () => {
      t = await openTestApp(engine);
      operator = await t.as('operator');
      await seedAgencies(t, operator, ['LITERACY']);
      await create('Literacy level inquiry');
    });
    after(() => t.close());

    test('a search during a rebuild is answered at once from the old index; the new one replaces it when complete', async () => {
      const { control, db } = controlledDb(t.db);
      const catalog = new Catalog({ db }, 60_000);
      const total = async (q: string) => (await catalog.search({ q })).result.total;
      assert.equal(await total('literacy'), 1);
      await create('Literacy certificate');
      // Every statement of the rebuild now takes 150 ms: the rebuild takes at least 600 ms.
      control.delayMs = 150;
      const rebuilt = catalog.refresh();
      for (let i = 0; i < 5; i++) {
        const start = performance.now();
        assert.equal(await total('literacy'), 1, 'the old index answers while the new one is built');
        assert.ok(performance.now() - start < 100, `answered in ${(performance.now() - start).toFixed(0)} ms`);
        await sleep(40);
      }
      await rebuilt;
      assert.equal(await total('literacy'), 2);
    });

    test('one rebuild at a time, however many changes are signalled during it', async () => {
      const { control, db } = controlledDb(t.db);
      const catalog = new Catalog({ db }, 60_000);
      await catalog.current();
      await create('Literacy course');
      control.delayMs = 20;
      control.statements = 0;
      const waits = Array.from({ length: 10 }, () => catalog.refresh());
      for (let i = 0; i < 10; i++) catalog.changed();
      await Promise.all(waits);
      assert.equal(control.mostAtOnce, 1, 'never two statements (two rebuilds) at once');
      // One check and one build (version, one page, agencies), then one shared re-check.
      assert.equal(control.statements, 5);
      assert.equal((await catalog.search({ q: 'course' })).result.total, 1);
    });

    test('a failed rebuild keeps the old index, is reported and retried at the next check', async () => {
      const { control, db } = controlledDb(t.db);
      const errors: unknown[] = [];
      const catalog = new Catalog({ db }, 50, { onError: (e) => errors.push(e) });
      const total = async (q: string) => (await catalog.search({ q })).result.total;
      assert.equal(await total('renewal'), 0);
      catalog.start();
      try {
        control.fail = true;
        await create('Licence renewal');
        await until(async () => errors.length >= 2, 2000);
        assert.match(String(errors[0]), /database unavailable/);
        assert.equal(await total('renewal'), 0, 'still the old index');
        assert.equal(await total('literacy'), 3);
        control.fail = false;
        await until(async () => (await total('renewal')) === 1, 2000);
      } finally {
        catalog.stop();
      }
    });
  });
}

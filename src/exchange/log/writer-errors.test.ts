import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { openTestDatabase, testEngines } from '../../../test/support/database.ts';
import { serializeError } from '../../http/log-errors.ts';
import { createExchangeLogWriter } from './writer.ts';

const SUBJECT = '0098765432';

for (const engine of testEngines()) {
  test(`${engine}: a failed log commit is reported without the records' values (no national code in the error or its log line)`, async (t) => {
    const db = await openTestDatabase(engine);
    t.after(() => db.close());
    // The batch statement now fails on the database side, with the records as its parameter.
    await db.run((q) => q.execute(sql`alter table exchange_log add constraint refuse_everything check (data_subject is null)`));
    const reported: unknown[] = [];
    const w = createExchangeLogWriter(db, { node: 'gw-redact', mode: 'durable', batchMax: 10, onError: (e) => reported.push(e) });
    const appended = w.append({
      messageId: 'm-1', at: new Date(), consumer: 'IR/GOV/1/a', service: 'IR/GOV/2/b/s/v1', method: 'GET', path: `/persons/${SUBJECT}`, endpoint: null,
      userId: null, dataSubject: SUBJECT, purpose: null, status: 200, errorType: null, latencyMs: 1, requestHash: null, responseHash: null,
    });
    const rejected = await appended.then(() => assert.fail('should fail'), (e: unknown) => e as Error);
    await w.close();
    assert.equal(reported.length, 1);
    const line = JSON.stringify(serializeError(rejected));
    assert.equal(rejected.message, 'Exchange log: committing 1 record(s) of node gw-redact failed: new row for relation "exchange_log_p' + new Date().toISOString().slice(0, 10).replaceAll('-', '') + '" violates check constraint "refuse_everything" (SQLSTATE 23514)');
    const at = line.indexOf(SUBJECT);
    assert.ok(at < 0, line.slice(Math.max(0, at - 400), at + 100));
    assert.ok(!rejected.message.includes(SUBJECT) && !String(rejected.stack).includes(SUBJECT));
  });
}

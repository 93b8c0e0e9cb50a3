import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import type { Database } from './database.ts';
import { openTestDatabase, testEngines } from '../../test/support/database.ts';
import { redactMessage } from './redact-error.ts';

const NATIONAL_CODE = '0012345678';

/** The error as far as anyone could print it: message, stack, own fields, the whole cause chain. */
function everything(e: unknown): string {
  const parts: string[] = [];
  for (let x: unknown = e; x && typeof x === 'object'; x = (x as { cause?: unknown }).cause) {
    const err = x as Error;
    parts.push(err.message, err.stack ?? '', JSON.stringify(err), String(err));
  }
  return parts.join('\n');
}

const sqlState = (e: unknown): string | undefined => {
  for (let x: unknown = e; x && typeof x === 'object'; x = (x as { cause?: unknown }).cause) if (typeof (x as { code?: unknown }).code === 'string') return (x as { code: string }).code;
  return undefined;
};

for (const engine of testEngines()) {
  describe(`database errors leave the port without parameters or values (${engine})`, () => {
    let db: Database;
    before(async () => {
      db = await openTestDatabase(engine);
      await db.run((q) => q.execute(sql`create table redaction_probe (national_code text primary key)`));
      await db.run((q) => q.execute(sql`insert into redaction_probe values (${NATIONAL_CODE})`));
    });
    after(() => db.close());

    test('a value that fails its type: the message quotes it, the redacted one does not; SQL text and SQLSTATE stay', async () => {
      const e = await db.run((q) => q.execute(sql`select ${NATIONAL_CODE}::uuid`)).then(() => assert.fail('should fail'), (x: unknown) => x);
      assert.ok(!everything(e).includes(NATIONAL_CODE), everything(e));
      assert.equal(sqlState(e), '22P02');
      assert.match(everything(e), /Failed query: select \$1::uuid/);
      assert.match(everything(e), /invalid input syntax for type uuid: "\[redacted\]"/);
    });

    test('a duplicate key: the detail naming the key\'s value is dropped; the constraint stays; in a transaction too', async () => {
      const e = await db.transaction((tx) => tx.execute(sql`insert into redaction_probe values (${NATIONAL_CODE})`)).then(() => assert.fail('should fail'), (x: unknown) => x);
      assert.ok(!everything(e).includes(NATIONAL_CODE), everything(e));
      assert.equal(sqlState(e), '23505');
      assert.match(everything(e), /duplicate key value violates unique constraint "redaction_probe_pkey"/);
      assert.match(everything(e), /"constraint":"redaction_probe_pkey"/);
    });

    test('a prepared statement fails the same way', async () => {
      const e = await db.runPrepared('redaction_probe', sql`select ${NATIONAL_CODE}::uuid as x`).then(() => assert.fail('should fail'), (x: unknown) => x);
      assert.ok(!everything(e).includes(NATIONAL_CODE), everything(e));
      assert.equal(sqlState(e), '22P02');
    });
  });
}

test('messages: quoted values and parameter texts are blanked, quoted names kept', () => {
  assert.equal(redactMessage('invalid input syntax for type integer: "0012345678"'), 'invalid input syntax for type integer: "[redacted]"');
  assert.equal(redactMessage('value "99999999999" is out of range for type integer'), 'value "[redacted]" is out of range for type integer');
  assert.equal(redactMessage('null value in column "data_subject" of relation "exchange_log" violates not-null constraint'), 'null value in column "data_subject" of relation "exchange_log" violates not-null constraint');
  assert.equal(redactMessage('person 0012345678 not found', ['0012345678', 'ab']), 'person [redacted] not found');
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { AppError } from '../core/errors.ts';
import { toAppError } from '../http/problem.ts';
import { openTestDatabase, testEngines } from '../../test/support/database.ts';
import type { Database } from './database.ts';
import { constraintViolationOf, mapConstraintViolations } from './constraint-violation.ts';

const insertAgency = (db: Database, code: string, parent: string | null = null) =>
  db.transaction((tx) => tx.execute(sql`insert into agencies (code, name_fa, name_en, kind, parent_code) values (${code}, 'الف', 'A', 'ministry', ${parent})`));

const refusedWith = (code: string) => (e: unknown) => e instanceof AppError && e.code === code;

for (const engine of testEngines()) {
  describe(`constraint violations from the database (${engine})`, () => {
    let db: Database;
    before(async () => {
      db = await openTestDatabase(engine);
      await insertAgency(db, 'FIRST');
    });
    after(() => db.close());

    test('a unique violation becomes the resource code; a named constraint its own code', async () => {
      await assert.rejects(mapConstraintViolations(insertAgency(db, 'FIRST'), { unique: 'AGENCY_CODE_TAKEN' }), refusedWith('AGENCY_CODE_TAKEN'));
      await assert.rejects(mapConstraintViolations(insertAgency(db, 'FIRST'), { unique: 'CONFLICT', constraints: { agencies_pkey: 'AGENCY_CODE_TAKEN' } }), refusedWith('AGENCY_CODE_TAKEN'));
    });

    test('a foreign-key violation becomes its code; without one, the error passes on unchanged', async () => {
      await assert.rejects(mapConstraintViolations(insertAgency(db, 'CHILD', 'NO-SUCH'), { foreignKey: 'AGENCY_PARENT_NOT_FOUND' }), refusedWith('AGENCY_PARENT_NOT_FOUND'));
      const unmapped = await insertAgency(db, 'CHILD', 'NO-SUCH').catch((e: unknown) => e);
      assert.deepEqual(constraintViolationOf(unmapped), { kind: 'foreignKey', constraint: 'agencies_parent_code_fkey' });
      await assert.rejects(mapConstraintViolations(insertAgency(db, 'CHILD', 'NO-SUCH'), { unique: 'AGENCY_CODE_TAKEN' }), (e: unknown) => !(e instanceof AppError));
    });

    test('the error handler answers an unmapped violation with 409 CONFLICT or 422 REFERENCE_NOT_FOUND, never a 500', async () => {
      const duplicate = (await insertAgency(db, 'FIRST').catch((e: unknown) => e)) as Error;
      assert.deepEqual([toAppError(duplicate).code, toAppError(duplicate).status], ['CONFLICT', 409]);
      const dangling = (await insertAgency(db, 'CHILD', 'NO-SUCH').catch((e: unknown) => e)) as Error;
      assert.deepEqual([toAppError(dangling).code, toAppError(dangling).status], ['REFERENCE_NOT_FOUND', 422]);
      assert.equal(toAppError(new Error('boom')).code, 'INTERNAL');
    });
  });
}

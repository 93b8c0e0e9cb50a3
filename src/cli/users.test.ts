import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { rows } from '../db/database.ts';
import { onewindowBin as bin, serveProcess, stopProcess, type ServeProcess } from '../../test/support/processes.ts';
import { openProcessDatabase, testEngines, withDb } from '../../test/support/database.ts';

const header = 'identifier_type,identifier,given_name_fa,family_name_fa,given_name_en,family_name_en,birth_date,mobile,mobile_verified';
const good = `${header}\nnational_code,0499370899,زهرا,احمدی,Zahra,Ahmadi,1990-03-21,09121234567,true\nforeign_national,123456789012,Ali,Khan,Ali,Khan,1985-01-01,+98 935 123 4567,false\n`;
const bad = `${header}\nnational_code,0499370898,زهرا,احمدی,Zahra,Ahmadi,1990-03-21,09121234567,true\n`;

/** `onewindow users import` as an operator runs it; on the embedded engine while the server runs (through its socket). */
for (const engine of testEngines()) {
  describe(`onewindow users import (${engine})`, () => {
    let dir: string;
    let database: Awaited<ReturnType<typeof openProcessDatabase>>;
    let server: ServeProcess | undefined;
    const run = (...args: string[]) => spawnSync(process.execPath, [bin, 'users', ...args], { env: { ...process.env, LOG_LEVEL: 'silent', NODE_ENV: 'test', ...database.env }, encoding: 'utf8', timeout: 120_000 });

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'onewindow-users-'));
      writeFileSync(join(dir, 'good.csv'), good);
      writeFileSync(join(dir, 'bad.csv'), bad);
      database = await openProcessDatabase(engine, 'ow_users_cli');
      if (engine === 'embedded') server = await serveProcess([], { ...database.env, GATEWAY_PORT: '0' });
    });
    after(async () => {
      if (server) assert.equal(await stopProcess(server.child), 0);
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    test('a bad file: exit 1, each problem on stderr with its line and code, nothing written', () => {
      const r = run('import', join(dir, 'bad.csv'));
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /IMPORT_INVALID: The file has 1 error; nothing was changed\n {2}line 2: identifier: NATIONAL_CODE_CHECK_DIGIT/);
    });

    test('a good file imports; the same file again creates nothing and names the rows it skipped', async () => {
      const first = run('import', join(dir, 'good.csv'));
      assert.equal(first.status, 0, first.stderr);
      assert.match(first.stdout, /Imported 2 rows in [\d.]+ s: 2 accounts created, 0 skipped/);
      const again = run('import', join(dir, 'good.csv'), '--format', 'csv');
      assert.equal(again.status, 0, again.stderr);
      assert.match(again.stdout, /0 accounts created, 2 skipped[^\n]*\n {2}line 2: ACCOUNT_EXISTS/);
      if (server) await stopProcess(server.child);
      server = undefined;
      const stored = await withDb(database.open, (db) => db.run((q) => rows<{ identifier: string; mobile: string; assurance: number }>(q, sql`select identifier, mobile, assurance from accounts order by identifier`)));
      assert.deepEqual(stored, [
        { identifier: '0499370899', mobile: '+989121234567', assurance: 2 },
        { identifier: '123456789012', mobile: '+989351234567', assurance: 1 },
      ]);
    });

    test('a missing file, another action or format are refused with usage', () => {
      assert.equal(run('import').status, 1);
      assert.match(run('export', 'x').stderr, /users: use import/);
      assert.match(run('import', join(dir, 'good.csv'), '--format', 'json').stderr, /--format csv only/);
    });
  });
}

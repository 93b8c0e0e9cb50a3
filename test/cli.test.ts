import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = new URL('../bin/onewindow.js', import.meta.url).pathname;

/** The CLI end to end, on an embedded database in a folder of its own. */
describe('onewindow CLI', () => {
  let dir: string;
  const env = () => ({ ...process.env, DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent', NODE_ENV: 'test', DATABASE_URL: '' });
  const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { env: env(), encoding: 'utf8', timeout: 60_000 });

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'onewindow-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('without a command it prints usage and fails', () => {
    const r = run();
    assert.equal(r.status, 2);
    assert.match(r.stdout, /Usage: onewindow <command>/);
  });

  test('a wrong setting stops it with a message naming the setting', () => {
    const r = spawnSync(process.execPath, [bin, 'migrate'], { env: { ...env(), PORT: 'x' }, encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /PORT/);
  });

  test('imports with a report of errors by line, exports, and creates staff with a token', () => {
    assert.equal(run('migrate').status, 0);
    const good = join(dir, 'agencies.csv');
    writeFileSync(good, '\uFEFFcode,name_fa,name_en,kind\r\nMIN-A,وزارت الف,Ministry A,ministry\r\n');
    const imported = run('import', 'agencies', good);
    assert.equal(imported.status, 0, imported.stderr);
    assert.match(imported.stdout, /1 created/);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'code,name_fa,name_en,kind\nMIN-B,ب,B,empire\n');
    const refused = run('import', 'agencies', bad);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /IMPORT_INVALID/);
    assert.match(refused.stderr, /line 2: kind: INVALID_VALUE/);
    const out = join(dir, 'export.json');
    assert.equal(run('export', 'agencies', '--format', 'json', '--out', out).status, 0);
    assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')).map((a: { code: string }) => a.code), ['MIN-A']);
    const created = run('staff', 'create', '--name', 'Admin A', '--role', 'agency_admin', '--agency', 'MIN-A');
    assert.equal(created.status, 0, created.stderr);
    const id = /id ([0-9a-f-]{36})/.exec(created.stdout)![1]!;
    const token = run('staff', 'token', '--id', id);
    assert.match(token.stdout, /^ow_[A-Za-z0-9_-]{43}\n/);
    assert.equal(run('staff', 'create', '--name', 'X', '--role', 'king').status, 1);
  });

  test('serve prints the URL, answers, and exits cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'serve'], { env: { ...env(), PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const m = /Open (http:\/\/\S+?)\/\n/.exec(output);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
    });
    const ready = await fetch(`${url}/readyz`);
    assert.equal(ready.status, 200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });
});

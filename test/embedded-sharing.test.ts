import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { onewindowBin as bin, serveProcess, stopProcess } from './support/processes.ts';

/**
 * One embedded data directory, one engine: while the server runs, the CLI's commands go through
 * it (and what they write is there at once and after a restart); a second server is refused; a
 * lock left by a process that is gone is taken over.
 */
describe('the embedded data directory while the server runs', () => {
  let dir: string;
  let dataDir: string;
  const env = () => ({ ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'test', DATABASE_URL: '', PORT: '0', GATEWAY_PORT: '0' });
  const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { env: env(), encoding: 'utf8', timeout: 120_000 });
  const lockFile = () => join(dataDir, 'onewindow.lock');

  /** `onewindow serve` on this data directory, until its banner. */
  const serve = () => serveProcess([], { DATA_DIR: dataDir, GATEWAY_PORT: '0' });
  const stop = stopProcess;
  const metrics = (url: string, token?: string) => fetch(`${url}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'onewindow-sharing-'));
    dataDir = join(dir, 'data');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  let token: string;

  test('staff create and staff token while the server runs: the token works at once, and after a restart', async () => {
    let server = await serve();
    try {
      assert.equal((await metrics(server.url)).status, 401, 'no token, no metrics');
      const created = run('staff', 'create', '--name', 'Auditor A', '--role', 'auditor');
      assert.equal(created.status, 0, created.stderr);
      const id = /id ([0-9a-f-]{36})/.exec(created.stdout)![1]!;
      const issued = run('staff', 'token', '--id', id);
      assert.equal(issued.status, 0, issued.stderr);
      token = /^(ow_\S+)\n/.exec(issued.stdout)![1]!;
      assert.equal((await metrics(server.url, token)).status, 200, 'the running server knows the token at once');

      const second = run('serve');
      assert.equal(second.status, 1);
      assert.match(second.stderr, new RegExp(`The server \\(pid ${server.child.pid}\\) is already using the data directory .*Stop it first`));
      assert.equal((await metrics(server.url, token)).status, 200, 'the first server is unharmed');
    } finally {
      assert.equal(await stop(server.child), 0);
    }
    assert.equal(existsSync(lockFile()), false, 'a clean stop leaves no lock');

    server = await serve();
    try {
      assert.equal((await metrics(server.url, token)).status, 200, 'the account and its token outlived the restart');
      const listed = run('staff', 'list');
      assert.equal(listed.status, 0, listed.stderr);
      assert.match(listed.stdout, /auditor\s+-\s+Auditor A/);
    } finally {
      assert.equal(await stop(server.child), 0);
    }
  });

  test('a live owner that does not answer: the command stops at once, naming it, and writes nothing', () => {
    // This test's own process is alive and is no OneWindow server: its "socket" is not there.
    const socketDir = join(dir, 'no-socket');
    writeFileSync(lockFile(), JSON.stringify({ pid: process.pid, command: 'serve', socketDir }));
    const refused = run('staff', 'create', '--name', 'Never', '--role', 'operator');
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, new RegExp(`The server \\(pid ${process.pid}\\) is using the data directory .* but does not answer`));
    assert.match(refused.stderr, /remove .*onewindow\.lock/);
    rmSync(lockFile());
    const listed = run('staff', 'list');
    assert.equal(listed.status, 0, listed.stderr);
    assert.doesNotMatch(listed.stdout, /Never/);
  });

  test('a lock left by a process that is gone is taken over', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    const deadPid = Number(gone.stdout.trim());
    const socketDir = join(dataDir, '.socket');
    mkdirSync(socketDir, { recursive: true });
    writeFileSync(lockFile(), JSON.stringify({ pid: deadPid, command: 'serve', socketDir }));
    const listed = run('staff', 'list');
    assert.equal(listed.status, 0, listed.stderr);
    assert.match(listed.stdout, /Auditor A/);
    assert.equal(existsSync(lockFile()), false);

    writeFileSync(lockFile(), JSON.stringify({ pid: deadPid, command: 'staff', socketDir }));
    const server = await serve();
    try {
      assert.equal((await metrics(server.url, token)).status, 200);
    } finally {
      assert.equal(await stop(server.child), 0);
    }
  });
});

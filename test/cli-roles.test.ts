import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort, onewindowBin as bin, serveProcess, stopProcess } from './support/processes.ts';

const refusesConnections = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });

const serve = serveProcess;
const stop = stopProcess;

const urlAfter = (banner: string, label: string) => new RegExp(`${label}: (http://\\S+?)/`).exec(banner)?.[1];

describe('onewindow serve --role', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'onewindow-roles-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('refuses an unknown role, naming the setting', () => {
    const r = spawnSync(process.execPath, [bin, 'serve', '--role', 'everything'], { env: { ...process.env, DATA_DIR: join(dir, 'never'), DATABASE_URL: '', NODE_ENV: 'test' }, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /ROLE/);
  });

  test('--role gateway serves the gateway (listClients) and health on PORT, and not the portal or API', async () => {
    const { child, banner } = await serve(['--role', 'gateway'], { DATA_DIR: join(dir, 'gateway'), GATEWAY_PORT: '0' });
    try {
      const gateway = urlAfter(banner, 'Gateway \\(X-Road r1\\)');
      const node = urlAfter(banner, 'Readiness');
      assert.ok(gateway && node, banner);
      const clients = await fetch(`${gateway}/listClients`, { headers: { accept: 'application/json' } });
      assert.equal(clients.status, 200);
      assert.ok(Array.isArray((await clients.json()).member), 'a listClients answer');
      assert.equal((await fetch(`${node}/readyz`)).status, 200);
      assert.equal((await fetch(`${node}/healthz`)).status, 200);
      assert.equal((await fetch(`${node}/metrics`)).status, 401, 'metrics need a staff token, as on the portal');
      for (const path of ['/', '/api/v1/services', '/api/v1/registry/export/services', '/dashboard']) {
        assert.equal((await fetch(`${node}${path}`, { headers: { accept: 'text/html' } })).status, 404, `${path} is not served by a gateway node`);
      }
    } finally {
      assert.equal(await stop(child), 0);
    }
  });

  test('ROLE=portal serves the portal and API and does not listen on the gateway port', async () => {
    const gatewayPort = await freePort();
    const { child, banner } = await serve([], { ROLE: 'portal', DATA_DIR: join(dir, 'portal'), GATEWAY_PORT: String(gatewayPort) });
    try {
      const url = /Open (http:\/\/\S+?)\/\n/.exec(banner)?.[1];
      assert.ok(url, banner);
      assert.match(banner, /not on this node/);
      assert.equal((await fetch(`${url}/`)).status, 200);
      assert.equal((await fetch(`${url}/api/v1/services`)).status, 200);
      assert.equal((await fetch(`${url}/readyz`)).status, 200);
      assert.equal(await refusesConnections(gatewayPort), true, `nothing listens on GATEWAY_PORT ${gatewayPort}`);
    } finally {
      assert.equal(await stop(child), 0);
    }
  });
});

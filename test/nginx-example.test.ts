/**
 * The README's nginx example (docs/nginx.conf.example) in front of two stand-in gateway nodes:
 * a provider's 503 (its circuit breaker open) is passed on once, not retried on the other node,
 * and does not take the nodes out of the upstream, so every other service keeps answering.
 * (`npm run test:cluster` runs the same configuration in front of real nodes.)
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OwnNginx, nginxUnavailable } from './cluster/nginx.ts';
import { freePort } from './support/processes.ts';

const skip = nginxUnavailable() ?? (process.getuid?.() === 0 ? false : 'nginx runs its workers as another user only when started as root');

let dir: string;
let nginx: OwnNginx;
const servers: Server[] = [];
const hits = { broken: 0, fine: 0 };

/** A node: the broken service answers as the gateway does when its provider's circuit is open. */
async function standInNode(port: number): Promise<void> {
  const server = createServer((req, res) => {
    if (req.url === '/r1/broken') {
      hits.broken++;
      res.writeHead(503, { 'X-Road-Error': 'Server.ServerProxy.ServiceFailed.CircuitOpen', 'content-type': 'application/json;charset=utf-8' });
      return void res.end('{"type":"Server.ServerProxy.ServiceFailed.CircuitOpen"}');
    }
    if (req.url === '/r1/fine') hits.fine++;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
}

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'onewindow-nginx-'));
  const nodes = [
    { port: await freePort(), gatewayPort: await freePort() },
    { port: await freePort(), gatewayPort: await freePort() },
  ];
  for (const n of nodes) await Promise.all([standInNode(n.port), standInNode(n.gatewayPort)]);
  nginx = new OwnNginx(join(dir, 'nginx'), { portal: await freePort(), gateway: await freePort(), nodes });
  await nginx.start();
});
after(async () => {
  await nginx?.stop();
  for (const s of servers) s.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("the gateway's 503 is a provider's: passed on once, and the other services keep answering", { skip }, async () => {
  for (let i = 0; i < 8; i++) {
    const res = await fetch(`${nginx.gatewayUrl}/r1/broken`);
    assert.equal(res.status, 503);
    assert.equal(res.headers.get('x-road-error'), 'Server.ServerProxy.ServiceFailed.CircuitOpen', 'the gateway’s answer, not nginx’s');
    await res.text();
  }
  assert.equal(hits.broken, 8, 'not retried on the other node');
  for (let i = 0; i < 8; i++) {
    const res = await fetch(`${nginx.gatewayUrl}/r1/fine`);
    assert.equal(res.status, 200, 'both nodes are still in the upstream');
    await res.text();
  }
  assert.equal(hits.fine, 8);
});

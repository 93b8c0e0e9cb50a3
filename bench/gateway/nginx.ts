// Contender: nginx as a reverse proxy (one worker, keep-alive to the upstream, access log off),
// run in the foreground from a generated configuration in a temporary folder. Installs
// Debian's nginx when it is missing and the benchmark runs as root (or with sudo).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pin, stopChild, type NodeChild } from './processes.ts';

function findNginx(): string | null {
  for (const candidate of ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx']) if (existsSync(candidate)) return candidate;
  const which = spawnSync('sh', ['-c', 'command -v nginx']);
  return which.status === 0 ? which.stdout.toString().trim() || null : null;
}

/** The nginx binary, installing Debian's package when allowed; otherwise why there is none. */
export function ensureNginx(log: (line: string) => void): { path: string } | { missing: string } {
  const found = findNginx();
  if (found) return { path: found };
  const root = process.getuid?.() === 0;
  const sudo = !root && spawnSync('sudo', ['-n', 'true']).status === 0;
  if (!root && !sudo) return { missing: 'nginx is not installed and neither root nor password-less sudo is available to install it (apt-get install nginx)' };
  if (!existsSync('/usr/bin/apt-get')) return { missing: 'nginx is not installed and this is not a Debian-like system (no apt-get)' };
  const apt = (args: string[]) => spawnSync(root ? 'apt-get' : 'sudo', root ? args : ['-n', 'apt-get', ...args], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  log('nginx is missing: installing Debian\'s nginx (apt-get install -y nginx) …');
  if (apt(['install', '-y', '-q', 'nginx']).status !== 0) {
    apt(['update', '-q']);
    apt(['install', '-y', '-q', 'nginx']);
  }
  const installed = findNginx();
  return installed ? { path: installed } : { missing: 'apt-get install nginx failed' };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nginx did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts nginx in front of `upstreamPort`, pinned to `core`. */
export async function startNginx(binary: string, upstreamPort: number, core: number): Promise<NodeChild> {
  const dir = mkdtempSync(join(tmpdir(), 'ow-bench-nginx-'));
  const port = await freePort();
  const conf = `
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; multi_accept on; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  keepalive_requests 1000000;
  keepalive_timeout 60s;
  upstream backend {
    server 127.0.0.1:${upstreamPort};
    keepalive 128;
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`;
  writeFileSync(join(dir, 'nginx.conf'), conf);
  const command = [...pin(core), binary, '-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')];
  const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`nginx exited with code ${code}`))));
  await Promise.race([waitForPort(port, 10_000), exited]);
  exited.catch(() => undefined);
  return {
    process: child,
    pid: child.pid!,
    port,
    stop: async () => {
      // SIGQUIT is nginx's graceful stop; its worker goes with the master.
      await stopChild(child, 'SIGQUIT');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { childrenOf } from './cpu.ts';

export const NGINX = '/usr/sbin/nginx';
export const nginxUnavailable = (): string | undefined => (existsSync(NGINX) ? undefined : `nginx is not installed (${NGINX}; apt-get install nginx-light)`);

const example = new URL('../../docs/nginx.conf.example', import.meta.url);

export interface NginxPorts {
  /** Where nginx listens: the portal server and the gateway server. */
  portal: number;
  gateway: number;
  /** Each node's PORT and GATEWAY_PORT, in order. */
  nodes: { port: number; gatewayPort: number }[];
}

/**
 * The README's nginx example (docs/nginx.conf.example), pointed at loopback: the same upstreams,
 * retries, keep-alive and timeouts, with the node addresses, listen ports and every file nginx
 * writes (pid, logs, temp folders) moved to `dir`. Each substitution must find its line, so an
 * example that changes shape fails here instead of being tested half-way.
 */
export function nginxConfig(dir: string, ports: NginxPorts): string {
  let text = readFileSync(example, 'utf8');
  const replace = (from: RegExp | string, to: string) => {
    const next = text.replace(from, to);
    if (next === text) throw new Error(`docs/nginx.conf.example no longer has ${String(from)}`);
    text = next;
  };
  // One worker: the whole cluster shares two cores. Room for the load's connections while a fault holds thousands.
  replace('worker_processes auto;', `worker_processes 1;\nworker_rlimit_nofile 16384;\npid ${dir}/nginx.pid;`);
  replace('worker_connections 4096;', 'worker_connections 8192;');
  replace(/error_log \S+ warn;/, `error_log ${dir}/error.log warn;`);
  // The access log says, per call (X-Road-Id), which node answered, whether nginx tried another, and how long the client waited.
  replace(
    /access_log \S+;/,
    `log_format upstreams '$http_x_road_id $status "$upstream_addr" "$upstream_status" $request_time';\n    access_log ${dir}/access.log upstreams;\n` +
      ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `    ${t}_temp_path ${dir}/${t}_temp;`).join('\n'),
  );
  const [first, second] = ports.nodes;
  if (!first || !second || ports.nodes.length !== 2) throw new Error('the example has two nodes');
  replace(/10\.0\.0\.11:8080/, `127.0.0.1:${first.port}`);
  replace(/10\.0\.0\.12:8080/, `127.0.0.1:${second.port}`);
  replace(/10\.0\.0\.11:8081/, `127.0.0.1:${first.gatewayPort}`);
  replace(/10\.0\.0\.12:8081/, `127.0.0.1:${second.gatewayPort}`);
  replace(/listen 80;/, `listen 127.0.0.1:${ports.portal};`);
  replace(/listen 8081;/, `listen 127.0.0.1:${ports.gateway};`);
  return text;
}

/** Debian's nginx with a generated configuration (`-p dir -c dir/nginx.conf`), in the foreground. */
export class OwnNginx {
  #child: ChildProcess | undefined;
  constructor(
    readonly dir: string,
    readonly ports: NginxPorts,
  ) {}

  get gatewayUrl(): string {
    return `http://127.0.0.1:${this.ports.gateway}`;
  }
  get portalUrl(): string {
    return `http://127.0.0.1:${this.ports.portal}`;
  }
  get accessLog(): string {
    return join(this.dir, 'access.log');
  }

  async start(): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    const conf = join(this.dir, 'nginx.conf');
    writeFileSync(conf, nginxConfig(this.dir, this.ports));
    this.#child = spawn(NGINX, ['-p', this.dir, '-c', conf, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    this.#child.stderr!.on('data', (d: Buffer) => (errors += d.toString()));
    const until = Date.now() + 10_000;
    for (;;) {
      if (this.#child.exitCode !== null) throw new Error(`nginx exited ${this.#child.exitCode}: ${errors}`);
      try {
        await fetch(`${this.gatewayUrl}/healthz`);
        return;
      } catch {
        if (Date.now() > until) throw new Error(`nginx did not listen: ${errors}`);
        await sleep(50);
      }
    }
  }

  /** The lines of the access log written since `from` (a byte offset), and the new offset. */
  accessLines(from = 0): { lines: string[]; offset: number } {
    const text = existsSync(this.accessLog) ? readFileSync(this.accessLog) : Buffer.alloc(0);
    return { lines: text.subarray(from).toString().split('\n').filter(Boolean), offset: text.length };
  }

  /** The master and its workers. */
  processes(): number[] {
    const pid = this.#child?.pid;
    return pid === undefined ? [] : [pid, ...childrenOf(pid)];
  }

  /** Per X-Road-Id in the access log from `from` on: nginx's time for the call (ms, retries included) and how many nodes it tried. */
  calls(from = 0): Map<string, { ms: number; tries: number; status: number }> {
    const calls = new Map<string, { ms: number; tries: number; status: number }>();
    for (const line of this.accessLines(from).lines) {
      const m = /^(\S+) (\d+) "([^"]*)" "[^"]*" ([\d.]+)$/.exec(line);
      if (m) calls.set(m[1]!, { status: Number(m[2]), tries: m[3]!.split(',').length, ms: Number(m[4]) * 1000 });
    }
    return calls;
  }

  async stop(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGQUIT');
    await Promise.race([exited, sleep(5000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { childrenOf } from './cpu.ts';

/**
 * A PostgreSQL 15 server of the harness's own, in a folder of the temp dir, so a test may stop,
 * freeze and restart it without touching the shared server on 5432. We run as root and
 * PostgreSQL refuses to, so its tools run as the `postgres` OS user (`runuser`).
 */
const BIN = '/usr/lib/postgresql/15/bin';

/** Why the harness cannot run its own PostgreSQL here, or undefined when it can. */
export function postgresUnavailable(): string | undefined {
  if (!existsSync(join(BIN, 'initdb')) || !existsSync(join(BIN, 'pg_ctl'))) return `PostgreSQL 15 is not installed (${BIN})`;
  if (process.getuid?.() !== 0) return 'the harness runs its own PostgreSQL as the postgres OS user, which needs root (runuser)';
  if (spawnSync('id', ['-u', 'postgres']).status !== 0) return 'there is no postgres OS user';
  if (spawnSync('runuser', ['--version']).status !== 0) return 'runuser is not installed';
  return undefined;
}

const asPostgres = (tool: string, args: string[]) => execFileSync('runuser', ['-u', 'postgres', '--', join(BIN, tool), ...args], { stdio: 'pipe', encoding: 'utf8' });

export class OwnPostgres {
  readonly data: string;
  readonly url: string;
  #pids: number[] = [];

  constructor(
    readonly dir: string,
    readonly port: number,
  ) {
    this.data = join(dir, 'data');
    this.url = `postgres://postgres@127.0.0.1:${port}/onewindow`;
  }

  /** initdb, start, create the database. */
  async init(): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(this.dir, uid, gid);
    asPostgres('initdb', ['-D', this.data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-locale']);
    this.start();
    asPostgres('createdb', ['-h', '127.0.0.1', '-p', String(this.port), 'onewindow']);
  }

  /** Starts the server and waits until it accepts connections. */
  start(): void {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=100 -c shared_buffers=64MB`;
    asPostgres('pg_ctl', ['-D', this.data, '-o', options, '-l', join(this.dir, 'server.log'), '-w', '-t', '60', 'start']);
  }

  /** Stops it as an administrator would (`pg_ctl stop -m fast`: sessions are ended, nothing waits). */
  stop(): void {
    asPostgres('pg_ctl', ['-D', this.data, '-m', 'fast', '-w', '-t', '60', 'stop']);
  }

  /** The postmaster and every process it forked (backends, checkpointer, walwriter…). */
  processes(): number[] {
    const postmaster = Number(readFileSync(join(this.data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return [postmaster, ...childrenOf(postmaster)];
  }

  /**
   * Freezes the whole server as a hung machine would: SIGSTOP to the postmaster first (no new
   * backends), then to every process it forked. Connections stay open; nothing answers.
   */
  freeze(): void {
    this.#pids = this.processes();
    for (const pid of this.#pids) process.kill(pid, 'SIGSTOP');
  }

  /** SIGCONT to what `freeze` stopped, backends before the postmaster. */
  thaw(): void {
    for (const pid of [...this.#pids].reverse()) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // gone
      }
    }
    this.#pids = [];
  }

  /** Thaws and stops whatever runs, for the end of the run (also after a failure). */
  shutdown(): void {
    if (this.#pids.length) this.thaw();
    if (!existsSync(join(this.data, 'postmaster.pid'))) return;
    try {
      asPostgres('pg_ctl', ['-D', this.data, '-m', 'immediate', '-w', '-t', '30', 'stop']);
    } catch {
      // already stopped
    }
  }
}

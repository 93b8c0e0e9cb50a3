import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { onewindowBin } from '../support/processes.ts';

/** A process of `onewindow …`, its output kept in a file of the run's folder. */
export interface OnewindowProcess {
  child: ChildProcess;
  /** Everything it wrote so far (stdout and stderr). */
  output(): string;
  /** The exit code once it has exited (resolves at once if it already has). */
  exited: Promise<number | null>;
}

/**
 * `onewindow <args>` with `env`, until `ready` matches its output; rejects with the output if it
 * exits first.
 */
export async function startOnewindow(args: string[], env: Record<string, string>, logFile: string, ready: RegExp): Promise<OnewindowProcess> {
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, [onewindowBin, ...args], { env: { ...process.env, NODE_ENV: 'test', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const take = (chunk: Buffer) => {
    text += chunk.toString();
    log.write(chunk);
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  void exited.then(() => log.end());
  await new Promise<void>((resolve, reject) => {
    const check = () => (ready.test(text) ? resolve() : undefined);
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    void exited.then((code) => reject(new Error(`onewindow ${args.join(' ')} exited ${code} before it was ready:\n${text}`)));
  });
  return { child, output: () => text, exited };
}

export interface NodeSettings {
  id: string;
  port: number;
  gatewayPort: number;
}

/** One node of the cluster: `onewindow serve` with its own NODE_ID and ports. */
export class ClusterNode {
  process: OnewindowProcess | undefined;
  starts = 0;
  constructor(
    readonly settings: NodeSettings,
    readonly dir: string,
    readonly env: Record<string, string>,
  ) {}

  get portalUrl(): string {
    return `http://127.0.0.1:${this.settings.port}`;
  }
  get gatewayUrl(): string {
    return `http://127.0.0.1:${this.settings.gatewayPort}`;
  }
  get logFile(): string {
    return join(this.dir, `${this.settings.id}.log`);
  }
  get running(): boolean {
    return this.process !== undefined && this.process.child.exitCode === null && this.process.child.signalCode === null;
  }

  /** Starts it and waits for the line naming its gateway (the banner's). `extra` overrides the cluster's settings. */
  async start(extra: Record<string, string> = {}): Promise<void> {
    this.starts++;
    const env = { ...this.env, NODE_ID: this.settings.id, PORT: String(this.settings.port), GATEWAY_PORT: String(this.settings.gatewayPort), ...extra };
    this.process = await startOnewindow(['serve'], env, this.logFile, /gateway \(X-Road r1\): http:\/\/\S+/i);
  }

  /** Everything this node has written, over all its starts. */
  log(): string {
    return readFileSync(this.logFile, 'utf8');
  }

  async signal(signal: NodeJS.Signals): Promise<number | null> {
    const p = this.process;
    if (!p || !this.running) return p?.child.exitCode ?? null;
    p.child.kill(signal);
    return p.exited;
  }
}

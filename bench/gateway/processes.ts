// Child processes of the gateway benchmark: starting them pinned to a core, waiting until they
// listen, reading the CPU time they (and their children) used, stopping them.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ReadyMessage } from './child.ts';
import type { LoadCommand, LoadResult } from './load.ts';

/** `taskset` when it exists and the machine has at least two cores; else no pinning. */
export const canPin = spawnSync('taskset', ['-V']).status === 0 && (spawnSync('nproc').stdout?.toString().trim() ?? '1') !== '1';

let niceness: number | null = null;

/** Runs every later child at this `nice` level (negative: ahead of other work; root only). */
export function setNiceness(n: number | null): void {
  niceness = n;
}

/** The command line prefix that pins a process to `core` (and sets its niceness), or nothing. */
export function pin(core: number): string[] {
  return [...(canPin ? ['taskset', '-c', String(core)] : []), ...(niceness !== null ? ['nice', '-n', String(niceness)] : [])];
}

const clockTicks = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;

/** User + system CPU time of one process in microseconds, 0 when it is gone. */
function processCpuUs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) in parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / clockTicks;
  } catch {
    return 0;
  }
}

/** The pid and every live descendant (nginx's master and its worker). */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    out.push(p);
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(pid);
  return out;
}

/**
 * Moves running processes (the database backends of the exchange log) to `core`, so they do not
 * share the server core with the process under test. Returns how many moved (0 without taskset
 * or without the right to move them: the backends belong to the database's user).
 */
export function pinProcesses(pids: readonly number[], core: number): number {
  if (!canPin) return 0;
  return pids.filter((pid) => spawnSync('taskset', ['-p', '-c', String(core), String(pid)], { stdio: 'ignore' }).status === 0).length;
}

/** Peak resident memory (`VmHWM`) of these processes together, in MiB; a process gone counts 0. */
export function peakRssMiB(pids: readonly number[]): number {
  let kib = 0;
  for (const pid of pids) {
    try {
      kib += Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return kib / 1024;
}

/** CPU microseconds used so far by these processes together. */
export function cpuUs(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + processCpuUs(pid), 0);
}

export interface NodeChild {
  process: ChildProcess;
  pid: number;
  port: number;
  stop(): Promise<void>;
}

const tsx = import.meta.resolve('tsx');

/** Starts `bench/gateway/<file>` with tsx, pinned to `core`, and waits for its `ready` message. */
export function startNodeChild(file: string, args: string[], core: number, options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<NodeChild> {
  const script = fileURLToPath(new URL(file, import.meta.url));
  const command = [...pin(core), process.execPath, '--import', tsx, script, ...args];
  const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: options.env ?? process.env });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${file} did not start within ${(options.timeoutMs ?? 60_000) / 1000} s`));
    }, options.timeoutMs ?? 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${file} exited with code ${code} before it was ready`));
    });
    child.on('message', (m: ReadyMessage) => {
      if (m?.type !== 'ready') return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ process: child, pid: m.pid, port: m.port, stop: () => stopChild(child) });
    });
  });
}

/** Asks a child to stop, and kills it if it has not within five seconds. */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (child.connected) child.send('stop');
    else child.kill(signal);
  });
}

/** Has the load generator child (`load.ts`) run one command and returns its figures. */
export function runLoad(load: NodeChild, command: LoadCommand): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const listener = (m: { type?: string; result?: LoadResult; message?: string }) => {
      if (m?.type !== 'result' && m?.type !== 'error') return;
      load.process.off('message', listener);
      if (m.type === 'result') resolve(m.result!);
      else reject(new Error(m.message));
    };
    load.process.on('message', listener);
    load.process.send(command);
  });
}

/** Asks a child a question over IPC (`pids`, `request`) and waits for the answer of that type. */
export function askChild<T>(child: NodeChild, question: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to ${question}`)), 10_000);
    const listener = (m: { type?: string; value?: T }) => {
      if (m?.type !== question) return;
      clearTimeout(timer);
      child.process.off('message', listener);
      resolve(m.value as T);
    };
    child.process.on('message', listener);
    child.process.send(question);
  });
}

import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** The `onewindow` executable, as a user runs it. */
export const onewindowBin = new URL('../../bin/onewindow.js', import.meta.url).pathname;

/** A port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ServeProcess {
  child: ChildProcess;
  /** What `serve` printed up to the blank line that ends its banner. */
  banner: string;
  /** The portal's URL from the banner ("Open http://…/"). */
  url: string;
  /** Everything written to stderr so far. */
  stderr(): string;
}

/**
 * `onewindow serve [args]` in a process of its own, until its banner is printed: embedded engine
 * (no DATABASE_URL), a free port, a silent log; `env` adds to or overrides that.
 */
export async function serveProcess(args: string[], env: Record<string, string>): Promise<ServeProcess> {
  const child = spawn(process.execPath, [onewindowBin, 'serve', ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent', NODE_ENV: 'test', DATABASE_URL: '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const banner = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/\n\n/.test(output.trimStart())) resolve(output);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${output}${errors}`)));
  });
  return { child, banner, url: /Open (http:\/\/\S+?)\/\n/.exec(banner)?.[1] ?? '', stderr: () => errors };
}

/** SIGTERM, then the exit code (at once if the process has already exited). */
export async function stopProcess(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { Pool } from 'undici';

/** Where the recorder answers with the ids it kept (not a path the gateway forwards: those start with the service's own). */
const ANSWERED_PATH = '/__recorded-ids';

/**
 * Stands in front of one reference agency and remembers the X-Road-Id of every call the agency
 * answered, so a test can ask the log whether each of them was recorded: the gateway forwards
 * the consumer's X-Road-Id to the provider, as X-Road does. Runs as a process of its own (see
 * `RecordingUpstream`), so the load generator's process does not slow the agency's answers.
 */
export async function serveRecorder(target: string): Promise<number> {
  const pool = new Pool(target, { connections: 64 });
  const answered: string[] = [];
  const server = createServer(async (req, res) => {
    if (req.url === ANSWERED_PATH) return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answered));
    try {
      const headers = { ...req.headers };
      delete headers.host;
      delete headers.connection;
      const answer = await pool.request({ path: req.url ?? '/', method: (req.method ?? 'GET') as 'GET', headers });
      const body = Buffer.from(await answer.body.arrayBuffer());
      // The agency has answered: from here on, it has given the data out.
      const id = req.headers['x-road-id'];
      if (typeof id === 'string') answered.push(id);
      res.writeHead(answer.statusCode, { 'content-type': String(answer.headers['content-type'] ?? 'application/json') }).end(body);
    } catch {
      res.writeHead(502).end();
    }
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

/** The recorder in its own process (`recorder-main.ts`), until `stop()`. */
export class RecordingUpstream {
  #child: ChildProcess | undefined;
  port = 0;

  constructor(readonly target: string) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const main = new URL('./recorder-main.ts', import.meta.url).pathname;
    const child = spawn(process.execPath, ['--import', 'tsx', main, this.target], { stdio: ['ignore', 'pipe', 'inherit'] });
    this.#child = child;
    this.port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', (code) => reject(new Error(`the recorder exited ${code}: ${out}`)));
    });
  }

  /** The X-Road-Ids of the calls the agency answered so far, in order. */
  async answered(): Promise<string[]> {
    const res = await fetch(this.url + ANSWERED_PATH);
    return (await res.json()) as string[];
  }

  async stop(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

import { createServer, type Server } from 'node:http';
import { Pool } from 'undici';

/**
 * Stands in front of one reference agency and remembers the X-Road-Id of every call the agency
 * answered, so a test can ask the log whether each of them was recorded: the gateway forwards
 * the consumer's X-Road-Id to the provider, as X-Road does.
 */
export class RecordingUpstream {
  readonly answered = new Set<string>();
  #server: Server | undefined;
  #pool: Pool;
  port = 0;

  constructor(readonly target: string) {
    this.#pool = new Pool(target, { connections: 32 });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.#server = createServer(async (req, res) => {
      try {
        const headers = { ...req.headers };
        delete headers.host;
        delete headers.connection;
        const answer = await this.#pool.request({ path: req.url ?? '/', method: (req.method ?? 'GET') as 'GET', headers });
        const body = Buffer.from(await answer.body.arrayBuffer());
        // The agency has answered: from here on, it has given the data out.
        const id = req.headers['x-road-id'];
        if (typeof id === 'string') this.answered.add(id);
        res.writeHead(answer.statusCode, { 'content-type': String(answer.headers['content-type'] ?? 'application/json') });
        res.end(body);
      } catch {
        res.writeHead(502).end();
      }
    });
    this.#server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.#server.address() as { port: number }).port;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise((resolve) => this.#server?.close(resolve) ?? resolve(undefined));
    await this.#pool.close();
  }
}

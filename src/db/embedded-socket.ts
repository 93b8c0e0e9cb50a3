import { chmodSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import type { EmbeddedEngine } from './embedded.ts';

/**
 * The embedded engine, reachable by other local processes over the PostgreSQL wire protocol on
 * a unix socket, so `onewindow staff create` (or import, export, migrate, demo, audit) works
 * while the server runs on the same data directory (ADR 0012).
 *
 * The engine is one session. Each client message goes to it whole (`execProtocolRaw`), under
 * the same mutex as this process's own queries; the mutex is held from a client's first message
 * until the engine reports it idle again (ReadyForQuery `I`): a client's transaction, or its
 * Parse…Sync sequence, never has another query run inside it, and the server's own queries run
 * between the client's transactions. A client that goes away, or sits idle inside a
 * transaction for longer than `idleInTransactionMs`, is rolled back and cut off.
 *
 * Only this user can connect: the socket lives in a 0700 folder and is itself 0600.
 */

/** pg's name for a socket in a folder (`host=<folder>`, port 5432). */
export const socketFileName = '.s.PGSQL.5432';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const PROTOCOL_3 = 196608;
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

export interface SharedEngine {
  /** Cuts every client off (rolling back what each had open) and stops listening. */
  close(): Promise<void>;
}

export interface ShareOptions {
  /** How long a client may hold the engine inside a transaction without sending anything. */
  idleInTransactionMs?: number;
}

/** The transaction status of the last ReadyForQuery in a response, if it holds one. */
export function readyStatus(out: Uint8Array): string | undefined {
  const view = Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  let status: string | undefined;
  for (let i = 0; i + 5 <= view.length; i += 1 + view.readInt32BE(i + 1)) {
    if (view[i] === 0x5a && i + 5 < view.length) status = String.fromCharCode(view[i + 5]!);
  }
  return status;
}

function simpleQuery(text: string): Uint8Array {
  const body = Buffer.from(`${text}\0`);
  const head = Buffer.alloc(5);
  head.write('Q');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

class Connection {
  #buffer: Buffer = Buffer.alloc(0);
  #started = false;
  #release: (() => void) | undefined;
  #work: Promise<void> = Promise.resolve();
  #idleTimer: NodeJS.Timeout | undefined;
  #ended = false;
  /** Resolves once the client is gone and what it left open is rolled back. */
  readonly closed: Promise<void>;

  constructor(
    readonly socket: Socket,
    private readonly engine: EmbeddedEngine,
    private readonly idleInTransactionMs: number,
  ) {
    socket.on('data', (chunk: Buffer) => this.#enqueue(() => this.#receive(chunk)));
    socket.on('error', () => socket.destroy());
    this.closed = new Promise((resolve) =>
      socket.on('close', () => {
        this.#enqueue(() => this.#cleanUp());
        void this.#work.then(resolve);
      }),
    );
  }

  end(): void {
    this.socket.destroy();
  }

  #enqueue(step: () => Promise<void>): void {
    this.#work = this.#work.then(step).catch(() => void this.socket.destroy());
  }

  async #receive(chunk: Buffer): Promise<void> {
    if (this.#ended) return;
    clearTimeout(this.#idleTimer);
    this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, chunk]) : chunk;
    for (;;) {
      const message = this.#next();
      if (!message) break;
      await message();
      if (this.#ended) return;
    }
    if (this.#release) this.#idleTimer = setTimeout(() => this.end(), this.idleInTransactionMs);
  }

  /** The next whole message's handler, or undefined while the message is still incomplete. */
  #next(): (() => Promise<void>) | undefined {
    const b = this.#buffer;
    if (!this.#started) {
      if (b.length < 8) return undefined;
      const length = b.readInt32BE(0);
      const code = b.readInt32BE(4);
      if (length < 8 || length > 10_000) return async () => this.#stop();
      if (b.length < length) return undefined;
      this.#buffer = b.subarray(length);
      // No TLS on a local socket: say so, and the client goes on in the clear.
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) return async () => void this.socket.write('N');
      // A cancel request has no backend to signal here; anything else is not PostgreSQL.
      if (code !== PROTOCOL_3) return async () => this.#stop();
      this.#started = true;
      return () => this.#forward(b.subarray(0, length));
    }
    if (b.length < 5) return undefined;
    const length = 1 + b.readInt32BE(1);
    if (length < 5) return async () => this.#stop();
    if (b.length < length) return undefined;
    this.#buffer = b.subarray(length);
    if (b[0] === 0x58) return async () => this.#stop(); // Terminate
    return () => this.#forward(b.subarray(0, length));
  }

  async #forward(message: Uint8Array): Promise<void> {
    this.#release ??= await this.engine.hold();
    const out = await this.engine.client.execProtocolRaw(new Uint8Array(message));
    if (out.length > 0) this.socket.write(out);
    if (readyStatus(out) === 'I') this.#letGo();
  }

  #stop(): void {
    this.#ended = true;
    this.socket.end();
  }

  #letGo(): void {
    clearTimeout(this.#idleTimer);
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  /** After a disconnect: end what the client left open, so the engine is idle for the next. */
  async #cleanUp(): Promise<void> {
    this.#ended = true;
    if (!this.#release) return;
    try {
      let status = readyStatus(await this.engine.client.execProtocolRaw(SYNC));
      if (status !== 'I') status = readyStatus(await this.engine.client.execProtocolRaw(simpleQuery('rollback')));
    } finally {
      this.#letGo();
    }
  }
}

/** Listens on `<socketDir>/.s.PGSQL.5432`; `socketDir` must exist and be this user's alone. */
export async function shareEmbedded(engine: EmbeddedEngine, socketDir: string, options: ShareOptions = {}): Promise<SharedEngine> {
  const path = join(socketDir, socketFileName);
  rmSync(path, { force: true });
  const connections = new Set<Connection>();
  const server = createServer((socket) => {
    const connection = new Connection(socket, engine, options.idleInTransactionMs ?? 60_000);
    connections.add(connection);
    void connection.closed.then(() => connections.delete(connection));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
  chmodSync(path, 0o600);
  let closing: Promise<void> | undefined;
  return {
    close: () =>
      (closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const c of connections) c.end();
        await Promise.all([...connections].map((c) => c.closed));
        await closed;
        rmSync(path, { force: true });
      })()),
  };
}

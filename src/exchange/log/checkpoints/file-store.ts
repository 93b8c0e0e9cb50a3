import { mkdir, open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CHAIN_NAME, type CheckpointStore, type StoredLine } from './store.ts';
import type { PublicJwk } from './key.ts';

const CHECKPOINTS = '.checkpoints.jsonl';
const KEYS = '.keys.jsonl';
/** Longest line the tail read expects; a checkpoint line is about 400 bytes. */
const TAIL_BYTES = 16_384;

/**
 * Checkpoints as files in one folder: `<chain>.checkpoints.jsonl` and `<chain>.keys.jsonl`,
 * one JSON document per line. Files are only ever opened for appending (O_APPEND), and each
 * append is fsync'd before it resolves; a file's first append also syncs the folder, so the
 * new name survives a crash. A line torn by a crash is closed with a line feed before the next
 * append, so it stays visible to the verifier instead of merging into the next line.
 */
export class FileCheckpointStore implements CheckpointStore {
  readonly location: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly dir: string) {
    this.location = dir;
  }

  async append(chain: string, line: string): Promise<void> {
    return this.appendLine(this.file(chain, CHECKPOINTS), line);
  }

  async publishKey(chain: string, jwk: PublicJwk): Promise<void> {
    const known = await this.keys(chain);
    if (known.some((k) => safeParse(k.text)?.kid === jwk.kid)) return;
    await this.appendLine(this.file(chain, KEYS), JSON.stringify({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, kid: jwk.kid }));
  }

  async chains(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    return names
      .filter((n) => n.endsWith(CHECKPOINTS))
      .map((n) => n.slice(0, -CHECKPOINTS.length))
      .filter((c) => CHAIN_NAME.test(c))
      .sort();
  }

  async *entries(chain: string): AsyncIterable<StoredLine> {
    const path = this.file(chain, CHECKPOINTS);
    // Opened first, so a missing or unreadable file fails here rather than inside readline.
    const handle = await open(path, 'r').catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return null;
      throw e;
    });
    if (!handle) return;
    const stream = handle.createReadStream({ encoding: 'utf8' });
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    let n = 0;
    try {
      for await (const text of lines) {
        n += 1;
        if (text.length) yield { n, text };
      }
    } finally {
      lines.close();
      stream.destroy();
    }
  }

  async last(chain: string): Promise<StoredLine | null> {
    const path = this.file(chain, CHECKPOINTS);
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    if (size === 0) return null;
    const handle = await open(path, 'r');
    try {
      const length = Math.min(size, TAIL_BYTES);
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(length), 0, length, size - length);
      const lines = buffer.subarray(0, bytesRead).toString('utf8').split('\n');
      for (let i = lines.length - 1; i >= 0; i--) if (lines[i]!.trim()) return { n: 0, text: lines[i]! };
      return null;
    } finally {
      await handle.close();
    }
  }

  async keys(chain: string): Promise<StoredLine[]> {
    let text: string;
    try {
      text = await readFile(this.file(chain, KEYS), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    return text.split('\n').flatMap((t, i) => (t.trim() ? [{ n: i + 1, text: t }] : []));
  }

  private file(chain: string, suffix: string): string {
    if (!CHAIN_NAME.test(chain)) throw new TypeError(`not a chain name: ${JSON.stringify(chain)}`);
    return join(this.dir, chain + suffix);
  }

  /** One append at a time, so lines never interleave within this process. */
  private appendLine(path: string, line: string): Promise<void> {
    if (line.includes('\n')) return Promise.reject(new TypeError('a checkpoint line cannot hold a line feed'));
    const next = this.queue.then(() => this.appendNow(path, line));
    this.queue = next.catch(() => {});
    return next;
  }

  private async appendNow(path: string, line: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    // a+ rather than a: the last byte is read back to find a torn line; writes still append.
    const handle = await open(path, 'a+');
    try {
      const { size } = await handle.stat();
      let prefix = '';
      if (size > 0) {
        const last = Buffer.alloc(1);
        await handle.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) prefix = '\n';
      }
      await handle.appendFile(prefix + line + '\n', 'utf8');
      await handle.sync();
      if (size === 0) await syncFolder(this.dir);
    } finally {
      await handle.close();
    }
  }
}

async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch (e) {
    // Some file systems cannot fsync a folder (EINVAL/EISDIR); the file itself is synced.
    if (!['EINVAL', 'EISDIR', 'EPERM'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
  } finally {
    await handle.close();
  }
}

function safeParse(text: string): { kid?: unknown } | null {
  try {
    return JSON.parse(text) as { kid?: unknown };
  } catch {
    return null;
  }
}

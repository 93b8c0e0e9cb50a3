import type { ChainHead } from '../chain.ts';
import { signCheckpoint } from './checkpoint.ts';
import type { SigningKey } from './key.ts';
import type { CheckpointStore } from './store.ts';

export interface CheckpointerOptions {
  chain: string;
  store: CheckpointStore;
  key: SigningKey;
  /** The head this node's writer last committed (not the database's, which an administrator can move). */
  head: () => ChainHead | null;
  intervalMs: number;
  now?: () => Date;
  /** A checkpoint that could not be written (it is tried again at the next tick). */
  onError: (e: unknown) => void;
}

export interface RunningCheckpointer {
  /** Writes a checkpoint now if the head moved since the last one; true when one was written. */
  checkpoint(): Promise<boolean>;
  /** Stops the timer and writes a last checkpoint if the head moved. Call after the writer's close(). */
  stop(): Promise<void>;
}

/**
 * Signs the node's chain head into the checkpoint store every `intervalMs`, only when the head
 * moved, and once more at `stop`. The head comes from the node's own writer: a checkpoint states
 * what this node committed, so rewinding the head in the database afterwards cannot make the
 * node sign the rewound one. After a restart the store's last line says where checkpoints
 * stopped, so an idle node does not repeat itself.
 */
export async function startCheckpointer(o: CheckpointerOptions): Promise<RunningCheckpointer> {
  const now = o.now ?? (() => new Date());
  await o.store.publishKey(o.chain, o.key.publicJwk);
  let last: ChainHead | null = lastWritten(await o.store.last(o.chain));
  let running: Promise<boolean> = Promise.resolve(false);

  const write = async (): Promise<boolean> => {
    const head = o.head();
    if (!head || head.seq === 0 || (last && last.seq === head.seq && last.hash === head.hash)) return false;
    const line = signCheckpoint({ chain: o.chain, seq: head.seq, hash: head.hash, at: now().toISOString() }, o.key);
    await o.store.append(o.chain, line);
    last = head;
    return true;
  };
  // One at a time: a slow store must not let two ticks sign and append the same head.
  const checkpoint = () => (running = running.then(write, write));
  const tick = () =>
    void checkpoint().catch((e: unknown) => o.onError(new Error(`Exchange-log checkpoint of chain ${o.chain} to ${o.store.location} failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e })));
  const timer = setInterval(tick, o.intervalMs);
  timer.unref();

  return {
    checkpoint,
    async stop() {
      clearInterval(timer);
      await checkpoint();
    },
  };
}

/** The head of the store's last line, read without checking it: it only spares a repeat. */
function lastWritten(line: { text: string } | null): ChainHead | null {
  if (!line) return null;
  try {
    const { payload } = JSON.parse(line.text) as { payload?: unknown };
    if (typeof payload !== 'string') return null;
    const p = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { seq?: unknown; hash?: unknown };
    return typeof p.seq === 'number' && typeof p.hash === 'string' ? { seq: p.seq, hash: p.hash } : null;
  } catch {
    return null;
  }
}

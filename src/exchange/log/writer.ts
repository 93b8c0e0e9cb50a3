import type { Database } from '../../db/database.ts';
import { createChainAppender } from './chain-appender.ts';
import type { ChainHead } from './chain.ts';
import { normalise } from './normalise.ts';
import { startPartitionKeeper } from './partition-keeper.ts';
import { ExchangeLogError, type ExchangeLogWriter, type ExchangeRecord } from './record.ts';

export interface ExchangeLogWriterOptions {
  /** NODE_ID: this node's chain. Two live processes must never share one. */
  node: string;
  mode: 'durable' | 'async';
  /** Most records per commit. */
  batchMax: number;
  /** When set, expired day partitions are dropped at start and then daily. */
  retentionDays?: number;
  now?: () => Date;
  /** Failed commits, dropped batches, a refused chain, failed maintenance. Default: console.error. */
  onError?: (e: unknown) => void;
  /** After each committed batch: how many records and how long the commit took (seconds). */
  onBatch?: (records: number, seconds: number) => void;
  /**
   * Async mode: milliseconds records gather before a commit starts, unless `batchMax` are
   * waiting (default 0: at once). Each commit costs the gateway a fixed few hundred µs
   * (mostly waking the database over its socket), so at a steady rate a short wait buys far
   * fewer, larger commits; what a crash can lose grows by the same wait.
   */
  asyncDelayMs?: number;
  /** Async mode: attempts at a batch before it is dropped (default 3). */
  asyncAttempts?: number;
  /** Async mode: milliseconds before the first retry, doubled each time (default 200). */
  asyncRetryMs?: number;
}

export interface ExchangeLogWriterStats {
  /** Records waiting for a commit. */
  queued: number;
  /** Batches committed. */
  batches: number;
  /** Records committed. */
  records: number;
}

export type RunningExchangeLogWriter = ExchangeLogWriter & {
  /** Resolves once everything appended so far is committed (or, in async mode, dropped). */
  flush(): Promise<void>;
  stats(): ExchangeLogWriterStats;
  /** The last head this writer committed (null before its first commit): what checkpoints sign. */
  head(): ChainHead | null;
  /**
   * False when this node cannot log: for good once the chain refused this writer (another
   * process moved it) or the writer closed; and after a failed commit until one succeeds —
   * while no call comes to prove it (a load balancer sends none to a node that is not ready),
   * each check reads the node's chain head instead, and is true once the database answers.
   * Readiness reports it, so a load balancer stops sending calls this node would refuse.
   */
  healthy(): Promise<boolean>;
};

interface Item {
  record: ExchangeRecord;
  resolve?: () => void;
  reject?: (e: unknown) => void;
  attempts: number;
}

const resolved = Promise.resolve();

/**
 * The exchange-log writer: group commit onto this node's hash chain. Three parts:
 *
 * - the batcher (below): `append` queues the record. When no commit is in flight one starts at
 *   once with everything queued (up to `batchMax`); records appended while it runs wait for the
 *   next. So an idle gateway commits each record alone without delay, and a loaded one commits
 *   many per round trip. In async mode a failed batch is retried, then dropped.
 * - the chain appender (`chain-appender.ts`): one batch is one statement that moves the node's
 *   chain head only if it is still where this writer left it; when another process moved it,
 *   the writer refuses to go on (every later append fails) rather than fork the chain.
 * - the partition keeper (`partition-keeper.ts`): day partitions ahead, retention; daily.
 *
 * Durable mode: `append` resolves after the commit, and rejects when it fails; the chain head in
 * memory advances only on success, so the next batch continues the chain correctly.
 * Async mode: `append` resolves at once; a failed batch is retried `asyncAttempts` times with
 * doubling delays, then dropped and reported through `onError` (lost records leave no gap in
 * the chain: positions are assigned at commit).
 */
export function createExchangeLogWriter(db: Database, options: ExchangeLogWriterOptions): RunningExchangeLogWriter {
  const { node, mode } = options;
  const now = options.now ?? (() => new Date());
  const onError = options.onError ?? ((e: unknown) => console.error(e));
  const appender = createChainAppender(db, node);
  const batcher = createBatcher({
    mode,
    node,
    batchMax: options.batchMax,
    gatherMs: mode === 'async' ? (options.asyncDelayMs ?? 0) : 0,
    maxAttempts: options.asyncAttempts ?? 3,
    retryMs: options.asyncRetryMs ?? 200,
    commit: appender.commit,
    refused: () => appender.refusal() !== null,
    onError,
    onBatch: options.onBatch,
  });
  const keeper = startPartitionKeeper(db, { now, retentionDays: options.retentionDays, onError });

  return {
    append(record) {
      if (batcher.closed()) return Promise.reject(new ExchangeLogError('Exchange log: the writer is closed.'));
      const refusal = appender.refusal();
      if (refusal) return Promise.reject(refusal);
      if (mode === 'async') {
        batcher.push({ record: normalise(record, now), attempts: 0 });
        return resolved;
      }
      return new Promise<void>((resolve, reject) => {
        batcher.push({ record: normalise(record, now), resolve, reject, attempts: 0 });
      });
    },
    flush: batcher.flush,
    async close() {
      batcher.close();
      await keeper.stop();
      await batcher.flush();
    },
    stats: batcher.stats,
    head: appender.head,
    async healthy() {
      if (batcher.closed() || appender.refusal() !== null) return false;
      if (batcher.lastCommitOk()) return true;
      return appender.probe().then(
        () => true,
        () => false,
      );
    },
  };
}

interface BatcherOptions {
  mode: 'durable' | 'async';
  node: string;
  batchMax: number;
  /** Async mode: how long records gather before a commit starts (0: at once). */
  gatherMs: number;
  maxAttempts: number;
  retryMs: number;
  /** Commits one batch; throws when it is not committed. */
  commit: (records: ExchangeRecord[]) => Promise<void>;
  /** The chain refused this writer: a failed batch is not retried. */
  refused: () => boolean;
  onError: (e: unknown) => void;
  onBatch?: ((records: number, seconds: number) => void) | undefined;
}

/**
 * The batcher: the queue, one commit in flight at a time, gathering in async mode, and the
 * retry or drop of a failed batch. `flush` waits until nothing is queued, running or waiting
 * for a retry.
 */
function createBatcher(o: BatcherOptions) {
  const { batchMax, gatherMs } = o;
  const queue: Item[] = [];
  let running = false;
  let closed = false;
  let retryTimer: NodeJS.Timeout | null = null;
  let idleWaiters: (() => void)[] = [];
  let batches = 0;
  let committed = 0;
  /** Whether the last commit attempt succeeded (true before the first). */
  let lastOk = true;

  const wakeIdle = () => {
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  };

  const drain = async () => {
    try {
      while (queue.length && !retryTimer) {
        const batch = queue.splice(0, batchMax);
        const started = performance.now();
        try {
          await o.commit(batch.map((i) => i.record));
        } catch (e) {
          lastOk = false;
          retryOrDrop(batch, e);
          continue;
        }
        lastOk = true;
        batches += 1;
        committed += batch.length;
        o.onBatch?.(batch.length, (performance.now() - started) / 1000);
        for (const i of batch) i.resolve?.();
        // Async mode gathers again, unless a full batch is waiting already.
        if (gatherMs > 0 && queue.length < batchMax && !closed) break;
      }
    } finally {
      running = false;
      wakeIdle();
    }
    kick();
  };

  /** Durable mode, or a refused chain: the batch fails. Async mode: retried later with doubling delays, then dropped. */
  const retryOrDrop = (batch: Item[], e: unknown) => {
    if (o.mode === 'durable' || o.refused()) {
      o.onError(e);
      for (const i of batch) i.reject?.(e);
      return;
    }
    const attempts = batch[0]!.attempts + 1;
    if (attempts >= o.maxAttempts) {
      o.onError(new ExchangeLogError(`Exchange log (async mode): DROPPED ${batch.length} record(s) of node ${o.node} after ${attempts} failed attempts; they are not in the log.`, { cause: e }));
      return;
    }
    o.onError(e);
    for (const i of batch) i.attempts = attempts;
    queue.unshift(...batch);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      kick();
    }, o.retryMs * 2 ** (attempts - 1));
  };

  /** Async mode: the wait before the next commit, while records gather. */
  let gathering: NodeJS.Timeout | null = null;
  const drainNow = () => {
    if (gathering) clearTimeout(gathering);
    gathering = null;
    void drain();
  };
  const kick = () => {
    if (gathering && (queue.length >= batchMax || closed)) return drainNow();
    if (running || retryTimer || !queue.length) return;
    running = true;
    if (gatherMs > 0 && queue.length < batchMax && !closed) gathering = setTimeout(drainNow, gatherMs);
    else queueMicrotask(drainNow);
  };

  return {
    push(item: Item): void {
      queue.push(item);
      kick();
    },
    closed: () => closed,
    /** Stops gathering: what is queued is committed at once. */
    close(): void {
      closed = true;
      kick();
    },
    async flush(): Promise<void> {
      while (queue.length || running || retryTimer) await new Promise<void>((r) => idleWaiters.push(r));
    },
    stats: (): ExchangeLogWriterStats => ({ queued: queue.length, batches, records: committed }),
    lastCommitOk: () => lastOk,
  };
}

import { sql } from 'drizzle-orm';
import { rows, type Database } from '../../db/database.ts';
import { describeDatabaseError } from '../../db/redact-error.ts';
import { chainRecords, GENESIS_HASH, type ChainHead, type ChainedRecord } from './chain.ts';
import { dropExpiredPartitions, ensurePartitions, ensurePartitionsAhead, forgetPartitions } from './partitions.ts';
import type { ExchangeLogWriter, ExchangeRecord } from './record.ts';
import { decodeBatch, encodeBatch } from './batch-json.ts';
import { aggregateUsage, usageUpsert } from './usage-buckets.ts';

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
};

/** Why a record could not be logged; the gateway answers `Server.ClientProxy.LoggingFailed`. */
export class ExchangeLogError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ExchangeLogError';
  }
}

interface Item {
  record: ExchangeRecord;
  resolve?: () => void;
  reject?: (e: unknown) => void;
  attempts: number;
}

const DAY_MS = 86_400_000;
const resolved = Promise.resolve();

/**
 * The exchange-log writer: group commit onto this node's hash chain.
 *
 * `append` queues the record. When no commit is in flight one starts at once with everything
 * queued (up to `batchMax`); records appended while it runs wait for the next. So an idle
 * gateway commits each record alone without delay, and a loaded one commits many per round trip.
 *
 * One batch is ONE statement, hence one transaction: it moves the node's chain head in
 * `exchange_log_chains` — only if the head is still where this writer left it — and, guarded by
 * that update, inserts the records and adds them to the per-minute usage buckets. When the head
 * has moved, nothing is written: another process logs under the same NODE_ID, and this writer
 * refuses to go on (every later append fails) rather than fork the chain.
 *
 * Durable mode: `append` resolves after the commit, and rejects when it fails; the chain head in
 * memory advances only on success, so the next batch continues the chain correctly.
 * Async mode: `append` resolves at once; a failed batch is retried `asyncAttempts` times with
 * doubling delays, then dropped and reported through `onError` (lost records leave no gap in
 * the chain: positions are assigned at commit).
 */
export function createExchangeLogWriter(db: Database, options: ExchangeLogWriterOptions): RunningExchangeLogWriter {
  const { node, mode, batchMax } = options;
  const now = options.now ?? (() => new Date());
  const onError = options.onError ?? ((e: unknown) => console.error(e));
  const maxAttempts = options.asyncAttempts ?? 3;
  const retryMs = options.asyncRetryMs ?? 200;
  const gatherMs = mode === 'async' ? (options.asyncDelayMs ?? 0) : 0;

  const queue: Item[] = [];
  let head: ChainHead | null = null;
  /** The end of a batch whose commit failed in a way that may still have committed it. */
  let uncertain: ChainHead | null = null;
  let refusal: ExchangeLogError | null = null;
  let running = false;
  let closed = false;
  let retryTimer: NodeJS.Timeout | null = null;
  let idleWaiters: (() => void)[] = [];
  let batches = 0;
  let committed = 0;

  const readHead = async (): Promise<ChainHead | null> => {
    const found = await db.run((q) => rows<{ seq: number; hash: string }>(q, sql`select seq, hash from exchange_log_chains where node = ${node}`));
    return found[0] ? { seq: Number(found[0].seq), hash: found[0].hash } : null;
  };

  const loadHead = async (): Promise<ChainHead> => {
    await db.run((q) => q.execute(sql`insert into exchange_log_chains (node, seq, hash, at) values (${node}, 0, ${GENESIS_HASH}, now()) on conflict (node) do nothing`));
    return (await readHead())!;
  };

  const write = async (from: ChainHead, chained: ChainedRecord[]): Promise<boolean> => {
    const last = chained[chained.length - 1]!;
    const statement = sql`with head as (
        update exchange_log_chains set seq = ${last.seq}, hash = ${last.hash}, at = ${last.at.toISOString()}::timestamptz
        where node = ${node} and seq = ${from.seq} and hash = ${from.hash}
        returning node
      ), records as (
        insert into exchange_log (node, seq, at, message_id, consumer, service, method, path, endpoint, user_id, data_subject, purpose, status, error_type, latency_ms, request_hash, response_hash, prev_hash, hash)
        select head.node, r.seq, r.at, r.message_id, r.consumer, r.service, r.method, r.path, r.endpoint, r.user_id, r.data_subject, r.purpose, r.status, r.error_type, r.latency_ms, r.request_hash, r.response_hash, r.prev_hash, r.hash
        from head cross join (${decodeBatch(encodeBatch(chained), from)}) as r
      ), usage as (${usageUpsert(aggregateUsage(chained), sql`head`)})
      select count(*)::int as n from head`;
    // Prepared: the text is the same for every batch, and parsing and planning it cost
    // PostgreSQL more than running it (~0.5 ms of ~0.9 for a small batch).
    const result = await db.runPrepared<{ n: number }>('exchange_log_batch', statement);
    return Number(result[0]?.n) === 1;
  };

  /** Commits one batch; throws when it is not committed. */
  const commit = async (records: ExchangeRecord[]): Promise<void> => {
    if (refusal) throw refusal;
    await ensurePartitions(db, records.map((r) => r.at));
    head ??= await loadHead();
    const from = head;
    const chained = chainRecords(node, from, records);
    const last = chained[chained.length - 1]!;
    let ok: boolean;
    try {
      ok = await write(from, chained);
    } catch (e) {
      uncertain = { seq: last.seq, hash: last.hash };
      forgetPartitions(db);
      throw new ExchangeLogError(`Exchange log: committing ${records.length} record(s) of node ${node} failed: ${describeDatabaseError(e)}`, { cause: e });
    }
    if (ok) {
      head = { seq: last.seq, hash: last.hash };
      uncertain = null;
      return;
    }
    const current = await readHead();
    if (current && uncertain && current.seq === uncertain.seq && current.hash === uncertain.hash) {
      // The earlier "failed" commit did reach the database (its connection broke after COMMIT).
      head = current;
      uncertain = null;
      return commit(records);
    }
    refusal = new ExchangeLogError(
      current
        ? `Exchange log: the chain of node "${node}" was moved by another process (expected seq ${from.seq}, found ${current.seq}). ` +
            'Two running processes share this NODE_ID; give each node its own NODE_ID. This writer refuses further records so the chain does not fork.'
        : `Exchange log: the chain head of node "${node}" is missing from exchange_log_chains; refusing further records.`,
    );
    throw refusal;
  };

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
          await commit(batch.map((i) => i.record));
        } catch (e) {
          failed(batch, e);
          continue;
        }
        batches += 1;
        committed += batch.length;
        options.onBatch?.(batch.length, (performance.now() - started) / 1000);
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

  const failed = (batch: Item[], e: unknown) => {
    if (mode === 'durable' || refusal) {
      onError(e);
      for (const i of batch) i.reject?.(e);
      return;
    }
    const attempts = batch[0]!.attempts + 1;
    if (attempts >= maxAttempts) {
      onError(new ExchangeLogError(`Exchange log (async mode): DROPPED ${batch.length} record(s) of node ${node} after ${attempts} failed attempts; they are not in the log.`, { cause: e }));
      return;
    }
    onError(e);
    for (const i of batch) i.attempts = attempts;
    queue.unshift(...batch);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      kick();
    }, retryMs * 2 ** (attempts - 1));
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

  // Maintenance: partitions ahead of time, retention; at start and then daily.
  const maintain = async () => {
    try {
      await ensurePartitionsAhead(db, now());
      if (options.retentionDays !== undefined) await dropExpiredPartitions(db, options.retentionDays, now());
    } catch (e) {
      onError(new ExchangeLogError(`Exchange log maintenance failed: ${describeDatabaseError(e)}`, { cause: e }));
    }
  };
  let maintenance: Promise<void> = maintain();
  const daily = setInterval(() => void (maintenance = maintain()), DAY_MS);
  daily.unref();

  return {
    append(record) {
      if (closed) return Promise.reject(new ExchangeLogError('Exchange log: the writer is closed.'));
      if (refusal) return Promise.reject(refusal);
      if (mode === 'async') {
        queue.push({ record: normalise(record, now), attempts: 0 });
        kick();
        return resolved;
      }
      return new Promise<void>((resolve, reject) => {
        queue.push({ record: normalise(record, now), resolve, reject, attempts: 0 });
        kick();
      });
    },
    async flush() {
      while (queue.length || running || retryTimer) await new Promise<void>((r) => idleWaiters.push(r));
    },
    async close() {
      closed = true;
      kick();
      clearInterval(daily);
      await maintenance;
      await this.flush();
    },
    stats: () => ({ queued: queue.length, batches, records: committed }),
    head: () => (head ? { seq: head.seq, hash: head.hash } : null),
  };
}

/* eslint-disable no-control-regex */
const suspicious = /[\u0000\uD800-\uDFFF]/;
const unstorable = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/* eslint-enable no-control-regex */
const clean = (s: string): string => (suspicious.test(s) ? s.replace(unstorable, '\uFFFD') : s);
const cleanOrNull = (s: string | null): string | null => (s === null ? null : clean(s));

/**
 * What the database can store: text without NUL or lone surrogates (replaced by U+FFFD), a
 * status a smallint holds, a finite latency. One odd record must not fail a whole batch.
 */
function normalise(r: ExchangeRecord, now: () => Date): ExchangeRecord {
  return {
    messageId: clean(r.messageId),
    at: r.at instanceof Date && Number.isFinite(r.at.getTime()) ? r.at : now(),
    consumer: cleanOrNull(r.consumer),
    service: cleanOrNull(r.service),
    method: clean(r.method),
    path: clean(r.path),
    endpoint: cleanOrNull(r.endpoint),
    userId: cleanOrNull(r.userId),
    dataSubject: cleanOrNull(r.dataSubject),
    purpose: cleanOrNull(r.purpose),
    status: Number.isInteger(r.status) && r.status >= 0 && r.status <= 999 ? r.status : 0,
    errorType: r.errorType,
    latencyMs: Number.isFinite(r.latencyMs) && r.latencyMs >= 0 ? r.latencyMs : 0,
    requestHash: cleanOrNull(r.requestHash),
    responseHash: cleanOrNull(r.responseHash),
  };
}

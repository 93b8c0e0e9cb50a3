import type { Database } from '../../db/database.ts';
import { rollUpMinutes, tryAdvisoryXactLock } from './repository.ts';

/** Minute buckets are kept this many days before they become day buckets. */
export const DEFAULT_ROLLUP_AFTER_DAYS = 3;
/** Advisory lock key of the roll-up ("usage" in ASCII); one node rolls up at a time. */
const ROLLUP_LOCK = 0x7573_6167;
const msPerDay = 86_400_000;

export interface RollUpResult {
  /** Minute buckets starting before this instant (a UTC midnight) were rolled up. */
  before: string;
  /** Minute buckets removed, and day buckets created or added to. */
  minutes: number;
  days: number;
  /** False when another node held the lock, so this run did nothing. */
  ran: boolean;
}

/**
 * Turns minute buckets older than `olderThanDays` into day buckets (UTC days). Only whole
 * days are rolled up — the cut is the UTC midnight at or before `now − olderThanDays` — so a
 * day is covered by its minutes or by its day bucket, never partly by both. Running it again
 * finds no minutes left to move (idempotent); two nodes running it at once are serialised by
 * an advisory lock, and the single delete-and-insert statement could not double-count anyway.
 */
export async function rollUpUsage(db: Database, options: { olderThanDays?: number; now: Date }): Promise<RollUpResult> {
  const days = options.olderThanDays ?? DEFAULT_ROLLUP_AFTER_DAYS;
  if (!Number.isInteger(days) || days < 1) throw new RangeError('olderThanDays is a whole number of days, at least 1');
  const before = new Date(Math.floor((options.now.getTime() - days * msPerDay) / msPerDay) * msPerDay);
  return db.transaction(async (tx) => {
    if (!(await tryAdvisoryXactLock(tx, ROLLUP_LOCK))) return { before: before.toISOString(), minutes: 0, days: 0, ran: false };
    const moved = await rollUpMinutes(tx, before);
    return { before: before.toISOString(), ...moved, ran: true };
  });
}

export interface UsageRollupOptions {
  /** How often to run; the first run is one interval after the start. */
  intervalMs: number;
  olderThanDays?: number;
  now?: () => Date;
  /** Told about a failed run; the timer keeps going. */
  onError?: (error: unknown) => void;
  /** Told about each run that moved something. */
  onRun?: (result: RollUpResult) => void;
}

/**
 * Runs `rollUpUsage` every `intervalMs` on this node; returns a function that stops the timer
 * and waits for a run in progress. Runs never overlap, and the timer does not keep the process alive.
 */
export function startUsageRollup(db: Database, options: UsageRollupOptions): () => Promise<void> {
  if (!(options.intervalMs > 0)) throw new RangeError('intervalMs must be positive');
  const now = options.now ?? (() => new Date());
  let running: Promise<void> | undefined;
  let stopped = false;
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = rollUpUsage(db, { olderThanDays: options.olderThanDays ?? DEFAULT_ROLLUP_AFTER_DAYS, now: now() })
      .then((result) => {
        if (result.minutes > 0) options.onRun?.(result);
      })
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => (running = undefined));
  }, options.intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}

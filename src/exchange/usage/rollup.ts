import type { Database } from '../../db/database.ts';
import { DEFAULT_USAGE_TIME_ZONE } from './usage.ts';
import { advanceDaySums, allowStatementsOf, clearNotedChanges, lockDaySumZones, preferHashedSums, rollUpMinutes, selectDatabaseClock, tryAdvisoryXactLock } from './rollup-repository.ts';

/** Minute buckets are kept this many days before they become day buckets. */
export const DEFAULT_ROLLUP_AFTER_DAYS = 3;
/**
 * How far behind the clock the day sums stop. A call is logged when it ends, up to a service's
 * timeout after it began; a minute that late is still counted right (the change is noted and
 * its day read from the minutes), only more slowly, so this only needs to cover the usual case.
 * Migration 0007's trigger relies on it being well over its own 2 minutes.
 */
export const DAY_SUMS_LAG_MS = 10 * 60_000;
/** Advisory lock key of the roll-up ("usage" in ASCII); one node rolls up at a time. */
const ROLLUP_LOCK = 0x7573_6167;
const msPerDay = 86_400_000;
const msPerMinute = 60_000;

export interface RollUpResult {
  /** Minute buckets starting before this instant (a UTC midnight) were rolled up. */
  before: string;
  /** Minute buckets removed, and day buckets created or added to. */
  minutes: number;
  days: number;
  /** False when another node held the lock, so this run did nothing. */
  ran: boolean;
}

export interface RollUpOptions {
  olderThanDays?: number;
  now: Date;
  /** The zone whose calendar days the day sums of minutes follow: the country's, as the readers'. Default `DEFAULT_USAGE_TIME_ZONE`. */
  timeZone?: string;
}

/**
 * Turns minute buckets older than `olderThanDays` into day buckets (UTC days). Only whole
 * days are rolled up — the cut is the UTC midnight at or before `now − olderThanDays` — so a
 * day is covered by its minutes or by its day bucket, never partly by both. Running it again
 * finds no minutes left to move (idempotent); two nodes running it at once are serialised by
 * an advisory lock, and the single delete-and-insert statement could not double-count anyway.
 *
 * In the same transaction it brings the day sums of the remaining minutes up to
 * `DAY_SUMS_LAG_MS` before now (by the earlier of `now` and the database's clock), for
 * `timeZone` and every zone kept before, and re-sums the days that changed since the last run
 * — the minutes it has just moved among them.
 */
/** How long one statement of the roll-up may run (PostgreSQL), well above a request's. */
export const ROLLUP_STATEMENT_TIMEOUT_MS = 600_000;

export async function rollUpUsage(db: Database, options: RollUpOptions): Promise<RollUpResult> {
  const days = options.olderThanDays ?? DEFAULT_ROLLUP_AFTER_DAYS;
  if (!Number.isInteger(days) || days < 1) throw new RangeError('olderThanDays is a whole number of days, at least 1');
  const before = new Date(Math.floor((options.now.getTime() - days * msPerDay) / msPerDay) * msPerDay);
  return db.transaction(async (tx) => {
    if (!(await tryAdvisoryXactLock(tx, ROLLUP_LOCK))) return { before: before.toISOString(), minutes: 0, days: 0, ran: false };
    // A day's minutes at national scale take longer than a request's statement timeout; the job
    // is in the background, so it gets a bound of its own instead.
    await allowStatementsOf(tx, ROLLUP_STATEMENT_TIMEOUT_MS);
    await preferHashedSums(tx);
    const moved = await rollUpMinutes(tx, before);
    // Locked after the move, in the order a late write takes them (its minutes, then `through`).
    const zones = await lockDaySumZones(tx, options.timeZone ?? DEFAULT_USAGE_TIME_ZONE);
    const clock = Math.min(options.now.getTime(), await selectDatabaseClock(tx));
    const through = new Date(Math.floor((clock - DAY_SUMS_LAG_MS) / msPerMinute) * msPerMinute);
    for (const zone of zones) await advanceDaySums(tx, zone, through);
    await clearNotedChanges(tx);
    return { before: before.toISOString(), ...moved, ran: true };
  });
}

export interface UsageRollupOptions {
  /** How often to run. */
  intervalMs: number;
  /** When the first run is; default one interval after the start. */
  firstRunMs?: number;
  olderThanDays?: number;
  timeZone?: string;
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
  let timer: NodeJS.Timeout | undefined;
  const run = () => {
    if (running || stopped) return;
    running = rollUpUsage(db, { olderThanDays: options.olderThanDays ?? DEFAULT_ROLLUP_AFTER_DAYS, now: now(), ...(options.timeZone ? { timeZone: options.timeZone } : {}) })
      .then((result) => {
        if (result.minutes > 0) options.onRun?.(result);
      })
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => (running = undefined));
  };
  const first = setTimeout(() => {
    run();
    if (stopped) return;
    timer = setInterval(run, options.intervalMs);
    timer.unref();
  }, options.firstRunMs ?? options.intervalMs);
  first.unref();
  return async () => {
    stopped = true;
    clearTimeout(first);
    clearInterval(timer);
    await running;
  };
}

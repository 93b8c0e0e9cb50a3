import type { Database } from '../../db/database.ts';
import { describeDatabaseError } from '../../db/redact-error.ts';
import { dropExpiredPartitions, ensurePartitionsAhead } from './partitions.ts';
import { ExchangeLogError } from './record.ts';

const DAY_MS = 86_400_000;

/**
 * The writer's partition keeper: day partitions ahead of time and, with `retentionDays`, the
 * expired ones dropped; at start and then daily. A failure is reported, never thrown.
 * `stop()` ends the daily round and waits for one in progress.
 */
export function startPartitionKeeper(db: Database, o: { now: () => Date; retentionDays?: number | undefined; onError: (e: unknown) => void }): { stop(): Promise<void> } {
  const maintain = async () => {
    try {
      await ensurePartitionsAhead(db, o.now());
      if (o.retentionDays !== undefined) await dropExpiredPartitions(db, o.retentionDays, o.now());
    } catch (e) {
      o.onError(new ExchangeLogError(`Exchange log maintenance failed: ${describeDatabaseError(e)}`, { cause: e }));
    }
  };
  let maintenance: Promise<void> = maintain();
  const daily = setInterval(() => void (maintenance = maintain()), DAY_MS);
  daily.unref();
  return {
    async stop() {
      clearInterval(daily);
      await maintenance;
    },
  };
}

import { sql } from 'drizzle-orm';
import { rows, type Database, type Sql } from '../../db/database.ts';

/**
 * `exchange_log` is partitioned by day (UTC): `exchange_log_pYYYYMMDD` holds the records whose
 * `at` falls on that day. The writer creates the partitions a batch needs (and today's, the next
 * two days' ahead of time) and drops those older than the retention period.
 */
const DAY_MS = 86_400_000;
const namePattern = /^exchange_log_p(\d{4})(\d{2})(\d{2})$/;

/** Start of the UTC day holding `date`, in milliseconds. */
export const utcDay = (date: Date): number => Math.floor(date.getTime() / DAY_MS) * DAY_MS;

export function partitionName(dayMs: number): string {
  return `exchange_log_p${new Date(dayMs).toISOString().slice(0, 10).replaceAll('-', '')}`;
}

/** The day a partition name stands for (start, in ms), or null for a name that is not one of ours. */
export function partitionDay(name: string): number | null {
  const m = namePattern.exec(name);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

/** Partitions known to exist, per database: created here or seen. */
const known = new WeakMap<Database, Set<number>>();

const knownOf = (db: Database) => {
  let set = known.get(db);
  if (!set) known.set(db, (set = new Set()));
  return set;
};

/** SQLSTATEs of a create racing another node's: duplicate table, or the catalog's unique index. */
const raceCodes = new Set(['42P07', '23505']);
const sqlState = (e: unknown): string | undefined => {
  for (let x: unknown = e; x && typeof x === 'object'; x = (x as { cause?: unknown }).cause) {
    const code = (x as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
};

/**
 * Makes sure a partition exists for the UTC day of each date. Cached in memory, so the common
 * case does nothing; a create that races another node's is tolerated.
 */
export async function ensurePartitions(db: Database, dates: Iterable<Date>): Promise<void> {
  const cache = knownOf(db);
  const missing = new Set<number>();
  for (const d of dates) {
    const day = utcDay(d);
    if (!cache.has(day)) missing.add(day);
  }
  for (const day of [...missing].sort((a, b) => a - b)) {
    const name = partitionName(day);
    const from = new Date(day).toISOString();
    const to = new Date(day + DAY_MS).toISOString();
    const create = sql.raw(`create table if not exists ${name} partition of exchange_log for values from ('${from}') to ('${to}')`);
    try {
      await db.run((q) => q.execute(create));
    } catch (e) {
      if (!raceCodes.has(sqlState(e) ?? '')) throw e;
      // Another node created it between our check and our create: it exists now.
      const found = await db.run((q) => rows<{ n: number }>(q, sql`select count(*)::int as n from pg_class where relname = ${name}`));
      if (!found[0]?.n) throw e;
    }
    cache.add(day);
  }
}

/** Today's partition and the next `aheadDays` days', so midnight does not wait on DDL. */
export function ensurePartitionsAhead(db: Database, now: Date, aheadDays = 2): Promise<void> {
  const day = utcDay(now);
  return ensurePartitions(db, Array.from({ length: aheadDays + 1 }, (_, i) => new Date(day + i * DAY_MS)));
}

/** Names of the existing day partitions of `exchange_log`, oldest first. */
export async function listPartitions(q: Sql): Promise<{ name: string; day: number }[]> {
  const found = await rows<{ name: string }>(
    q,
    sql`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent where p.relname = 'exchange_log'`,
  );
  return found.flatMap(({ name }) => {
    const day = partitionDay(name);
    return day === null ? [] : [{ name, day }];
  }).sort((a, b) => a.day - b.day);
}

/**
 * Drops the day partitions whose every record is older than `retentionDays` days before `now`
 * (a partition for day D goes once D + 1 day ≤ now − retentionDays). Before dropping, each
 * node's chain anchor in `exchange_log_chains` moves to the first record that stays (or to the
 * chain's head when none stays), so `audit verify` knows where the retained chain must start
 * and still detects records removed at its beginning. Returns the dropped partitions' names.
 */
export async function dropExpiredPartitions(db: Database, retentionDays: number, now: Date): Promise<string[]> {
  const cutoff = utcDay(now) - retentionDays * DAY_MS;
  return db.transaction(async (tx) => {
    const expired = (await listPartitions(tx)).filter((p) => p.day + DAY_MS <= cutoff);
    if (!expired.length) return [];
    // Writers of every node wait while the anchors move and the partitions go.
    await tx.execute(sql`lock table exchange_log_chains in exclusive mode`);
    for (const p of expired) await tx.execute(sql.raw(`drop table if exists ${p.name}`));
    const heads = await rows<{ node: string; seq: number; hash: string }>(tx, sql`select node, seq, hash from exchange_log_chains`);
    for (const head of heads) {
      const first = await rows<{ seq: number; prev_hash: string }>(
        tx,
        sql`select seq, prev_hash from exchange_log where node = ${head.node} order by seq limit 1`,
      );
      const anchorSeq = first[0] ? Number(first[0].seq) - 1 : Number(head.seq);
      const anchorHash = first[0] ? first[0].prev_hash : head.hash;
      await tx.execute(sql`update exchange_log_chains set anchor_seq = ${anchorSeq}, anchor_hash = ${anchorHash} where node = ${head.node} and anchor_seq < ${anchorSeq}`);
    }
    const cache = knownOf(db);
    for (const p of expired) cache.delete(p.day);
    return expired.map((p) => p.name);
  });
}

/** Forgets which partitions exist (after a failed insert: another node may have dropped one). */
export function forgetPartitions(db: Database): void {
  known.delete(db);
}

import { sql, type SQL } from 'drizzle-orm';
import { rows, type Database, type Sql } from '../../db/database.ts';

/** A position in the newest-first order: the last record of the previous page. */
export interface AccessCursor {
  /** `at` with its full (microsecond) precision, ISO 8601 UTC. */
  at: string;
  node: string;
  seq: string;
}

export interface AccessRecordRow {
  at: string;
  node: string;
  seq: string;
  messageId: string;
  consumer: string | null;
  service: string | null;
  method: string;
  endpoint: string | null;
  purpose: string | null;
  /** `X-Road-UserId`: the person who made the call (with its country prefix), when the consumer said. */
  userId: string | null;
  /** `X-Road-Represented-Party`: the legal entity they acted for. */
  representedParty: string | null;
  status: number;
  errorType: string | null;
}

/**
 * The log records whose data subject is `subject`, newest first, ordered by (at, node, seq) —
 * unique, so pages never overlap or skip a record, even between records of the same instant.
 * A forwarded call has an intent record (status 0) and then its outcome: it is listed once, by
 * its outcome; an intent whose outcome could not be written is listed as it stands.
 *
 * Why not one statement: with day partitions, a statement bounded only by the subject makes
 * PostgreSQL plan every partition — twice with the outcome probe — and planning alone took
 * ~95 ms over 181 days. So the person's records are read newest-first in time windows with
 * constant bounds (the planner prunes the other partitions), and an intent's outcome is looked
 * for among the records already read (it sorts before its intent: same node, later `seq`, `at`
 * not earlier). Only intents whose outcome was not among them (none written, or above the
 * cursor or `to`) are looked up in the whole log, from the intent's `at` on. The window read is
 * one prepared statement (the same text whatever the bounds), so a connection soon keeps a
 * generic plan whose partitions are pruned when it runs: a person with few records or none,
 * read back through every window, costs no planning of the ~150 partitions of the wide ones.
 */
export async function selectAccesses(db: Database, query: AccessesQuery): Promise<AccessRecordRow[]> {
  const page: AccessRecordRow[] = [];
  const seen = new Map<string, { seq: bigint; at: string }[]>();
  const remember = (r: { node: string; messageId: string; seq: string; at: string }) => {
    const key = `${r.node}\u0000${r.messageId}`;
    const list = seen.get(key);
    if (list) list.push({ seq: BigInt(r.seq), at: r.at });
    else seen.set(key, [{ seq: BigInt(r.seq), at: r.at }]);
  };
  // `at` strings have one fixed-width UTC format, so they compare as text.
  const hidden = (r: AccessRecordRow) => seen.get(`${r.node}\u0000${r.messageId}`)?.some((o) => o.seq > BigInt(r.seq) && o.at >= r.at) ?? false;
  // The cursor's own record (usually the outcome whose intent opens this page) is read too, as a
  // possible outcome, not listed.
  let position: { after: AccessCursor; inclusive: boolean } | undefined = query.after ? { after: query.after, inclusive: true } : undefined;
  const batch = 2 * query.limit + 2;
  for (const window of accessWindows(query)) {
    for (;;) {
      const found = await readRows(db, windowStatement({ subject: query.subject, ...window, ...(position ? { after: position.after, inclusive: position.inclusive } : {}), limit: batch }), position?.inclusive ?? false);
      const fresh = position?.inclusive ? found.filter((r) => !sameRecord(r, position!.after)) : found;
      for (const r of found) remember(r);
      const open = fresh.filter((r) => r.status === 0 && !hidden(r));
      if (open.length) for (const o of await db.run((q) => outcomesOf(q, open))) remember(o);
      for (const r of fresh) {
        if (r.status === 0 && hidden(r)) continue;
        page.push(r);
        if (page.length === query.limit) return page;
      }
      const last = found[found.length - 1];
      if (found.length < batch || !last) break;
      position = { after: { at: last.at, node: last.node, seq: last.seq }, inclusive: false };
    }
  }
  return page;
}

export interface AccessesQuery {
  subject: string;
  from?: string;
  to?: string;
  after?: AccessCursor;
  limit: number;
}

const sameRecord = (r: AccessRecordRow, c: AccessCursor) => r.node === c.node && r.seq === c.seq && r.at === c.at;

const DAY = 86_400_000;
/** Newest-first windows, in days back from the newest record a page can hold: most pages fill in the first. */
const WINDOW_EDGES_DAYS = [7, 30, 180];

/** `from`/`to` of each window, newest first; the first is open above and the last below (within the query's own bounds). */
export function accessWindows(query: Pick<AccessesQuery, 'from' | 'to' | 'after'>, now = Date.now()): { from?: string; to?: string }[] {
  const top = Math.min(query.after ? Date.parse(query.after.at) : Infinity, query.to !== undefined ? Date.parse(query.to) : Infinity, now);
  const from = query.from !== undefined ? Date.parse(query.from) : -Infinity;
  const edges = WINDOW_EDGES_DAYS.map((d) => top - d * DAY).filter((e) => e > from);
  const iso = (t: number) => new Date(t).toISOString();
  const windows: { from?: string; to?: string }[] = [];
  let upper: string | undefined = query.to;
  for (const e of edges) {
    windows.push({ from: iso(e), ...(upper !== undefined ? { to: upper } : {}) });
    upper = iso(e);
  }
  windows.push({ ...(query.from !== undefined ? { from: query.from } : {}), ...(upper !== undefined ? { to: upper } : {}) });
  return windows;
}

async function readRows(db: Database, statement: SQL, inclusive: boolean): Promise<AccessRecordRow[]> {
  const found = await db.runPrepared<Omit<AccessRecordRow, 'status'> & { status: number | string }>(inclusive ? 'accesses_window_from_cursor' : 'accesses_window', statement);
  return found.map((r) => ({ ...r, status: Number(r.status) }));
}

/** Every later record of the same calls as `intents`, anywhere in the log: bounded below by the oldest intent, so older partitions are pruned. */
async function outcomesOf(q: Sql, intents: AccessRecordRow[]) {
  const oldest = intents.reduce((m, r) => (r.at < m ? r.at : m), intents[0]!.at);
  return rows<{ node: string; messageId: string; seq: string; at: string }>(
    q,
    sql`select o.node, o.message_id as "messageId", o.seq::text as seq, to_char(o.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at
        from exchange_log o
        where o.at >= ${oldest}::timestamptz and o.message_id in (${sql.join([...new Set(intents.map((r) => r.messageId))].map((m) => sql`${m}`), sql`, `)})`,
  );
}

/** A window's read with every bound given (open ones as ±infinity), so its text never changes. */
function windowStatement(query: AccessesQuery & { inclusive?: boolean }): SQL {
  return accessesStatement({ ...query, from: query.from ?? '-infinity', to: query.to ?? 'infinity', after: query.after ?? { at: 'infinity', node: '', seq: '0' } });
}

/** One window's read: the subject's records (intents too), newest first; its test reads the plan (the data-subject index, one scan). */
export function accessesStatement(query: AccessesQuery & { inclusive?: boolean }): SQL {
  const conditions: SQL[] = [sql`l.data_subject = ${query.subject}`];
  if (query.from !== undefined) conditions.push(sql`l.at >= ${query.from}::timestamptz`);
  if (query.to !== undefined) conditions.push(sql`l.at < ${query.to}::timestamptz`);
  if (query.after) {
    const { at, node, seq } = query.after;
    // The first condition lets the index bound the scan; the row comparison breaks ties.
    conditions.push(sql`l.at <= ${at}::timestamptz`, query.inclusive ? sql`(l.at, l.node, l.seq) <= (${at}::timestamptz, ${node}::text, ${seq}::bigint)` : sql`(l.at, l.node, l.seq) < (${at}::timestamptz, ${node}::text, ${seq}::bigint)`);
  }
  return sql`select to_char(l.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at, l.node, l.seq::text as seq,
               l.message_id as "messageId", l.consumer, l.service, l.method, l.endpoint, l.purpose, l.user_id as "userId", l.represented_party as "representedParty", l.status, l.error_type as "errorType"
        from exchange_log l
        where ${sql.join(conditions, sql` and `)}
        order by l.at desc, l.node desc, l.seq desc
        limit ${query.limit}`;
}

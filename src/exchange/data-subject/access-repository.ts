import { sql, type SQL } from 'drizzle-orm';
import { rows, type Sql } from '../../db/database.ts';

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
 * The partial index on (data_subject, at) finds them; `from`/`to` prune day partitions.
 */
export async function selectAccesses(q: Sql, query: AccessesQuery): Promise<AccessRecordRow[]> {
  const found = await rows<Omit<AccessRecordRow, 'status'> & { status: number | string }>(q, accessesStatement(query));
  return found.map((r) => ({ ...r, status: Number(r.status) }));
}

export interface AccessesQuery {
  subject: string;
  from?: string;
  to?: string;
  after?: AccessCursor;
  limit: number;
}

/** The statement `selectAccesses` runs; its test reads the plan (the data-subject index, one scan). */
export function accessesStatement(query: AccessesQuery): SQL {
  const conditions: SQL[] = [
    sql`l.data_subject = ${query.subject}`,
    // A forwarded call has an intent record (status 0) and then its outcome: list it once, by
    // the outcome; an intent whose outcome could not be written is listed as it stands.
    sql`not (l.status = 0 and exists (select 1 from exchange_log o where o.node = l.node and o.message_id = l.message_id and o.seq > l.seq and o.at >= l.at))`,
  ];
  if (query.from !== undefined) conditions.push(sql`l.at >= ${query.from}::timestamptz`);
  if (query.to !== undefined) conditions.push(sql`l.at < ${query.to}::timestamptz`);
  if (query.after) {
    const { at, node, seq } = query.after;
    // The first condition lets the index bound the scan; the row comparison breaks ties.
    conditions.push(sql`l.at <= ${at}::timestamptz`, sql`(l.at, l.node, l.seq) < (${at}::timestamptz, ${node}::text, ${seq}::bigint)`);
  }
  return sql`select to_char(l.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at, l.node, l.seq::text as seq,
               l.message_id as "messageId", l.consumer, l.service, l.method, l.endpoint, l.purpose, l.user_id as "userId", l.represented_party as "representedParty", l.status, l.error_type as "errorType"
        from exchange_log l
        where ${sql.join(conditions, sql` and `)}
        order by l.at desc, l.node desc, l.seq desc
        limit ${query.limit}`;
}

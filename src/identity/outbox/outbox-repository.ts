import { sql } from 'drizzle-orm';
import { rows, type Sql } from '../../db/database.ts';
import type { Channel, OutgoingMessage } from './sender.ts';

export interface NewMessage {
  channel: Channel;
  recipient: string;
  subject?: string | null;
  body: string;
  purpose: string;
}

export type MessageStatus = 'queued' | 'sending' | 'sent' | 'failed';

export interface MessageState {
  id: number;
  status: MessageStatus;
  attempts: number;
  lastError: string | null;
  providerId: string | null;
  createdAt: string;
  sentAt: string | null;
}

/**
 * Queues a message in `q`'s transaction: it is sent only if the change that needs it commits,
 * and a change that commits always has its message queued.
 */
export async function enqueueMessage(q: Sql, m: NewMessage): Promise<number> {
  const [row] = await rows<{ id: string | number }>(
    q,
    sql`insert into message_outbox (channel, recipient, subject, body, purpose) values (${m.channel}, ${m.recipient}, ${m.subject ?? null}, ${m.body}, ${m.purpose}) returning id`,
  );
  return Number(row!.id);
}

/**
 * Claims up to `limit` due messages for this node for `leaseMs`: queued ones whose time has come,
 * and ones another node claimed and did not finish before its lease ran out. Rows another
 * transaction is claiming are skipped, so two nodes never claim one message at once.
 */
export async function claimDueMessages(q: Sql, limit: number, leaseMs: number): Promise<(OutgoingMessage & { attempts: number })[]> {
  const found = await rows<OutgoingMessage & { id: string | number; attempts: number | string }>(
    q,
    sql`update message_outbox
          set status = 'sending', attempts = attempts + 1, locked_until = now() + ${leaseMs} * interval '1 millisecond'
        where id in (
          select id from message_outbox
           where status in ('queued', 'sending') and next_attempt_at <= now() and (locked_until is null or locked_until <= now())
           order by next_attempt_at, id
           limit ${limit}
           for update skip locked)
        returning id, channel, recipient, subject, body, purpose, attempts`,
  );
  return found.map((r) => ({ ...r, id: Number(r.id), attempts: Number(r.attempts) }));
}

/** Sent: the body (a one-time code) is erased; what was sent to whom, when and why stays. */
export async function markSent(q: Sql, id: number, providerId: string | undefined): Promise<void> {
  await q.execute(sql`update message_outbox set status = 'sent', sent_at = now(), provider_id = ${providerId ?? null}, body = '', locked_until = null, last_error = null where id = ${id}`);
}

export async function markRetry(q: Sql, id: number, error: string, delayMs: number): Promise<void> {
  await q.execute(sql`update message_outbox set status = 'queued', next_attempt_at = now() + ${delayMs} * interval '1 millisecond', locked_until = null, last_error = ${error.slice(0, 1000)} where id = ${id}`);
}

/** Given up: the body is erased as for a sent message; the last error says why. */
export async function markFailed(q: Sql, id: number, error: string): Promise<void> {
  await q.execute(sql`update message_outbox set status = 'failed', body = '', locked_until = null, last_error = ${error.slice(0, 1000)} where id = ${id}`);
}

export async function selectMessageState(q: Sql, id: number): Promise<MessageState | undefined> {
  const [row] = await rows<Omit<MessageState, 'id' | 'attempts'> & { id: string | number; attempts: string | number }>(
    q,
    sql`select id, status, attempts, last_error as "lastError", provider_id as "providerId",
               to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "createdAt",
               to_char(sent_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "sentAt"
          from message_outbox where id = ${id}`,
  );
  return row ? { ...row, id: Number(row.id), attempts: Number(row.attempts) } : undefined;
}

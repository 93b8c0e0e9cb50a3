import { sql } from 'drizzle-orm';
import { rows, type Sql } from '../../db/database.ts';

export type CodePurpose = 'registration' | 'sign_in' | 'password_reset' | 'mobile_change';

/** Whom a code was sent for: an account, or a registration not yet an account. */
export type CodeOwner = { accountId: string } | { registrationId: string };

export interface CodeRow {
  id: string;
  purpose: CodePurpose;
  accountId: string | null;
  registrationId: string | null;
  mobile: string;
  codeHash: string;
  attempts: number;
  expired: boolean;
  consumed: boolean;
}

export async function insertCode(q: Sql, c: { id: string; purpose: CodePurpose; owner: CodeOwner; mobile: string; codeHash: string; lifetimeSeconds: number }): Promise<void> {
  const accountId = 'accountId' in c.owner ? c.owner.accountId : null;
  const registrationId = 'registrationId' in c.owner ? c.owner.registrationId : null;
  await q.execute(
    sql`insert into one_time_codes (id, purpose, account_id, registration_id, mobile, code_hash, expires_at)
        values (${c.id}, ${c.purpose}, ${accountId}, ${registrationId}, ${c.mobile}, ${c.codeHash}, now() + make_interval(secs => ${c.lifetimeSeconds}))`,
  );
}

/** The code row, locked for this transaction so two tries of one code are counted one after the other. */
export async function lockCode(q: Sql, id: string): Promise<CodeRow | undefined> {
  const [row] = await rows<CodeRow>(
    q,
    sql`select id, purpose, account_id as "accountId", registration_id as "registrationId", mobile, code_hash as "codeHash", attempts,
               expires_at <= now() as expired, consumed_at is not null as consumed
        from one_time_codes where id = ${id} for update`,
  );
  return row;
}

export async function countAttempt(q: Sql, id: string): Promise<void> {
  await q.execute(sql`update one_time_codes set attempts = attempts + 1 where id = ${id}`);
}

export async function consumeCode(q: Sql, id: string): Promise<void> {
  await q.execute(sql`update one_time_codes set consumed_at = now(), attempts = attempts + 1 where id = ${id}`);
}

/** Codes sent for this owner and purpose in the last `withinSeconds`: bounds SMS per person. */
export async function countRecentCodes(q: Sql, owner: CodeOwner, purpose: CodePurpose, withinSeconds: number): Promise<number> {
  const who = 'accountId' in owner ? sql`account_id = ${owner.accountId}` : sql`registration_id = ${owner.registrationId}`;
  const [row] = await rows<{ n: number | string }>(
    q,
    sql`select count(*) as n from one_time_codes where ${who} and purpose = ${purpose} and created_at > now() - make_interval(secs => ${withinSeconds})`,
  );
  return Number(row?.n ?? 0);
}

/** An earlier code of the same owner and purpose stops working when a new one is sent. */
export async function retireOpenCodes(q: Sql, owner: CodeOwner, purpose: CodePurpose): Promise<void> {
  const who = 'accountId' in owner ? sql`account_id = ${owner.accountId}` : sql`registration_id = ${owner.registrationId}`;
  await q.execute(sql`update one_time_codes set consumed_at = now() where ${who} and purpose = ${purpose} and consumed_at is null`);
}

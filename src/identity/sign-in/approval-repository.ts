import { sql } from 'drizzle-orm';
import { rows, type Sql } from '../../db/database.ts';

export type ApprovalStatus = 'pending' | 'approved' | 'denied' | 'used';

export interface ApprovalRow {
  id: string;
  accountId: string | null;
  number: number;
  choices: number[];
  status: ApprovalStatus;
  expired: boolean;
  /** Seconds the request has left. */
  secondsLeft: number;
}

const columns = sql`id, account_id as "accountId", number, choices, status, expires_at <= now() as expired,
  greatest(0, ceil(extract(epoch from (expires_at - now()))))::int as "secondsLeft"`;

export async function insertApproval(
  q: Sql,
  a: { id: string; accountId: string | null; waiterHash: string; linkHash: string; number: number; choices: readonly number[]; lifetimeSeconds: number },
): Promise<void> {
  await q.execute(
    sql`insert into sign_in_approvals (id, account_id, waiter_hash, link_hash, number, choices, expires_at)
        values (${a.id}, ${a.accountId}, ${a.waiterHash}, ${a.linkHash}, ${a.number}, ${`{${a.choices.join(',')}}`}::smallint[], now() + make_interval(secs => ${a.lifetimeSeconds}))`,
  );
}

/** The request the new device is waiting on, found by its cookie's hash; locked so it is used once. */
export async function lockApprovalByWaiter(q: Sql, waiterHash: string): Promise<ApprovalRow | undefined> {
  const [row] = await rows<ApprovalRow>(q, sql`select ${columns} from sign_in_approvals where waiter_hash = ${waiterHash} for update`);
  return row;
}

export async function findApprovalByLink(q: Sql, linkHash: string): Promise<ApprovalRow | undefined> {
  const [row] = await rows<ApprovalRow>(q, sql`select ${columns} from sign_in_approvals where link_hash = ${linkHash}`);
  return row;
}

/** A request of this account only: one person's requests are never another's to approve. */
export async function lockAccountApproval(q: Sql, id: string, accountId: string): Promise<ApprovalRow | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  const [row] = await rows<ApprovalRow>(q, sql`select ${columns} from sign_in_approvals where id = ${id} and account_id = ${accountId} for update`);
  return row;
}

export async function pendingApprovals(q: Sql, accountId: string): Promise<ApprovalRow[]> {
  return rows<ApprovalRow>(
    q,
    sql`select ${columns} from sign_in_approvals where account_id = ${accountId} and status = 'pending' and expires_at > now() order by created_at desc limit 5`,
  );
}

export async function setApprovalStatus(q: Sql, id: string, status: ApprovalStatus): Promise<void> {
  await q.execute(sql`update sign_in_approvals set status = ${status}, decided_at = coalesce(decided_at, now()) where id = ${id}`);
}

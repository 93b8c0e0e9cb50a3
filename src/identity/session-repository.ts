import { sql } from 'drizzle-orm';
import { rows, type Sql } from '../db/database.ts';
import type { StaffRole } from '../core/access.ts';

/** A live session with what the pages need about its staff member. */
export interface SessionRow {
  id: string;
  csrfToken: string;
  staffId: string;
  staffName: string;
  role: StaffRole;
  agencyCode: string | null;
  expiresAt: string;
}

/** The live token behind a hash, so a session can be bound to it (and die with it). */
export async function findLiveTokenId(q: Sql, tokenHash: string): Promise<string | undefined> {
  const [row] = await rows<{ id: string }>(
    q,
    sql`select t.id from api_tokens t join staff s on s.id = t.staff_id
        where t.token_hash = ${tokenHash} and t.revoked_at is null and (t.expires_at is null or t.expires_at > now()) and s.disabled_at is null`,
  );
  return row?.id;
}

export async function insertSession(q: Sql, s: { id: string; staffId: string; apiTokenId: string; csrfToken: string; lifetimeSeconds: number }): Promise<void> {
  await q.execute(
    sql`insert into staff_sessions (id, staff_id, api_token_id, csrf_token, expires_at)
        values (${s.id}, ${s.staffId}, ${s.apiTokenId}, ${s.csrfToken}, now() + make_interval(secs => ${s.lifetimeSeconds}))`,
  );
}

/** A session that is unexpired and unrevoked, whose token is still live and whose account is enabled. */
export async function findLiveSession(q: Sql, id: string): Promise<SessionRow | undefined> {
  const [row] = await rows<SessionRow>(
    q,
    sql`select ss.id, ss.csrf_token as "csrfToken", s.id as "staffId", s.name as "staffName", s.role, s.agency_code as "agencyCode", ss.expires_at::text as "expiresAt"
        from staff_sessions ss
        join staff s on s.id = ss.staff_id
        join api_tokens t on t.id = ss.api_token_id
        where ss.id = ${id} and ss.revoked_at is null and ss.expires_at > now()
          and s.disabled_at is null and t.revoked_at is null and (t.expires_at is null or t.expires_at > now())`,
  );
  return row;
}

export async function revokeSessionRow(q: Sql, id: string): Promise<boolean> {
  const r = await rows<{ id: string }>(q, sql`update staff_sessions set revoked_at = now() where id = ${id} and revoked_at is null returning id`);
  return r.length > 0;
}

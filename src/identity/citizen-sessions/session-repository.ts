import { sql } from 'drizzle-orm';
import { rows, type Sql } from '../../db/database.ts';

export interface CitizenSessionRow {
  id: string;
  accountId: string;
  csrfToken: string;
  acr: string;
  amr: string[];
  secondFactorPending: boolean;
  /** When the person last proved who they are (OpenID Connect's `auth_time`), ISO 8601. */
  authTime: string;
  expiresAt: string;
  /** The profile this session acts for (src/identity/profiles/); null: the person themself. */
  activeProfileId: string | null;
}

const columns = sql`cs.id, cs.account_id as "accountId", cs.csrf_token as "csrfToken", cs.acr, cs.amr,
  cs.second_factor_pending as "secondFactorPending", to_char(cs.auth_time at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "authTime", cs.expires_at::text as "expiresAt",
  cs.active_profile_id as "activeProfileId"`;

export async function insertCitizenSession(
  q: Sql,
  s: { id: string; accountId: string; csrfToken: string; acr: string; amr: readonly string[]; secondFactorPending: boolean; lifetimeSeconds: number },
): Promise<void> {
  await q.execute(
    sql`insert into citizen_sessions (id, account_id, csrf_token, acr, amr, second_factor_pending, expires_at)
        values (${s.id}, ${s.accountId}, ${s.csrfToken}, ${s.acr}, ${`{${s.amr.join(',')}}`}::text[], ${s.secondFactorPending}, now() + make_interval(secs => ${s.lifetimeSeconds}))`,
  );
}

/** An unexpired, unrevoked session of an enabled account. */
export async function findLiveCitizenSession(q: Sql, id: string): Promise<CitizenSessionRow | undefined> {
  const [row] = await rows<CitizenSessionRow>(
    q,
    sql`select ${columns} from citizen_sessions cs join accounts a on a.id = cs.account_id
        where cs.id = ${id} and cs.revoked_at is null and cs.expires_at > now() and a.disabled_at is null`,
  );
  return row;
}

/** The second factor was passed: the session is signed in, with its stronger `acr`/`amr`. */
export async function completeSecondFactorRow(q: Sql, id: string, acr: string, amr: readonly string[]): Promise<boolean> {
  const r = await rows<{ id: string }>(
    q,
    sql`update citizen_sessions set second_factor_pending = false, acr = ${acr}, amr = ${`{${amr.join(',')}}`}::text[], auth_time = now()
        where id = ${id} and second_factor_pending and revoked_at is null and expires_at > now() returning id`,
  );
  return r.length > 0;
}

export async function revokeCitizenSessionRow(q: Sql, id: string): Promise<boolean> {
  const r = await rows<{ id: string }>(q, sql`update citizen_sessions set revoked_at = now() where id = ${id} and revoked_at is null returning id`);
  return r.length > 0;
}

/** "Sign out everywhere", and what a password reset does. Returns how many were live. */
export async function revokeAccountSessionRows(q: Sql, accountId: string): Promise<number> {
  const r = await rows<{ id: string }>(q, sql`update citizen_sessions set revoked_at = now() where account_id = ${accountId} and revoked_at is null returning id`);
  return r.length;
}

import { sql } from 'drizzle-orm';
import { rows, type Sql } from '../db/database.ts';
import type { StaffRole } from '../core/access.ts';

export interface StaffRow {
  id: string;
  name: string;
  role: StaffRole;
  agencyCode: string | null;
  createdAt: string;
  disabledAt: string | null;
}

const staffColumns = sql`id, name, role, agency_code as "agencyCode", created_at::text as "createdAt", disabled_at::text as "disabledAt"`;

export async function insertStaff(q: Sql, s: { id: string; name: string; role: StaffRole; agencyCode: string | null }): Promise<StaffRow> {
  const [row] = await rows<StaffRow>(q, sql`insert into staff (id, name, role, agency_code) values (${s.id}, ${s.name}, ${s.role}, ${s.agencyCode}) returning ${staffColumns}`);
  return row!;
}

export async function listStaff(q: Sql): Promise<StaffRow[]> {
  return rows<StaffRow>(q, sql`select ${staffColumns} from staff order by created_at, id`);
}

export async function findStaff(q: Sql, id: string): Promise<StaffRow | undefined> {
  return (await rows<StaffRow>(q, sql`select ${staffColumns} from staff where id = ${id}`))[0];
}

/** Names of these staff accounts, disabled ones included (they still acted); unknown ids are left out. */
export async function selectStaffNames(q: Sql, ids: readonly string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const found = await rows<{ id: string; name: string }>(q, sql`select id, name from staff where id in (${sql.join([...new Set(ids)].map((id) => sql`${id}`), sql`, `)})`);
  return new Map(found.map((r) => [r.id, r.name]));
}

export async function insertToken(q: Sql, t: { id: string; staffId: string; tokenHash: string; label: string; expiresAt: string | null }): Promise<void> {
  await q.execute(sql`insert into api_tokens (id, staff_id, token_hash, label, expires_at) values (${t.id}, ${t.staffId}, ${t.tokenHash}, ${t.label}, ${t.expiresAt})`);
}

export async function revokeTokensOf(q: Sql, staffId: string): Promise<number> {
  const r = await rows<{ id: string }>(q, sql`update api_tokens set revoked_at = now() where staff_id = ${staffId} and revoked_at is null returning id`);
  return r.length;
}

/** The staff member behind a live token, touching its last use at most once an hour. */
export async function findActiveStaffByTokenHash(q: Sql, tokenHash: string): Promise<StaffRow | undefined> {
  const [row] = await rows<StaffRow & { tokenId: string; stale: boolean }>(
    q,
    sql`select s.id, s.name, s.role, s.agency_code as "agencyCode", s.created_at::text as "createdAt", s.disabled_at::text as "disabledAt",
               t.id as "tokenId", (t.last_used_at is null or t.last_used_at < now() - interval '1 hour') as stale
        from api_tokens t join staff s on s.id = t.staff_id
        where t.token_hash = ${tokenHash} and t.revoked_at is null and (t.expires_at is null or t.expires_at > now()) and s.disabled_at is null`,
  );
  if (!row) return undefined;
  if (row.stale) await q.execute(sql`update api_tokens set last_used_at = now() where id = ${row.tokenId}`);
  const { tokenId: _t, stale: _s, ...staff } = row;
  return staff;
}

/** The enabled staff member whose account this is, if any. */
export async function findEnabledStaffByAccount(q: Sql, accountId: string): Promise<StaffRow | undefined> {
  return (await rows<StaffRow>(q, sql`select ${staffColumns} from staff where account_id = ${accountId} and disabled_at is null`))[0];
}

/** Links a staff row to a person's account; false when the staff member does not exist. */
export async function setStaffAccount(q: Sql, staffId: string, accountId: string | null): Promise<boolean> {
  const r = await rows<{ id: string }>(q, sql`update staff set account_id = ${accountId} where id = ${staffId} returning id`);
  return r.length > 0;
}

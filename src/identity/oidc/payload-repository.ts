import { sql } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';

/**
 * The only SQL on `oidc_payloads`. Hot statements (every token request runs several) go
 * through `runPrepared`, so PostgreSQL parses and plans each once per connection. Times are
 * epoch seconds, which both engines return as plain numbers.
 */
export interface PayloadRow {
  payload: Record<string, unknown>;
  consumed: number | null;
}

interface StoredRow {
  payload: string;
  consumed: number | null;
}

export interface PayloadWrite {
  kind: string;
  id: string;
  payload: Record<string, unknown>;
  grantId: string | null;
  uid: string | null;
  userCode: string | null;
  expiresIn: number | null;
}

export async function upsertPayload(db: Database, w: PayloadWrite): Promise<void> {
  await db.runPrepared(
    'oidc_upsert',
    sql`insert into oidc_payloads (kind, id, payload, grant_id, uid, user_code, expires_at)
        values (${w.kind}, ${w.id}, ${JSON.stringify(w.payload)}, ${w.grantId}, ${w.uid}, ${w.userCode},
                case when ${w.expiresIn}::integer is null then null else now() + make_interval(secs => ${w.expiresIn}::integer) end)
        on conflict (kind, id) do update set payload = excluded.payload, grant_id = excluded.grant_id, uid = excluded.uid,
          user_code = excluded.user_code, expires_at = excluded.expires_at`,
  );
}

const live = sql`(expires_at is null or expires_at > now())`;
const selected = sql`payload, extract(epoch from consumed_at)::integer as consumed`;

export async function findPayload(db: Database, kind: string, id: string): Promise<PayloadRow | undefined> {
  const [row] = await db.runPrepared<StoredRow>('oidc_find', sql`select ${selected} from oidc_payloads where kind = ${kind} and id = ${id} and ${live}`);
  return row && normalise(row);
}

export async function findPayloadByUid(db: Database, kind: string, uid: string): Promise<PayloadRow | undefined> {
  const [row] = await db.runPrepared<StoredRow>('oidc_find_uid', sql`select ${selected} from oidc_payloads where uid = ${uid} and kind = ${kind} and ${live}`);
  return row && normalise(row);
}

export async function findPayloadByUserCode(db: Database, kind: string, userCode: string): Promise<PayloadRow | undefined> {
  const [row] = await db.runPrepared<StoredRow>('oidc_find_user_code', sql`select ${selected} from oidc_payloads where user_code = ${userCode} and kind = ${kind} and ${live}`);
  return row && normalise(row);
}

export async function consumePayload(db: Database, kind: string, id: string): Promise<void> {
  await db.runPrepared('oidc_consume', sql`update oidc_payloads set consumed_at = now() where kind = ${kind} and id = ${id} and consumed_at is null`);
}

export async function destroyPayload(db: Database, kind: string, id: string): Promise<void> {
  await db.runPrepared('oidc_destroy', sql`delete from oidc_payloads where kind = ${kind} and id = ${id}`);
}

/** Every code and token of a grant (a reused refresh token, a revoked consent, a logout). */
export async function revokeGrantPayloads(db: Database, grantId: string): Promise<void> {
  await db.runPrepared('oidc_revoke_grant', sql`delete from oidc_payloads where grant_id = ${grantId}`);
}

/** Deletes up to `limit` rows that expired; returns how many went, so the sweeper can go on. */
export async function sweepExpiredPayloads(db: Database, limit: number): Promise<number> {
  const gone = await db.run((q) =>
    q.execute(sql`delete from oidc_payloads where (kind, id) in (select kind, id from oidc_payloads where expires_at < now() limit ${limit}) returning 1`),
  );
  return (gone as unknown as { rows: unknown[] }).rows.length;
}

function normalise(row: StoredRow): PayloadRow {
  return { payload: JSON.parse(row.payload) as Record<string, unknown>, consumed: row.consumed === null ? null : Number(row.consumed) };
}

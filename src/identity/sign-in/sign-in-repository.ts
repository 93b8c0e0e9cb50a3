import { sql } from 'drizzle-orm';
import { rows, type Sql } from '../../db/database.ts';

/** Where a request came from, as recorded with each event. */
export interface Client {
  address: string | null;
  userAgent: string | null;
}

export type EventKind =
  | 'sign_in'
  | 'second_factor'
  | 'code_sent'
  | 'sign_out'
  | 'password_set'
  | 'password_changed'
  | 'password_reset'
  | 'totp_enabled'
  | 'totp_disabled'
  | 'recovery_code_used'
  | 'approval_requested'
  | 'approval';

/** The user agent is cut short: it identifies a browser well enough, and is not worth kilobytes a row. */
const userAgentLimit = 200;

/** Awaited in the transaction of what it records (CONVENTIONS 10). */
export async function recordEvent(
  q: Sql,
  e: { accountId: string | null; kind: EventKind; outcome: 'success' | 'failure'; reason?: string | null; client: Client },
): Promise<void> {
  await q.execute(
    sql`insert into account_events (account_id, kind, outcome, reason, address, user_agent)
        values (${e.accountId}, ${e.kind}, ${e.outcome}, ${e.reason ?? null}, ${e.client.address?.slice(0, 64) ?? null}, ${e.client.userAgent?.slice(0, userAgentLimit) ?? null})`,
  );
}

/**
 * A password sign-in's success event, written only while the account (locked for the rest of
 * the transaction) still has `verifiedHash` and is not locked out; returns its failure count
 * then, or undefined (nothing written) when either changed. One statement where a lock, a
 * re-read and an insert would be three: this is the hot path of every password sign-in.
 */
export async function recordPasswordSuccess(q: Sql, accountId: string, verifiedHash: string, e: { reason: string; client: Client }): Promise<{ failedSignIns: number } | undefined> {
  const [row] = await rows<{ failedSignIns: number }>(
    q,
    sql`with a as (select failed_sign_ins from accounts where id = ${accountId} and password_hash = ${verifiedHash} and coalesce(locked_until, now()) <= now() for update),
        e as (insert into account_events (account_id, kind, outcome, reason, address, user_agent)
              select ${accountId}, 'sign_in', 'success', ${e.reason}, ${e.client.address?.slice(0, 64) ?? null}, ${e.client.userAgent?.slice(0, userAgentLimit) ?? null} from a)
        select failed_sign_ins as "failedSignIns" from a`,
  );
  return row;
}

/**
 * A wrong password (or one right for a hash the account no longer has), in one statement: the
 * account locked for it, the failure counted and the lock set by `lockTable` (the lock in seconds
 * after the n-th consecutive failure at index n, its last entry for every later one), and the
 * event written; unless the account was already locked, when only the event is written. One
 * statement, like the event of an unknown identifier, so the two take alike.
 */
export async function recordPasswordFailure(
  q: Sql,
  accountId: string,
  e: { reason: string; client: Client; lockTable: readonly number[] },
): Promise<{ lockedSeconds: number; lockSeconds: number }> {
  const table = `{${e.lockTable.join(',')}}`;
  const [row] = await rows<{ lockedSeconds: number; lockSeconds: number | null }>(
    q,
    sql`with a as (select id, failed_sign_ins as failed, greatest(0, ceil(extract(epoch from (coalesce(locked_until, now()) - now()))))::int as locked
                   from accounts where id = ${accountId} for update),
        t as (select (${table}::int[])[least(a.failed + 1, ${e.lockTable.length}::int)] as lock from a),
        c as (update accounts set failed_sign_ins = a.failed + 1,
                locked_until = case when t.lock > 0 then now() + make_interval(secs => t.lock) else accounts.locked_until end
              from a, t where accounts.id = a.id and a.locked = 0 returning t.lock),
        e as (insert into account_events (account_id, kind, outcome, reason, address, user_agent)
              select a.id, 'sign_in', 'failure', case when a.locked > 0 then 'locked' else ${e.reason} end,
                     ${e.client.address?.slice(0, 64) ?? null}, ${e.client.userAgent?.slice(0, userAgentLimit) ?? null} from a)
        select a.locked as "lockedSeconds", (select lock from c) as "lockSeconds" from a`,
  );
  return { lockedSeconds: row?.lockedSeconds ?? 0, lockSeconds: row?.lockSeconds ?? 0 };
}

export interface AccountEvent {
  kind: EventKind;
  outcome: 'success' | 'failure';
  reason: string | null;
  address: string | null;
  userAgent: string | null;
  at: string;
}

export async function recentEvents(q: Sql, accountId: string, limit: number): Promise<AccountEvent[]> {
  return rows<AccountEvent>(
    q,
    sql`select kind, outcome, reason, address, user_agent as "userAgent", to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as at
        from account_events where account_id = ${accountId} order by at desc, id desc limit ${limit}`,
  );
}

/** What sign-in needs of an account, beyond `AccountRow`: its secrets and lockout state. */
export interface SignInState {
  id: string;
  passwordHash: string | null;
  totpSecret: string | null;
  totpEnabled: boolean;
  totpLastStep: number | null;
  failedSignIns: number;
  /** Whole seconds until the lockout ends; 0 when not locked. */
  lockedSeconds: number;
  assurance: 1 | 2;
  disabled: boolean;
}

const stateColumns = sql`id, password_hash as "passwordHash", totp_secret as "totpSecret", totp_enabled_at is not null as "totpEnabled",
  totp_last_step::float8 as "totpLastStep", failed_sign_ins as "failedSignIns",
  greatest(0, ceil(extract(epoch from (coalesce(locked_until, now()) - now()))))::int as "lockedSeconds", assurance, disabled_at is not null as disabled`;

/** The account's sign-in state, locked for this transaction so concurrent failures are all counted. */
export async function lockSignInState(q: Sql, accountId: string): Promise<SignInState | undefined> {
  const [row] = await rows<SignInState>(q, sql`select ${stateColumns} from accounts where id = ${accountId} for update`);
  return row;
}

/** The sign-in state of the account with this identifier, and whether its mobile was proven (`usable`). */
export async function readSignInStateByIdentifier(q: Sql, identifierType: string, identifier: string): Promise<(SignInState & { mobileVerified: boolean }) | undefined> {
  const [row] = await rows<SignInState & { mobileVerified: boolean }>(
    q,
    sql`select ${stateColumns}, mobile_verified_at is not null as "mobileVerified" from accounts where identifier_type = ${identifierType} and identifier = ${identifier}`,
  );
  return row;
}

export async function readSignInState(q: Sql, accountId: string): Promise<SignInState | undefined> {
  const [row] = await rows<SignInState>(q, sql`select ${stateColumns} from accounts where id = ${accountId}`);
  return row;
}

/** One more failure; `lockSeconds` > 0 locks the account from now for that long. */
export async function countFailure(q: Sql, accountId: string, lockSeconds: number): Promise<void> {
  await q.execute(
    sql`update accounts set failed_sign_ins = failed_sign_ins + 1,
        locked_until = case when ${lockSeconds}::int > 0 then now() + make_interval(secs => ${lockSeconds}::int) else locked_until end
        where id = ${accountId}`,
  );
}

export async function clearFailures(q: Sql, accountId: string): Promise<void> {
  await q.execute(sql`update accounts set failed_sign_ins = 0, locked_until = null where id = ${accountId} and (failed_sign_ins <> 0 or locked_until is not null)`);
}

export async function storePasswordHash(q: Sql, accountId: string, hash: string): Promise<void> {
  await q.execute(sql`update accounts set password_hash = ${hash}, password_changed_at = now(), updated_at = now() where id = ${accountId}`);
}

/** A re-hash at today's parameters of the same password: not a change the person made. */
export async function replacePasswordHash(q: Sql, accountId: string, oldHash: string, newHash: string): Promise<void> {
  await q.execute(sql`update accounts set password_hash = ${newHash} where id = ${accountId} and password_hash = ${oldHash}`);
}

/** An enrolment under way: the secret is kept but does not count until confirmed. */
export async function storePendingTotpSecret(q: Sql, accountId: string, secret: string): Promise<void> {
  await q.execute(sql`update accounts set totp_secret = ${secret}, totp_enabled_at = null, totp_last_step = null, updated_at = now() where id = ${accountId} and totp_enabled_at is null`);
}

export async function enableTotp(q: Sql, accountId: string, step: number): Promise<void> {
  await q.execute(sql`update accounts set totp_enabled_at = now(), totp_last_step = ${step}, updated_at = now() where id = ${accountId}`);
}

export async function disableTotp(q: Sql, accountId: string): Promise<void> {
  await q.execute(sql`update accounts set totp_secret = null, totp_enabled_at = null, totp_last_step = null, updated_at = now() where id = ${accountId}`);
  await q.execute(sql`delete from account_recovery_codes where account_id = ${accountId}`);
}

/** Moves the last used step forward; false when this step (or a later one) was already used. */
export async function useTotpStep(q: Sql, accountId: string, step: number): Promise<boolean> {
  const r = await rows<{ id: string }>(q, sql`update accounts set totp_last_step = ${step} where id = ${accountId} and (totp_last_step is null or totp_last_step < ${step}) returning id`);
  return r.length > 0;
}

export async function replaceRecoveryCodes(q: Sql, accountId: string, hashes: readonly string[]): Promise<void> {
  await q.execute(sql`delete from account_recovery_codes where account_id = ${accountId}`);
  for (const h of hashes) await q.execute(sql`insert into account_recovery_codes (account_id, code_hash) values (${accountId}, ${h})`);
}

/** Uses a recovery code once; false when it is not this account's or was used. */
export async function useRecoveryCode(q: Sql, accountId: string, hash: string): Promise<boolean> {
  const r = await rows<{ h: string }>(q, sql`update account_recovery_codes set used_at = now() where account_id = ${accountId} and code_hash = ${hash} and used_at is null returning code_hash as h`);
  return r.length > 0;
}

export async function unusedRecoveryCodes(q: Sql, accountId: string): Promise<number> {
  const [row] = await rows<{ n: number }>(q, sql`select count(*)::int as n from account_recovery_codes where account_id = ${accountId} and used_at is null`);
  return row?.n ?? 0;
}

/**
 * The account a code sign-in names: whether it may sign in (`usable`), its mobile, and whether
 * it signed in from this very address in the last `familiarDays` (the code limits spare it).
 */
export async function codeSignInTarget(
  q: Sql,
  identifierType: string,
  identifier: string,
  address: string | null,
  familiarDays: number,
): Promise<{ id: string; mobile: string; usable: boolean; familiar: boolean } | undefined> {
  const [row] = await rows<{ id: string; mobile: string; usable: boolean; familiar: boolean }>(
    q,
    sql`select a.id, a.mobile, (a.disabled_at is null and a.mobile_verified_at is not null) as usable,
          (${address}::text is not null and exists (select 1 from account_events e where e.account_id = a.id and e.kind = 'sign_in' and e.outcome = 'success'
             and e.address = ${address?.slice(0, 64) ?? null} and e.at > now() - make_interval(days => ${familiarDays}::int))) as familiar
        from accounts a where a.identifier_type = ${identifierType} and a.identifier = ${identifier}`,
  );
  return row;
}

/** Whom a one-time code was sent to, whatever its state, for the failure event and the reset page. */
export async function codeAccount(q: Sql, codeId: string, purpose: string): Promise<string | null | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(codeId)) return undefined;
  const [row] = await rows<{ accountId: string | null }>(q, sql`select account_id as "accountId" from one_time_codes where id = ${codeId} and purpose = ${purpose}`);
  return row ? row.accountId : undefined;
}

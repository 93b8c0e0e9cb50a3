import { randomUUID } from 'node:crypto';
import type { Database, Sql } from '../../db/database.ts';
import type { ErrorCode } from '../../core/errors.ts';
import { AppError } from '../../core/errors.ts';
import type { Amr } from '../../core/assurance.ts';
import { findAccountById, type AccountRow, type IdentifierType } from '../accounts/index.ts';
import { completeSecondFactor, createCitizenSession, revokeAccountSessions, revokeCitizenSession, type CitizenSession } from '../citizen-sessions/index.ts';
import { hashPassword, needsRehash, verifyPassword } from '../credentials/index.ts';
import { checkCode, codesSentLastHour, sendCode, type CodeText } from '../one-time-codes/index.ts';
import { codeRequestLimits, type AddressThrottle } from './address-throttle.ts';
import { firstLockSeconds, freeFailures, lockSecondsAfter, longestLockSeconds } from './lockout.ts';
import { normalizeRecoveryCode, recoveryCodeHash } from './recovery-codes.ts';
import {
  clearFailures,
  codeAccount,
  countFailure,
  lockSignInState,
  readSignInStateByIdentifier,
  recordPasswordSuccess,
  recordPasswordFailure,
  codeSignInTarget,
  recordEvent,
  replacePasswordHash,
  useRecoveryCode,
  useTotpStep,
  type Client,
} from './sign-in-repository.ts';
import { matchTotp } from './totp.ts';

/** A refusal the page shows: a stable code, and how long to wait when that is the remedy. */
export type Refusal = { ok: false; code: ErrorCode; retryAfterSeconds?: number };
export type SignedIn = { ok: true; accountId: string; secret: string; secondFactorPending: boolean };

/** An account that may sign in at all: enabled, and its mobile proven (every registration proves it). */
export const usable = (a: AccountRow | undefined): a is AccountRow & { mobileVerifiedAt: string } => !!a && !a.disabled && a.mobileVerifiedAt !== null;

/**
 * Step one of signing in with a code: a code by SMS to the account's verified mobile. An unknown
 * identifier gets a code id like any other and no SMS, so the answer does not tell whether the
 * identifier has an account; typing a code for it is refused like a wrong code. The hourly
 * limits (`codeRequestLimits`) apply to every identifier alike, so their refusal tells nothing
 * either.
 */
export async function startCodeSignIn(
  db: Database,
  input: { identifierType: IdentifierType; identifier: string; text: CodeText; client: Client; throttle: Pick<AddressThrottle, 'takeCodeRequest'> },
): Promise<{ ok: true; codeId: string } | Refusal> {
  const account = await db.run((q) => codeSignInTarget(q, input.identifierType, input.identifier, input.client.address, codeRequestLimits.familiarDays));
  const wait = await input.throttle.takeCodeRequest(input.identifierType, input.identifier, input.client.address ?? undefined, account?.familiar ?? false);
  return db.transaction(async (tx) => {
    if (wait !== null) {
      // With the account when there is one: the person sees in their record that codes were asked for.
      await recordEvent(tx, { accountId: account?.id ?? null, kind: 'code_sent', outcome: 'failure', reason: 'too_many', client: input.client });
      return { ok: false, code: 'ONE_TIME_CODE_TOO_MANY', retryAfterSeconds: wait } as const;
    }
    if (!account?.usable) {
      await recordEvent(tx, { accountId: account?.id ?? null, kind: 'code_sent', outcome: 'failure', reason: account ? 'account_unusable' : 'unknown_identifier', client: input.client });
      return { ok: true, codeId: randomUUID() } as const;
    }
    // The buckets are what people meet; the codes table (on every node, surviving restarts) is
    // the phone's backstop when they forget. Answered like an unknown identifier.
    const most = codeRequestLimits.perIdentifier + codeRequestLimits.perIdentifierAndAddress;
    if ((await codesSentLastHour(tx, { accountId: account.id }, 'sign_in')) >= most) {
      await recordEvent(tx, { accountId: account.id, kind: 'code_sent', outcome: 'failure', reason: 'too_many', client: input.client });
      return { ok: true, codeId: randomUUID() } as const;
    }
    const sent = await sendCode(tx, { purpose: 'sign_in', owner: { accountId: account.id }, mobile: account.mobile, text: input.text, perHour: null });
    await recordEvent(tx, { accountId: account.id, kind: 'code_sent', outcome: 'success', reason: 'sign_in', client: input.client });
    return { ok: true, codeId: sent.codeId } as const;
  });
}

/** Step two: the code typed back. Right → a session (owing the second factor when TOTP is on). */
export async function finishCodeSignIn(db: Database, input: { codeId: string; code: string; client: Client }): Promise<SignedIn | Refusal> {
  return db.transaction(async (tx) => {
    const owner = await codeAccount(tx, input.codeId, 'sign_in');
    const checked = await checkCode(tx, { codeId: input.codeId, purpose: 'sign_in', code: input.code });
    if (!checked.ok) {
      await recordEvent(tx, { accountId: owner ?? null, kind: 'sign_in', outcome: 'failure', reason: `code_${checked.reason}`, client: input.client });
      // A code id that was never sent (an unknown identifier) reads as a wrong code, like a real one's first tries.
      return { ok: false, code: owner === undefined || checked.reason === 'invalid' ? 'ONE_TIME_CODE_INVALID' : 'ONE_TIME_CODE_EXPIRED' };
    }
    const accountId = 'accountId' in checked.owner ? checked.owner.accountId : null;
    const account = accountId ? await findAccountById(tx, accountId) : undefined;
    if (!usable(account)) {
      await recordEvent(tx, { accountId, kind: 'sign_in', outcome: 'failure', reason: 'account_unusable', client: input.client });
      return { ok: false, code: 'ONE_TIME_CODE_EXPIRED' };
    }
    // Possession of the phone proven: the lockout (of the password) is lifted, as the lockout docs promise.
    await clearFailures(tx, account.id);
    return signIn(tx, account, ['sms', 'otp'], input.client);
  });
}

type SigningIn = Pick<AccountRow, 'id' | 'assurance' | 'totpEnabled'>;

const successReason = (account: SigningIn, amr: Amr[]) => `${amr[0]}${account.totpEnabled ? '+second_factor_pending' : ''}`;

async function openSession(tx: Sql, account: SigningIn, amr: Amr[]): Promise<SignedIn> {
  const s = await createCitizenSession(tx, { accountId: account.id, accountAssurance: account.assurance, amr, secondFactorPending: account.totpEnabled });
  return { ok: true, accountId: account.id, secret: s.secret, secondFactorPending: account.totpEnabled };
}

/** Opens the session after a first factor (owing the second when the account has one) and records the sign-in. */
export async function signIn(tx: Sql, account: SigningIn, amr: Amr[], client: Client): Promise<SignedIn> {
  await recordEvent(tx, { accountId: account.id, kind: 'sign_in', outcome: 'success', reason: successReason(account, amr), client });
  return openSession(tx, account, amr);
}

/**
 * Verified instead of the account's hash whenever there is none to verify (unknown identifier,
 * unusable account, no password set) or the account is locked, so every answer costs one
 * argon2id verification and its time does not tell which case it was. Fixed, at today's
 * parameters (a test holds it to `passwordHashOptions`), so no request pays for making it; the
 * password behind it was random and thrown away.
 */
export const dummyPasswordHash = '$argon2id$v=19$m=19456,t=2,p=1$vpUoUwP3SbHQFEJMU2YsHg$lBRSgHIpV6/4k2FH3PacTPbBUni6+brcWjPiQt4r8Kc';

/** What `passwordSignIn` verifies with; a test passes its own to see which hash was checked. */
export type PasswordVerifier = (storedHash: string, password: string) => Promise<boolean>;

/** `lockSecondsAfter` as a table for SQL: index n (from 1) the lock after the n-th failure; the last holds for every later one. */
const lockTable = Array.from({ length: freeFailures + 1 + Math.ceil(Math.log2(longestLockSeconds / firstLockSeconds)) }, (_, i) => lockSecondsAfter(i + 1));

/** Signing in with a password, under the account's lockout. */
export async function passwordSignIn(
  db: Database,
  input: { identifierType: IdentifierType; identifier: string; password: string; client: Client },
  verify: PasswordVerifier = verifyPassword,
): Promise<SignedIn | Refusal> {
  // One read for the account and its lockout; no row is locked while the slow hash runs.
  const found = await db.run((q) => readSignInStateByIdentifier(q, input.identifierType, input.identifier));
  const state = found && !found.disabled && found.mobileVerified ? found : undefined;
  const locked = state !== undefined && state.lockedSeconds > 0;
  const checked = !locked && state?.passwordHash ? state.passwordHash : dummyPasswordHash;
  const right = (await verify(checked, input.password)) && checked !== dummyPasswordHash;
  const rehash = right && needsRehash(checked) ? await hashPassword(input.password) : null;
  if (!state) {
    await db.run((q) => recordEvent(q, { accountId: found?.id ?? null, kind: 'sign_in', outcome: 'failure', reason: found ? 'account_unusable' : 'unknown_identifier', client: input.client }));
    return { ok: false, code: 'SIGN_IN_FAILED' };
  }
  if (locked) {
    await db.run((q) => recordEvent(q, { accountId: state.id, kind: 'sign_in', outcome: 'failure', reason: 'locked', client: input.client }));
    return { ok: false, code: 'SIGN_IN_LOCKED', retryAfterSeconds: state.lockedSeconds };
  }
  if (right) {
    const signedIn = await db.transaction(async (tx) => {
      // The common case in one statement: the success recorded while the account, locked for
      // it, still has the hash just verified and is not locked (either may have changed while
      // the hash ran). Otherwise nothing is written, and it is a failure below.
      const opened = await recordPasswordSuccess(tx, state.id, checked, { reason: successReason(state, ['pwd']), client: input.client });
      if (!opened) return null;
      if (rehash) await replacePasswordHash(tx, state.id, checked, rehash);
      if (opened.failedSignIns > 0) await clearFailures(tx, state.id);
      return openSession(tx, state, ['pwd']);
    });
    if (signedIn) return signedIn;
  }
  // A wrong password, one right for a hash the account no longer has, or an account locked by
  // a concurrent failure while the hash ran: one statement, as for an unknown identifier.
  const failed = await db.run((q) => recordPasswordFailure(q, state.id, { reason: state.passwordHash ? 'wrong_password' : 'no_password', client: input.client, lockTable }));
  if (failed.lockedSeconds > 0) return { ok: false, code: 'SIGN_IN_LOCKED', retryAfterSeconds: failed.lockedSeconds };
  return failed.lockSeconds > 0 ? { ok: false, code: 'SIGN_IN_LOCKED', retryAfterSeconds: failed.lockSeconds } : { ok: false, code: 'SIGN_IN_FAILED' };
}

/**
 * The second factor owed by a session: a current TOTP code (each step once) or an unused
 * recovery code. Wrong answers count towards the account's lockout; once it locks, the session
 * owing the factor is revoked and the person starts again.
 */
export async function passSecondFactor(db: Database, input: { session: CitizenSession; code: string; client: Client; nowSeconds: number }): Promise<{ ok: true } | Refusal> {
  return db.transaction(async (tx) => {
    const state = await lockSignInState(tx, input.session.accountId);
    if (!state || state.disabled || !state.totpEnabled || !input.session.secondFactorPending) throw new AppError('UNAUTHENTICATED');
    if (state.lockedSeconds > 0) {
      await revokeCitizenSession(tx, input.session.id);
      await recordEvent(tx, { accountId: state.id, kind: 'second_factor', outcome: 'failure', reason: 'locked', client: input.client });
      return { ok: false, code: 'SIGN_IN_LOCKED', retryAfterSeconds: state.lockedSeconds };
    }
    const typed = input.code.replace(/\s/g, '');
    let factor: 'totp' | 'recovery' | null = null;
    if (/^[0-9]{6}$/.test(typed)) {
      const step = state.totpSecret ? matchTotp(state.totpSecret, typed, input.nowSeconds, state.totpLastStep) : null;
      if (step !== null && (await useTotpStep(tx, state.id, step))) factor = 'totp';
    } else {
      const recovery = normalizeRecoveryCode(typed);
      if (recovery && (await useRecoveryCode(tx, state.id, recoveryCodeHash(recovery)))) factor = 'recovery';
    }
    if (!factor) {
      const lock = lockSecondsAfter(state.failedSignIns + 1);
      await countFailure(tx, state.id, lock);
      await recordEvent(tx, { accountId: state.id, kind: 'second_factor', outcome: 'failure', reason: 'wrong_code', client: input.client });
      if (lock > 0) {
        await revokeCitizenSession(tx, input.session.id);
        return { ok: false, code: 'SIGN_IN_LOCKED', retryAfterSeconds: lock };
      }
      return { ok: false, code: 'SECOND_FACTOR_INVALID' };
    }
    // RFC 8176 has no value for a recovery code; it is a one-time code, so `otp`.
    if (!(await completeSecondFactor(tx, input.session, state.assurance, 'otp'))) throw new AppError('UNAUTHENTICATED');
    await clearFailures(tx, state.id);
    if (factor === 'recovery') await recordEvent(tx, { accountId: state.id, kind: 'recovery_code_used', outcome: 'success', client: input.client });
    await recordEvent(tx, { accountId: state.id, kind: 'second_factor', outcome: 'success', reason: factor, client: input.client });
    return { ok: true };
  });
}

/** Signing out of this browser, or everywhere (every session of the account). */
export async function signOut(db: Database, input: { sessionId: string; accountId: string; everywhere: boolean; client: Client }): Promise<void> {
  await db.transaction(async (tx) => {
    if (input.everywhere) await revokeAccountSessions(tx, input.accountId);
    else await revokeCitizenSession(tx, input.sessionId);
    await recordEvent(tx, { accountId: input.accountId, kind: 'sign_out', outcome: 'success', reason: input.everywhere ? 'everywhere' : 'this_browser', client: input.client });
  });
}

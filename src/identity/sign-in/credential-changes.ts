import type { Database } from '../../db/database.ts';
import { AppError } from '../../core/errors.ts';
import { findAccountById } from '../accounts/index.ts';
import type { CitizenSession } from '../citizen-sessions/index.ts';
import { hashPassword, verifyPassword } from '../credentials/index.ts';
import { lockSecondsAfter } from './lockout.ts';
import { newPasswordRefusal } from './password-rules.ts';
import { newRecoveryCodes, normalizeRecoveryCode, recoveryCodeHash } from './recovery-codes.ts';
import {
  clearFailures,
  countFailure,
  disableTotp,
  enableTotp,
  lockSignInState,
  readSignInState,
  recordEvent,
  replaceRecoveryCodes,
  storePasswordHash,
  storePendingTotpSecret,
  useRecoveryCode,
  useTotpStep,
  type Client,
} from './sign-in-repository.ts';
import type { Refusal } from './sign-in.ts';
import { matchTotp, newTotpSecret } from './totp.ts';

/**
 * Setting a password where there is none needs a session that proved the phone recently (a
 * code sign-in in the last ten minutes): a browser left signed in is not enough to add a way in.
 */
export const freshSignInSeconds = 10 * 60;

/** Sets or changes the password: the current one when there is one, else a fresh code sign-in. */
export async function changePassword(
  db: Database,
  input: { session: CitizenSession; current: string; password: string; repeated: string; client: Client; nowMs: number },
): Promise<{ ok: true; kind: 'password_set' | 'password_changed' } | Refusal> {
  const accountId = input.session.accountId;
  const account = await db.run((q) => findAccountById(q, accountId));
  const state = await db.run((q) => readSignInState(q, accountId));
  if (!account || !state) throw new AppError('UNAUTHENTICATED');
  if (state.lockedSeconds > 0) return { ok: false, code: 'SIGN_IN_LOCKED', retryAfterSeconds: state.lockedSeconds };
  if (state.passwordHash) {
    if (!(await verifyPassword(state.passwordHash, input.current))) {
      await db.transaction(async (tx) => {
        const now = (await lockSignInState(tx, accountId))!;
        await countFailure(tx, accountId, lockSecondsAfter(now.failedSignIns + 1));
        await recordEvent(tx, { accountId, kind: 'password_changed', outcome: 'failure', reason: 'wrong_current_password', client: input.client });
      });
      return { ok: false, code: 'PASSWORD_CURRENT_WRONG' };
    }
  } else {
    const fresh = input.session.amr.includes('sms') && input.nowMs - Date.parse(input.session.authTime) <= freshSignInSeconds * 1000;
    if (!fresh) return { ok: false, code: 'REAUTHENTICATION_REQUIRED' };
  }
  const refusal = newPasswordRefusal(account, input.password, input.repeated);
  if (refusal) return { ok: false, code: refusal };
  const hash = await hashPassword(input.password);
  const kind = state.passwordHash ? 'password_changed' : 'password_set';
  await db.transaction(async (tx) => {
    await storePasswordHash(tx, accountId, hash);
    await clearFailures(tx, accountId);
    await recordEvent(tx, { accountId, kind, outcome: 'success', client: input.client });
  });
  return { ok: true, kind };
}

/** Step one of setting up an authenticator app: a new secret, kept but not yet in force. */
export async function startTotpEnrolment(db: Database, accountId: string): Promise<{ secret: string }> {
  return db.transaction(async (tx) => {
    const state = await lockSignInState(tx, accountId);
    if (!state) throw new AppError('UNAUTHENTICATED');
    if (state.totpEnabled) throw new AppError('TOTP_ALREADY_ENABLED');
    const secret = newTotpSecret();
    await storePendingTotpSecret(tx, accountId, secret);
    return { secret };
  });
}

/** The secret of an enrolment under way, to show it again with a mistake; null when there is none. */
export async function pendingTotpSecret(db: Database, accountId: string): Promise<string | null> {
  const state = await db.run((q) => readSignInState(q, accountId));
  return state && !state.totpEnabled ? state.totpSecret : null;
}

/** Step two: a code from the app proves it holds the secret; the recovery codes are returned once. */
export async function confirmTotpEnrolment(db: Database, input: { accountId: string; code: string; nowSeconds: number; client: Client }): Promise<{ ok: true; recoveryCodes: string[] } | Refusal> {
  return db.transaction(async (tx) => {
    const state = await lockSignInState(tx, input.accountId);
    if (!state) throw new AppError('UNAUTHENTICATED');
    if (state.totpEnabled) throw new AppError('TOTP_ALREADY_ENABLED');
    const step = state.totpSecret ? matchTotp(state.totpSecret, input.code.replace(/\s/g, ''), input.nowSeconds, null) : null;
    if (step === null) {
      await recordEvent(tx, { accountId: input.accountId, kind: 'totp_enabled', outcome: 'failure', reason: 'wrong_code', client: input.client });
      return { ok: false, code: 'TOTP_CODE_INVALID' } as const;
    }
    const recoveryCodes = newRecoveryCodes();
    await enableTotp(tx, input.accountId, step);
    await replaceRecoveryCodes(tx, input.accountId, recoveryCodes.map((c) => recoveryCodeHash(normalizeRecoveryCode(c)!)));
    await recordEvent(tx, { accountId: input.accountId, kind: 'totp_enabled', outcome: 'success', client: input.client });
    return { ok: true, recoveryCodes } as const;
  });
}

/** Turning the second factor off takes a current code from the app, or a recovery code when the phone is lost. */
export async function turnOffTotp(db: Database, input: { accountId: string; code: string; nowSeconds: number; client: Client }): Promise<{ ok: true } | Refusal> {
  return db.transaction(async (tx) => {
    const state = await lockSignInState(tx, input.accountId);
    if (!state) throw new AppError('UNAUTHENTICATED');
    if (!state.totpEnabled) throw new AppError('TOTP_NOT_ENABLED');
    if (state.lockedSeconds > 0) return { ok: false, code: 'SIGN_IN_LOCKED', retryAfterSeconds: state.lockedSeconds } as const;
    const typed = input.code.replace(/\s/g, '');
    const step = state.totpSecret && /^[0-9]{6}$/.test(typed) ? matchTotp(state.totpSecret, typed, input.nowSeconds, state.totpLastStep) : null;
    const recovery = step === null ? normalizeRecoveryCode(typed) : null;
    const ok = step !== null ? await useTotpStep(tx, state.id, step) : recovery ? await useRecoveryCode(tx, state.id, recoveryCodeHash(recovery)) : false;
    if (!ok) {
      await countFailure(tx, state.id, lockSecondsAfter(state.failedSignIns + 1));
      await recordEvent(tx, { accountId: state.id, kind: 'totp_disabled', outcome: 'failure', reason: 'wrong_code', client: input.client });
      return { ok: false, code: 'TOTP_CODE_INVALID' } as const;
    }
    await disableTotp(tx, state.id);
    await recordEvent(tx, { accountId: state.id, kind: 'totp_disabled', outcome: 'success', client: input.client });
    return { ok: true } as const;
  });
}

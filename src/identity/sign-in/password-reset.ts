import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/database.ts';
import { findAccountById, findAccountByIdentifier, type IdentifierType } from '../accounts/index.ts';
import { revokeAccountSessions } from '../citizen-sessions/index.ts';
import { hashPassword } from '../credentials/index.ts';
import { checkCode, codesSentLastHour, maxCodesPerHour, sendCode, type CodeText } from '../one-time-codes/index.ts';
import { newPasswordRefusal } from './password-rules.ts';
import { clearFailures, codeAccount, recordEvent, storePasswordHash, type Client } from './sign-in-repository.ts';
import type { Refusal } from './sign-in.ts';

/**
 * A forgotten password is replaced through the verified mobile: the person names their
 * identifier and their mobile, and a code goes to that mobile only when both match the account.
 * Otherwise the answer is the same and nothing is sent, so the form reveals neither accounts nor
 * their numbers. The new password ends every session of the account (whoever knew the old one
 * is signed out) and lifts the lockout.
 */
export async function startPasswordReset(db: Database, input: { identifierType: IdentifierType; identifier: string; mobile: string; text: CodeText; client: Client }): Promise<{ codeId: string }> {
  return db.transaction(async (tx) => {
    const account = await findAccountByIdentifier(tx, input.identifierType, input.identifier);
    if (!account || account.disabled || account.mobileVerifiedAt === null || account.mobile !== input.mobile) {
      await recordEvent(tx, { accountId: account?.id ?? null, kind: 'code_sent', outcome: 'failure', reason: account ? 'reset_mobile_mismatch' : 'unknown_identifier', client: input.client });
      return { codeId: randomUUID() };
    }
    // A full hour is answered like a mismatch, not with "too many": that answer would come only
    // for an identifier and mobile that belong together, and so tell a stranger that they do.
    if ((await codesSentLastHour(tx, { accountId: account.id }, 'password_reset')) >= maxCodesPerHour) {
      await recordEvent(tx, { accountId: account.id, kind: 'code_sent', outcome: 'failure', reason: 'too_many', client: input.client });
      return { codeId: randomUUID() };
    }
    const sent = await sendCode(tx, { purpose: 'password_reset', owner: { accountId: account.id }, mobile: account.mobile, text: input.text, perHour: null });
    await recordEvent(tx, { accountId: account.id, kind: 'code_sent', outcome: 'success', reason: 'password_reset', client: input.client });
    return sent;
  });
}

/** Thrown inside the transaction to undo a right code's use when the new password is refused. */
class KeepCode extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.code);
  }
}

/**
 * The code and the new password. What can be judged without the account (length, the common
 * list, the repeat) is judged first, for everyone alike; the password is hashed for everyone
 * alike; what needs the account (its names, its identifier) only once the code proved right, and
 * a refusal then undoes the code's use, so the person may try another password with it. A
 * refusal can therefore never tell a stranger whether an identifier and a mobile belong together.
 */
export async function finishPasswordReset(db: Database, input: { codeId: string; code: string; password: string; repeated: string; client: Client }): Promise<{ ok: true } | Refusal> {
  const alike = newPasswordRefusal(null, input.password, input.repeated);
  if (alike) return { ok: false, code: alike };
  const hash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      const owner = await codeAccount(tx, input.codeId, 'password_reset');
      const checked = await checkCode(tx, { codeId: input.codeId, purpose: 'password_reset', code: input.code });
      const account = checked.ok && 'accountId' in checked.owner ? await findAccountById(tx, checked.owner.accountId) : undefined;
      if (!checked.ok || !account) {
        await recordEvent(tx, { accountId: owner ?? null, kind: 'password_reset', outcome: 'failure', reason: checked.ok ? 'no_account' : `code_${checked.reason}`, client: input.client });
        // A code id never sent (no account, or not its mobile) reads as a wrong code, like a real one's first tries.
        return { ok: false, code: !checked.ok && checked.reason === 'expired' && owner !== undefined ? 'ONE_TIME_CODE_EXPIRED' : 'ONE_TIME_CODE_INVALID' } as const;
      }
      const refusal = newPasswordRefusal(account, input.password, input.repeated);
      if (refusal) throw new KeepCode({ ok: false, code: refusal });
      await storePasswordHash(tx, account.id, hash);
      await revokeAccountSessions(tx, account.id);
      await clearFailures(tx, account.id);
      await recordEvent(tx, { accountId: account.id, kind: 'password_reset', outcome: 'success', client: input.client });
      return { ok: true } as const;
    });
  } catch (error) {
    if (error instanceof KeepCode) return error.refusal;
    throw error;
  }
}

import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/database.ts';
import { findAccountById, findAccountByIdentifier, type IdentifierType } from '../accounts/index.ts';
import { revokeAccountSessions } from '../citizen-sessions/index.ts';
import { hashPassword } from '../credentials/index.ts';
import { checkCode, sendCode, type CodeText } from '../one-time-codes/index.ts';
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
    const sent = await sendCode(tx, { purpose: 'password_reset', owner: { accountId: account.id }, mobile: account.mobile, text: input.text });
    await recordEvent(tx, { accountId: account.id, kind: 'code_sent', outcome: 'success', reason: 'password_reset', client: input.client });
    return sent;
  });
}

export async function finishPasswordReset(db: Database, input: { codeId: string; code: string; password: string; repeated: string; client: Client }): Promise<{ ok: true } | Refusal> {
  // The new password is judged before the code is tried, so a refused password does not use the code up.
  const accountId = await db.run((q) => codeAccount(q, input.codeId, 'password_reset'));
  const account = accountId ? await db.run((q) => findAccountById(q, accountId)) : undefined;
  if (account) {
    const refusal = newPasswordRefusal(account, input.password, input.repeated);
    if (refusal) return { ok: false, code: refusal };
  }
  const hash = account ? await hashPassword(input.password) : null;
  return db.transaction(async (tx) => {
    const checked = await checkCode(tx, { codeId: input.codeId, purpose: 'password_reset', code: input.code });
    if (!checked.ok || !account || !hash || !('accountId' in checked.owner) || checked.owner.accountId !== account.id) {
      await recordEvent(tx, { accountId: account?.id ?? null, kind: 'password_reset', outcome: 'failure', reason: checked.ok ? 'code_owner' : `code_${checked.reason}`, client: input.client });
      return { ok: false, code: !checked.ok && checked.reason === 'expired' && account ? 'ONE_TIME_CODE_EXPIRED' : 'ONE_TIME_CODE_INVALID' } as const;
    }
    await storePasswordHash(tx, account.id, hash);
    await revokeAccountSessions(tx, account.id);
    await clearFailures(tx, account.id);
    await recordEvent(tx, { accountId: account.id, kind: 'password_reset', outcome: 'success', client: input.client });
    return { ok: true } as const;
  });
}

import type { ErrorCode } from '../../core/errors.ts';
import { passwordProblem, type PasswordProblem } from '../credentials/index.ts';
import type { AccountRow } from '../accounts/index.ts';

const problemCodes: Record<PasswordProblem, ErrorCode> = {
  too_short: 'PASSWORD_TOO_SHORT',
  too_long: 'PASSWORD_TOO_LONG',
  not_printable: 'PASSWORD_NOT_PRINTABLE',
  common: 'PASSWORD_COMMON',
  repetitive: 'PASSWORD_COMMON',
  context: 'PASSWORD_CONTEXT',
};

/**
 * The error code for a new password this person may not use, or null when it is fine. Without
 * the account, only what does not depend on the person is judged (the site's own words still are).
 */
export function newPasswordRefusal(account: AccountRow | null, password: string, repeated: string): ErrorCode | null {
  const context = account ? [account.identifier, account.givenNameFa, account.familyNameFa, account.givenNameEn, account.familyNameEn, account.birthDate.replaceAll('-', '')] : [];
  const problem = passwordProblem(password, context);
  if (problem) return problemCodes[problem];
  return password === repeated ? null : 'PASSWORD_MISMATCH';
}

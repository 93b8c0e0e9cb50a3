import { AppError } from '../../core/errors.ts';
import type { Principal } from '../../core/access.ts';
import type { Member } from '../model.ts';
import type { MemberCreate } from './schemas.ts';
import { refreshAfterWrite, type ExchangeAdminDeps } from './deps.ts';
import { assertOperator } from './authorize.ts';
import { checkIdentifier } from './rules.ts';
import { mapUniqueViolation, refuse } from './refuse.ts';
import { bumpExchangeVersion } from '../state.ts';
import { insertMember, selectConflictingMembers, selectMember, selectMembers } from './member-repository.ts';
import { getAgency } from '../../registry/index.ts';

/** Makes a registry agency an exchange member in this instance (operator only). */
export async function createMember(deps: ExchangeAdminDeps, principal: Principal, input: MemberCreate): Promise<Member> {
  assertOperator(principal);
  refuse(checkIdentifier('memberClass', input.memberClass), checkIdentifier('memberCode', input.memberCode));
  const instance = deps.settings.instance;
  const member = await mapUniqueViolation(
    deps.db.transaction(async (tx) => {
      if (!(await getAgency(tx, input.agencyCode))) throw new AppError('AGENCY_NOT_FOUND');
      const conflicts = await selectConflictingMembers(tx, input.agencyCode, instance, input.memberClass, input.memberCode);
      if (conflicts.some((m) => m.agencyCode === input.agencyCode)) throw new AppError('EXCHANGE_MEMBER_EXISTS');
      if (conflicts.length) throw new AppError('EXCHANGE_MEMBER_ID_TAKEN');
      await insertMember(tx, { agencyCode: input.agencyCode, instance, memberClass: input.memberClass, memberCode: input.memberCode });
      await bumpExchangeVersion(tx);
      return (await selectMember(tx, input.agencyCode))!;
    }),
    'EXCHANGE_MEMBER_ID_TAKEN',
    { exchange_members_pkey: 'EXCHANGE_MEMBER_EXISTS', exchange_members_agency_code_fkey: 'AGENCY_NOT_FOUND' },
  );
  await refreshAfterWrite(deps);
  return member;
}

export async function getMemberOrFail(deps: Pick<ExchangeAdminDeps, 'db'>, agencyCode: string): Promise<Member> {
  const member = await deps.db.run((q) => selectMember(q, agencyCode));
  if (!member) throw new AppError('EXCHANGE_MEMBER_NOT_FOUND');
  return member;
}

export function listMembers(deps: Pick<ExchangeAdminDeps, 'db'>, page: { offset: number; limit: number }): Promise<{ total: number; items: Member[] }> {
  return deps.db.run((q) => selectMembers(q, page));
}

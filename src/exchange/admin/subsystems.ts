import { AppError } from '../../core/errors.ts';
import type { Principal } from '../../core/access.ts';
import type { Subsystem } from '../model.ts';
import type { SubsystemCreate, SubsystemPatch } from './schemas.ts';
import { refreshAfterWrite, type ExchangeAdminDeps } from './deps.ts';
import { assertManages } from './authorize.ts';
import { checkIdentifier } from './rules.ts';
import { mapUniqueViolation, refuse } from './refuse.ts';
import { bumpExchangeVersion } from '../state.ts';
import { selectMember } from './member-repository.ts';
import { insertSubsystem, selectSubsystem, selectSubsystemByCode, selectSubsystemsOf, updateSubsystemRow } from './subsystem-repository.ts';

/** Registers an information system of a member (the operator, or the member agency's admin). */
export async function createSubsystem(deps: ExchangeAdminDeps, principal: Principal, agencyCode: string, input: SubsystemCreate): Promise<Subsystem> {
  assertManages(principal, agencyCode);
  refuse(checkIdentifier('code', input.code));
  const subsystem = await mapUniqueViolation(
    deps.db.transaction(async (tx) => {
      if (!(await selectMember(tx, agencyCode))) throw new AppError('EXCHANGE_MEMBER_NOT_FOUND');
      if (await selectSubsystemByCode(tx, agencyCode, input.code)) throw new AppError('EXCHANGE_SUBSYSTEM_CODE_TAKEN');
      const created = await insertSubsystem(tx, { agencyCode, code: input.code, nameFa: input.nameFa, nameEn: input.nameEn });
      await bumpExchangeVersion(tx);
      return created;
    }),
    'EXCHANGE_SUBSYSTEM_CODE_TAKEN',
    { exchange_subsystems_agency_code_fkey: 'EXCHANGE_MEMBER_NOT_FOUND' },
  );
  await refreshAfterWrite(deps);
  return subsystem;
}

/** Renames, disables or re-enables a subsystem; a disabled one neither calls nor is called. */
export async function updateSubsystem(deps: ExchangeAdminDeps, principal: Principal, id: number, patch: SubsystemPatch): Promise<Subsystem> {
  const updated = await deps.db.transaction(async (tx) => {
    const before = await selectSubsystem(tx, id, true);
    if (!before) throw new AppError('EXCHANGE_SUBSYSTEM_NOT_FOUND');
    assertManages(principal, before.agencyCode);
    if (patch.version !== undefined && patch.version !== before.version) throw new AppError('VERSION_CONFLICT');
    const { version: _v, ...values } = patch;
    const changed = (Object.keys(values) as (keyof typeof values)[]).some((k) => values[k] !== undefined && values[k] !== before[k]);
    if (!changed) return before;
    const after = await updateSubsystemRow(tx, id, values, deps.now());
    await bumpExchangeVersion(tx);
    return after;
  });
  await refreshAfterWrite(deps);
  return updated;
}

export async function getSubsystemOrFail(deps: Pick<ExchangeAdminDeps, 'db'>, id: number): Promise<Subsystem> {
  const subsystem = await deps.db.run((q) => selectSubsystem(q, id));
  if (!subsystem) throw new AppError('EXCHANGE_SUBSYSTEM_NOT_FOUND');
  return subsystem;
}

export async function listSubsystems(deps: Pick<ExchangeAdminDeps, 'db'>, agencyCode: string): Promise<Subsystem[]> {
  return deps.db.run(async (q) => {
    if (!(await selectMember(q, agencyCode))) throw new AppError('EXCHANGE_MEMBER_NOT_FOUND');
    return selectSubsystemsOf(q, agencyCode);
  });
}

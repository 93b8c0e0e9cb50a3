import { AppError } from '../core/errors.ts';
import { actorLabel, type Principal } from '../core/access.ts';
import type { Agency } from './model.ts';
import type { AgencyCreate, AgencyPatch } from './schemas.ts';
import { checkAgencyParent, checkConnectedOn, type RuleViolation } from './rules.ts';
import { diff, recordHistory } from './history.ts';
import { bumpRegistryVersion } from './state.ts';
import { mapConstraintViolations } from '../db/constraint-violation.ts';
import { insertAgencies, selectAgency, selectAgencyParents, selectAgencies, updateAgencyRow, type AgencyFilter } from './agency-repository.ts';
import { type AppDeps, todayOf } from '../db/app-deps.ts';

function refuse(v: RuleViolation | undefined): void {
  if (v) throw new AppError(v.code, { message: v.message, extensions: { errors: [{ field: v.field, code: v.code, message: v.message }] } });
}

const agencyViolations = { unique: 'AGENCY_CODE_TAKEN', foreignKey: 'AGENCY_PARENT_NOT_FOUND' } as const;

export async function createAgency(deps: AppDeps, principal: Principal, input: AgencyCreate): Promise<Agency> {
  refuse(checkConnectedOn(input.connectedOn, todayOf(deps)));
  return mapConstraintViolations(deps.db.transaction(async (tx) => {
    if (await selectAgency(tx, input.code)) throw new AppError('AGENCY_CODE_TAKEN');
    refuse(checkAgencyParent(await selectAgencyParents(tx), input.code, input.parentCode));
    const values = {
      code: input.code,
      nameFa: input.nameFa,
      nameEn: input.nameEn,
      kind: input.kind,
      parentCode: input.parentCode ?? null,
      eligible: input.eligible ?? true,
      connectedOn: input.connectedOn ?? null,
      contactEmail: input.contactEmail ?? null,
      contactPhone: input.contactPhone ?? null,
      website: input.website ?? null,
    };
    await insertAgencies(tx, [values]);
    await recordHistory(tx, [{ entity: 'agency', entityKey: input.code, action: 'create', actor: actorLabel(principal), changes: values }]);
    await bumpRegistryVersion(tx);
    return (await selectAgency(tx, input.code))!;
  }), agencyViolations);
}

export async function updateAgency(deps: AppDeps, principal: Principal, code: string, patch: AgencyPatch): Promise<Agency> {
  refuse(checkConnectedOn(patch.connectedOn, todayOf(deps)));
  return mapConstraintViolations(deps.db.transaction(async (tx) => {
    const before = await selectAgency(tx, code, true);
    if (!before) throw new AppError('AGENCY_NOT_FOUND');
    if (patch.version !== undefined && patch.version !== before.version) throw new AppError('VERSION_CONFLICT');
    if (patch.parentCode !== undefined) refuse(checkAgencyParent(await selectAgencyParents(tx), code, patch.parentCode));
    const { version: _v, ...values } = patch;
    const changes = diff(before, values);
    if (!Object.keys(changes).length) return before;
    const after = await updateAgencyRow(tx, code, values);
    await recordHistory(tx, [{ entity: 'agency', entityKey: code, action: 'update', actor: actorLabel(principal), changes }]);
    await bumpRegistryVersion(tx);
    return after;
  }), agencyViolations);
}

export async function getAgencyOrFail(deps: Pick<AppDeps, 'db'>, code: string): Promise<Agency> {
  const agency = await deps.db.run((q) => selectAgency(q, code));
  if (!agency) throw new AppError('AGENCY_NOT_FOUND');
  return agency;
}

export function listAgencies(deps: Pick<AppDeps, 'db'>, filter: AgencyFilter, page: { offset: number; limit: number }) {
  return deps.db.run((q) => selectAgencies(q, filter, page));
}

import { AppError } from '../../core/errors.ts';
import { actorLabel, type Principal } from '../../core/access.ts';
import { columnsOf, type Column } from './columns.ts';
import { parseImportFile, type ImportIssue, type ImportRecord } from './parse.ts';
import type { Sql } from '../../db/database.ts';
import { planAgencies } from './plan-agencies.ts';
import { planServices } from './plan-services.ts';
import { applyAgencyPlan, applyServicePlan, type Progress } from './apply.ts';
import { selectAllAgencies } from '../agency-repository.ts';
export { exportRegistry, EXPORT_BATCH_ROWS } from './export.ts';
import { selectAllServices, selectServiceFacts } from '../service-repository.ts';
import { parseServiceId } from '../../core/service-id.ts';
import type { Service } from '../model.ts';
import { type AppDeps, todayOf } from '../../db/app-deps.ts';

import type { Entity, FileFormat } from './formats.ts';

export type { Entity, FileFormat };

export interface ImportReport {
  entity: Entity;
  rows: number;
  created: number;
  updated: number;
  /** Identifiers issued to new services, by their `key` (or `line:N` when they had none). */
  issued: Record<string, string>;
}

const labeller = (format: FileFormat, columns: Column[]) => {
  const names = new Map(columns.map((c) => [c.field, c.name]));
  return (field: string) => (format === 'csv' ? (names.get(field) ?? field) : field);
};

function refuse(issues: ImportIssue[]): never {
  throw new AppError('IMPORT_INVALID', {
    message: `The file has ${issues.length} error${issues.length === 1 ? '' : 's'}; nothing was changed`,
    extensions: { errors: issues.slice(0, 1000), errorCount: issues.length },
  });
}

/**
 * All or nothing: every row is checked against the schema, the rest of the file and the
 * registry before anything is written, and the writes happen in one transaction.
 */
export async function importRegistry(
  deps: AppDeps,
  principal: Principal,
  file: { entity: Entity; format: FileFormat; bytes: Uint8Array },
  progress?: Progress,
): Promise<ImportReport> {
  const columns = columnsOf(file.entity);
  const parsed = parseImportFile(file.bytes, file.format, columns);
  if (!parsed.ok) refuse(parsed.issues);
  const label = labeller(file.format, columns);
  return deps.db.transaction((tx) => importRecords(tx, deps, principal, file.entity, parsed.records, label, progress));
}

/** Checks and writes already-parsed records inside the caller's transaction (the demo loader uses it too). */
export async function importRecords(
  tx: Sql,
  deps: AppDeps,
  principal: Principal,
  entity: Entity,
  records: ImportRecord[],
  label: (field: string) => string = (f) => f,
  progress?: Progress,
): Promise<ImportReport> {
  const actor = actorLabel(principal);
  if (entity === 'agencies') {
    const existing = new Map((await selectAllAgencies(tx)).map((a) => [a.code, a]));
    const { plan, issues } = planAgencies(records, existing, todayOf(deps), label);
    if (issues.length) refuse(issues);
    await applyAgencyPlan(tx, plan, actor);
    return { entity, rows: records.length, created: plan.creates.length, updated: plan.updates.length, issued: {} };
  }
  const agencyCodes = new Set((await selectAllAgencies(tx)).map((a) => a.code));
  const existing = await selectServiceFacts(tx);
  const referenced = new Set(
    records.flatMap((r) => {
      const p = r.values.id === undefined ? undefined : parseServiceId(deps.pack, String(r.values.id));
      return p?.ok && existing.has(p.id) ? [p.id] : [];
    }),
  );
  const fullRecords = new Map<string, Service>();
  if (referenced.size) for await (const s of selectAllServices(tx)) if (referenced.has(s.id)) fullRecords.set(s.id, s);
  const { plan, issues } = planServices(records, { pack: deps.pack, principal, agencyCodes, existing, label }, fullRecords);
  if (issues.length) refuse(issues);
  const issued = await applyServicePlan(tx, deps.pack, plan, actor, progress);
  return { entity, rows: records.length, created: plan.creates.length, updated: plan.updates.length, issued: Object.fromEntries(issued) };
}

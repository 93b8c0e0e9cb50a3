import type { Sql } from '../../db/database.ts';
import { formatServiceId } from '../../core/service-id.ts';
import type { CountryPack } from '../../core/country-packs/index.ts';
import { insertAgencies, updateAgencyRow } from '../agency-repository.ts';
import { insertServices, nextSerials, updateServiceRow } from '../service-repository.ts';
import { diff, recordHistory, type HistoryRecord } from '../history.ts';
import { bumpRegistryVersion } from '../state.ts';
import { serviceValues } from '../services.ts';
import type { AgencyPlan } from './plan-agencies.ts';
import type { ServicePlan } from './plan-services.ts';

export type Progress = (done: number, total: number) => void;

/** Parents before children, so each insert batch only references rows already written. */
function parentsFirst<T>(items: T[], keyOf: (t: T) => string | null, parentOf: (t: T) => string | null): T[] {
  const byKey = new Map(items.flatMap((t) => (keyOf(t) ? [[keyOf(t)!, t] as const] : [])));
  const depth = new Map<T, number>();
  const depthOf = (t: T): number => {
    if (depth.has(t)) return depth.get(t)!;
    const parent = parentOf(t);
    const p = parent ? byKey.get(parent) : undefined;
    const d = p ? depthOf(p) + 1 : 0;
    depth.set(t, d);
    return d;
  };
  return items.map((t, i) => ({ t, i, d: depthOf(t) })).sort((a, b) => a.d - b.d || a.i - b.i).map((x) => x.t);
}

export async function applyAgencyPlan(tx: Sql, plan: AgencyPlan, actor: string): Promise<void> {
  const creates = parentsFirst(plan.creates, (a) => a.code, (a) => a.parentCode);
  // New agencies go in without parents first, so a new parent and an existing child may meet in one file.
  await insertAgencies(tx, creates.map((a) => ({ ...a, parentCode: null })));
  const history: HistoryRecord[] = creates.map((a) => ({ entity: 'agency', entityKey: a.code, action: 'import', actor, changes: a }));
  for (const a of creates) if (a.parentCode) await updateAgencyRow(tx, a.code, { parentCode: a.parentCode });
  for (const { before, after } of plan.updates) {
    const changes = diff(before, after);
    if (!Object.keys(changes).length) continue;
    await updateAgencyRow(tx, before.code, after);
    history.push({ entity: 'agency', entityKey: before.code, action: 'import', actor, changes });
  }
  await recordHistory(tx, history);
  await bumpRegistryVersion(tx);
}

/** Writes a checked plan; returns the identifiers issued to new rows, by row key (or line). */
export async function applyServicePlan(tx: Sql, pack: CountryPack, plan: ServicePlan, actor: string, progress?: Progress): Promise<Map<string, string>> {
  const total = plan.creates.length + plan.updates.length;
  const creates = parentsFirst(plan.creates, (r) => r.key, (r) => r.parentKey);
  const serials = await nextSerials(tx, creates.length);
  const issued = new Map<string, string>();
  creates.forEach((r, i) => issued.set(r.key ?? `line:${r.line}`, formatServiceId(pack, serials[i]!)));
  const values = creates.map((r, i) => {
    const id = issued.get(r.key ?? `line:${r.line}`)!;
    const parentId = r.parentKey ? issued.get(r.parentKey)! : r.input.parentId;
    return serviceValues(r.input, id, serials[i]!, parentId);
  });
  const history: HistoryRecord[] = [];
  for (let i = 0; i < values.length; i += 2000) {
    const chunk = values.slice(i, i + 2000);
    await insertServices(tx, chunk);
    for (const { serial: _s, ...v } of chunk) history.push({ entity: 'service', entityKey: v.id, action: 'import', actor, changes: v });
    progress?.(i + chunk.length, total);
  }
  let done = values.length;
  for (const { before, input } of plan.updates) {
    const { id: _id, serial: _serial, ...after } = serviceValues(input, before.id, 0, input.parentId);
    const changes = diff(before, after);
    if (Object.keys(changes).length) {
      await updateServiceRow(tx, before.id, after);
      history.push({ entity: 'service', entityKey: before.id, action: 'import', actor, changes });
    }
    if (++done % 500 === 0) progress?.(done, total);
  }
  await recordHistory(tx, history);
  await bumpRegistryVersion(tx);
  progress?.(total, total);
  return issued;
}

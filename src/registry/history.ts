import { and, asc, eq } from 'drizzle-orm';
import { registryHistory } from './tables.ts';
import { bulkInsert } from '../db/bulk-insert.ts';
import type { Sql } from '../db/database.ts';

export interface HistoryRecord {
  entity: 'agency' | 'service';
  entityKey: string;
  action: 'create' | 'update' | 'retire' | 'import';
  actor: string;
  changes: Record<string, unknown>;
}

/** Field → [before, after] for every field whose value changed (compared as JSON). */
export function diff(before: object, after: object): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const [key, value] of Object.entries(after)) {
    if (value === undefined || key === 'version' || key === 'updatedAt') continue;
    const old = (before as Record<string, unknown>)[key];
    if (JSON.stringify(old) !== JSON.stringify(value)) changes[key] = [old ?? null, value];
  }
  return changes;
}

/** History rows are written in the transaction of the change they record, never after it. */
export async function recordHistory(q: Sql, records: HistoryRecord[]): Promise<void> {
  await bulkInsert(q, registryHistory, records as unknown as Record<string, unknown>[]);
}

export async function selectHistory(q: Sql, entity: 'agency' | 'service', entityKey: string) {
  const found = await q.select().from(registryHistory).where(and(eq(registryHistory.entity, entity), eq(registryHistory.entityKey, entityKey))).orderBy(asc(registryHistory.id));
  return found.map((h) => ({ id: h.id, action: h.action, actor: h.actor, at: h.at.toISOString(), changes: h.changes }));
}

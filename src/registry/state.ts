import { sql } from 'drizzle-orm';
import { rows, type Sql } from '../db/database.ts';

/** Marks the registry as changed, inside the writing transaction, so other nodes notice. */
export async function bumpRegistryVersion(q: Sql): Promise<void> {
  await q.execute(sql`update registry_state set version = version + 1`);
}

export async function readRegistryState(q: Sql): Promise<{ version: number; demo: boolean }> {
  const [row] = await rows<{ version: number; demo: boolean }>(q, sql`select version::int as version, demo from registry_state`);
  return row ?? { version: 0, demo: false };
}

/** Whether the registry holds the synthetic demo dataset, so every page can say so. */
export async function setDemoFlag(q: Sql, demo: boolean): Promise<void> {
  await q.execute(sql`update registry_state set demo = ${demo}`);
}

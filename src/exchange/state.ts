import { sql } from 'drizzle-orm';
import { rows, type Sql } from '../db/database.ts';

/**
 * The exchange configuration's version counter. Every write to members, subsystems,
 * credentials, services or access requests bumps it inside its own transaction, so a node that
 * sees a new version knows its snapshot is stale and the rows it reads next include the change.
 */
export async function bumpExchangeVersion(q: Sql): Promise<void> {
  await q.execute(sql`update exchange_state set version = version + 1`);
}

export async function readExchangeVersion(q: Sql): Promise<number> {
  const [row] = await rows<{ version: string }>(q, sql`select version::text as version from exchange_state`);
  return row ? Number(row.version) : 0;
}

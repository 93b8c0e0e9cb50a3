import type { Config } from '../../config/schema.ts';
import { tryAdvisoryLock } from '../../db/advisory-lock.ts';

/**
 * One process per NODE_ID: two processes appending to one node's hash chain would fork it (the
 * writer then refuses, and the node could log nothing more). A gateway takes this lock before
 * its log writer starts, and holds it for its life:
 *
 * - PostgreSQL: a session-level advisory lock on the node name (`db/advisory-lock.ts`), on a
 *   connection of its own. A second process with the same NODE_ID is refused at start, with
 *   `DuplicateNodeError`, and the running node never notices. If the lock's connection breaks,
 *   it is taken back as soon as PostgreSQL answers; until then `held()` is false and the node
 *   reports not ready.
 * - Embedded engine: the data directory is one process's (db/data-dir-lock.ts); a second server
 *   on it is refused before it gets here, so there is no other process to lock out.
 */
export interface NodeLock {
  held(): boolean;
  release(): Promise<void>;
}

/** Another live process runs the gateway with this NODE_ID. */
export class DuplicateNodeError extends Error {
  constructor(node: string) {
    super(
      `Another running process already logs as NODE_ID "${node}" on this database. Each node keeps its own exchange-log hash chain: ` +
        'give this process its own NODE_ID (or stop the other one). Refusing to start.',
    );
    this.name = 'DuplicateNodeError';
  }
}

export async function lockNode(config: Pick<Config, 'DATABASE_URL'>, node: string, onError?: (e: unknown) => void): Promise<NodeLock> {
  if (config.DATABASE_URL === undefined) return { held: () => true, release: async () => {} };
  const lock = await tryAdvisoryLock(config.DATABASE_URL, `onewindow.exchange-log.node:${node}`, onError ? { onError } : {});
  if (lock === null) throw new DuplicateNodeError(node);
  return lock;
}

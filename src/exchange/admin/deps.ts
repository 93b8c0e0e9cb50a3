import type { Config } from '../../config/schema.ts';
import type { Database } from '../../db/database.ts';
import type { SnapshotSource } from '../snapshot/index.ts';
import { dnsResolver, type HostResolver } from '../upstream-addresses/checks.ts';

/** What the exchange's management operations need, handed over explicitly. */
export interface ExchangeAdminDeps {
  db: Database;
  now: () => Date;
  /** This node's configuration snapshot, refreshed after every write. */
  source: SnapshotSource;
  /** Resolves backend names when an upstream address is checked (DNS; tests inject one). */
  resolveHost: HostResolver;
  settings: {
    /** The X-Road instance every member belongs to (`INSTANCE_ID`). */
    instance: string;
    /** Access requests need the operator's approval after the provider's (`EXCHANGE_BOARD_APPROVAL`). */
    boardApproval: boolean;
    /** Plain shared secrets may be registered (`GATEWAY_SHARED_SECRETS`, demos only). */
    sharedSecrets: boolean;
  };
}

export function exchangeAdminDeps(base: { db: Database; now: () => Date }, config: Pick<Config, 'INSTANCE_ID' | 'EXCHANGE_BOARD_APPROVAL' | 'GATEWAY_SHARED_SECRETS'>, source: SnapshotSource): ExchangeAdminDeps {
  return {
    db: base.db,
    now: base.now,
    source,
    resolveHost: dnsResolver,
    settings: { instance: config.INSTANCE_ID, boardApproval: config.EXCHANGE_BOARD_APPROVAL, sharedSecrets: config.GATEWAY_SHARED_SECRETS },
  };
}

/**
 * After a committed write: rebuild this node's snapshot so its next call already sees the
 * change. A failure here does not undo the write; the background check catches up.
 */
export async function refreshAfterWrite(deps: ExchangeAdminDeps): Promise<void> {
  await deps.source.refreshNow().catch(() => undefined);
}

import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Database } from '../../db/database.ts';
import { unbindGrantProfile } from './grant-profiles.ts';
import { consumePayload, destroyPayload, findPayload, findPayloadByUid, findPayloadByUserCode, revokeGrantPayloads, upsertPayload, type PayloadRow } from './payload-repository.ts';

/** How the provider finds a registered client: our `oidc_clients` table, not `oidc_payloads`. */
export type ClientSource = (clientId: string) => Promise<AdapterPayload | undefined>;

/**
 * oidc-provider's storage on our database: one instance per model name (`Session`, `Grant`,
 * `AuthorizationCode`, `RefreshToken`, …), all in one table keyed (kind, id). A consumed row
 * comes back with `consumed` set, which is how the provider refuses a replayed code and
 * detects a refresh token used twice (and then revokes the whole grant through
 * `revokeByGrantId`). Clients come from the clients table through `clients`.
 */
export function databaseAdapter(db: Database, clients: ClientSource): new (name: string) => Adapter {
  return class DatabaseAdapter implements Adapter {
    readonly kind: string;
    constructor(name: string) {
      this.kind = name;
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      if (this.kind === 'Client') throw new Error('clients are registered through the clients API, not the provider');
      await upsertPayload(db, {
        kind: this.kind,
        id,
        payload: payload as Record<string, unknown>,
        grantId: payload.grantId ?? null,
        uid: payload.uid ?? null,
        userCode: payload.userCode ?? null,
        expiresIn: Number.isFinite(expiresIn) && expiresIn > 0 ? Math.ceil(expiresIn) : null,
      });
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.kind === 'Client') return clients(id);
      return asPayload(await findPayload(db, this.kind, id));
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return asPayload(await findPayloadByUserCode(db, this.kind, userCode));
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return asPayload(await findPayloadByUid(db, this.kind, uid));
    }

    async consume(id: string): Promise<void> {
      await consumePayload(db, this.kind, id);
    }

    async destroy(id: string): Promise<void> {
      await destroyPayload(db, this.kind, id);
      // A grant's profile binding (grant-profiles.ts) goes with the grant.
      if (this.kind === 'Grant') await unbindGrantProfile(db, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await revokeGrantPayloads(db, grantId);
    }
  };
}

function asPayload(row: PayloadRow | undefined): AdapterPayload | undefined {
  if (!row) return undefined;
  return row.consumed === null ? (row.payload as AdapterPayload) : ({ ...row.payload, consumed: row.consumed } as AdapterPayload);
}

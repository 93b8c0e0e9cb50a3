import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Sql } from '../../db/database.ts';
import { exchangeClientCredentials } from '../tables.ts';
import type { ClientCredential } from '../model.ts';

type CredentialRow = typeof exchangeClientCredentials.$inferSelect;

export const toCredential = (row: CredentialRow): ClientCredential => ({
  ...row,
  notAfter: row.notAfter?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
  revokedAt: row.revokedAt?.toISOString() ?? null,
});

export type CredentialValues = Pick<ClientCredential, 'subsystemId' | 'kind' | 'fingerprint' | 'certificatePem' | 'publicJwk' | 'label'> & { notAfter: Date | null };

export async function selectCredential(q: Sql, id: number, forUpdate = false): Promise<ClientCredential | undefined> {
  const query = q.select().from(exchangeClientCredentials).where(eq(exchangeClientCredentials.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row ? toCredential(row) : undefined;
}

export async function selectCredentialByFingerprint(q: Sql, kind: ClientCredential['kind'], fingerprint: string): Promise<ClientCredential | undefined> {
  const [row] = await q.select().from(exchangeClientCredentials).where(and(eq(exchangeClientCredentials.kind, kind), eq(exchangeClientCredentials.fingerprint, fingerprint)));
  return row ? toCredential(row) : undefined;
}

export async function selectCredentialsOf(q: Sql, subsystemId: number): Promise<ClientCredential[]> {
  return (await q.select().from(exchangeClientCredentials).where(eq(exchangeClientCredentials.subsystemId, subsystemId)).orderBy(asc(exchangeClientCredentials.id))).map(toCredential);
}

/** Every credential not revoked, for the gateway's snapshot. */
export async function selectActiveCredentials(q: Sql): Promise<ClientCredential[]> {
  return (await q.select().from(exchangeClientCredentials).where(isNull(exchangeClientCredentials.revokedAt)).orderBy(asc(exchangeClientCredentials.id))).map(toCredential);
}

export async function insertCredential(q: Sql, values: CredentialValues): Promise<ClientCredential> {
  const [row] = await q.insert(exchangeClientCredentials).values(values).returning();
  return toCredential(row!);
}

export async function revokeCredentialRow(q: Sql, id: number, at: Date): Promise<ClientCredential> {
  const [row] = await q.update(exchangeClientCredentials).set({ revokedAt: at }).where(eq(exchangeClientCredentials.id, id)).returning();
  return toCredential(row!);
}

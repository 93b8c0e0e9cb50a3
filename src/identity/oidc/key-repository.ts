import { sql } from 'drizzle-orm';
import { rows, type Sql } from '../../db/database.ts';

/** The only SQL on `oidc_signing_keys`. Times are epoch seconds. */
export interface SigningKeyRow {
  kid: string;
  alg: string;
  privateJwk: Record<string, unknown>;
  createdAt: number;
  signsFrom: number;
  retireAt: number | null;
}

const columns = sql`kid, alg, private_jwk as "privateJwk", extract(epoch from created_at)::bigint as "createdAt",
  extract(epoch from signs_from)::bigint as "signsFrom", extract(epoch from retire_at)::bigint as "retireAt"`;

/** Keys still published at `at` (epoch seconds): not yet retired. */
export async function publishedKeys(q: Sql, at: number): Promise<SigningKeyRow[]> {
  const found = await rows<SigningKeyRow>(q, sql`select ${columns} from oidc_signing_keys where retire_at is null or retire_at > to_timestamp(${at}) order by signs_from desc, kid`);
  return found.map((k) => ({
    ...k,
    privateJwk: typeof k.privateJwk === 'string' ? (JSON.parse(k.privateJwk) as Record<string, unknown>) : k.privateJwk,
    createdAt: Number(k.createdAt),
    signsFrom: Number(k.signsFrom),
    retireAt: k.retireAt === null ? null : Number(k.retireAt),
  }));
}

export async function insertSigningKey(q: Sql, k: { kid: string; alg: string; privateJwk: Record<string, unknown>; createdAt: number; signsFrom: number }): Promise<void> {
  await q.execute(sql`insert into oidc_signing_keys (kid, alg, private_jwk, created_at, signs_from)
    values (${k.kid}, ${k.alg}, ${JSON.stringify(k.privateJwk)}::jsonb, to_timestamp(${k.createdAt}), to_timestamp(${k.signsFrom}))`);
}

/** Older keys stop being published at `retireAt`; a key already due to retire sooner keeps its date. */
export async function retireKeysBefore(q: Sql, signsFrom: number, retireAt: number): Promise<void> {
  await q.execute(sql`update oidc_signing_keys set retire_at = to_timestamp(${retireAt})
    where signs_from < to_timestamp(${signsFrom}) and (retire_at is null or retire_at > to_timestamp(${retireAt}))`);
}

/** Serialises rotations and first-key creation across nodes. */
export async function lockSigningKeys(q: Sql): Promise<void> {
  await q.execute(sql`lock table oidc_signing_keys in share row exclusive mode`);
}

import { sql } from 'drizzle-orm';
import { rows, type Sql } from '../../db/database.ts';

/** The only SQL on `oidc_clients`. */
export interface ClientRow {
  clientId: string;
  agencyCode: string;
  nameFa: string;
  nameEn: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  scopes: string[];
  authMethod: 'private_key_jwt' | 'client_secret_basic' | 'client_secret_post';
  secretHash: string | null;
  jwks: { keys: Record<string, unknown>[] } | null;
  firstParty: boolean;
  backchannelLogoutUri: string | null;
  defaultAcr: string | null;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export type ClientWrite = Omit<ClientRow, 'disabled' | 'createdAt' | 'updatedAt'> & { disabled: boolean };

const columns = sql`client_id as "clientId", agency_code as "agencyCode", name_fa as "nameFa", name_en as "nameEn",
  redirect_uris as "redirectUris", post_logout_redirect_uris as "postLogoutRedirectUris", scopes, auth_method as "authMethod",
  secret_hash as "secretHash", jwks, first_party as "firstParty", backchannel_logout_uri as "backchannelLogoutUri",
  default_acr as "defaultAcr", disabled_at is not null as disabled,
  to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "createdAt",
  to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "updatedAt"`;

const textArray = (values: readonly string[]) => sql`${`{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`}::text[]`;
const json = (value: unknown) => (value === null ? sql`null` : sql`${JSON.stringify(value)}::jsonb`);

function normalise(row: ClientRow): ClientRow {
  return { ...row, jwks: typeof row.jwks === 'string' ? (JSON.parse(row.jwks) as ClientRow['jwks']) : row.jwks };
}

export async function findClientRow(q: Sql, clientId: string): Promise<ClientRow | undefined> {
  const [row] = await rows<ClientRow>(q, sql`select ${columns} from oidc_clients where client_id = ${clientId}`);
  return row && normalise(row);
}

export async function listClientRows(q: Sql, agencyCode: string | null): Promise<ClientRow[]> {
  const found = await rows<ClientRow>(q, sql`select ${columns} from oidc_clients ${agencyCode === null ? sql`` : sql`where agency_code = ${agencyCode}`} order by agency_code, client_id`);
  return found.map(normalise);
}

export async function insertClientRow(q: Sql, c: ClientWrite): Promise<ClientRow> {
  const [row] = await rows<ClientRow>(
    q,
    sql`insert into oidc_clients (client_id, agency_code, name_fa, name_en, redirect_uris, post_logout_redirect_uris, scopes, auth_method,
          secret_hash, jwks, first_party, backchannel_logout_uri, default_acr, disabled_at)
        values (${c.clientId}, ${c.agencyCode}, ${c.nameFa}, ${c.nameEn}, ${textArray(c.redirectUris)}, ${textArray(c.postLogoutRedirectUris)},
          ${textArray(c.scopes)}, ${c.authMethod}, ${c.secretHash}, ${json(c.jwks)}, ${c.firstParty}, ${c.backchannelLogoutUri}, ${c.defaultAcr},
          ${c.disabled ? sql`now()` : sql`null`})
        returning ${columns}`,
  );
  return normalise(row!);
}

export async function updateClientRow(q: Sql, c: ClientWrite): Promise<ClientRow | undefined> {
  const [row] = await rows<ClientRow>(
    q,
    sql`update oidc_clients set name_fa = ${c.nameFa}, name_en = ${c.nameEn}, redirect_uris = ${textArray(c.redirectUris)},
          post_logout_redirect_uris = ${textArray(c.postLogoutRedirectUris)}, scopes = ${textArray(c.scopes)}, auth_method = ${c.authMethod},
          secret_hash = ${c.secretHash}, jwks = ${json(c.jwks)}, first_party = ${c.firstParty}, backchannel_logout_uri = ${c.backchannelLogoutUri},
          default_acr = ${c.defaultAcr}, disabled_at = case when ${c.disabled} then coalesce(disabled_at, now()) else null end, updated_at = now()
        where client_id = ${c.clientId}
        returning ${columns}`,
  );
  return row && normalise(row);
}

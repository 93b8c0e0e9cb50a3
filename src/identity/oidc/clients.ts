import { createHash, randomBytes } from 'node:crypto';
import type { AdapterPayload } from 'oidc-provider';
import type { Database } from '../../db/database.ts';
import { AppError } from '../../core/errors.ts';
import { mayManageAgency, mayReadAgency, readsEveryAgency, type Principal } from '../../core/access.ts';
import { acrOrder } from '../../core/assurance.ts';
import { mapConstraintViolations } from '../../db/constraint-violation.ts';
import { findClientRow, insertClientRow, listClientRows, updateClientRow, type ClientRow, type ClientWrite } from './client-repository.ts';

/**
 * Agency applications registered as clients of the provider. Agency admins register and change
 * their own agency's; the operator every agency's, and only the operator marks one first-party
 * (no consent page). Auditors read. A client secret is generated here, shown once, and kept
 * only as its SHA-256 (see provider.ts, `compareClientSecret`).
 */
export const clientScopes = ['openid', 'profile', 'phone', 'national_code', 'offline_access', 'acting_for'] as const;
export type ClientScope = (typeof clientScopes)[number];
export type AuthMethod = ClientRow['authMethod'];

export interface ClientInput {
  clientId: string;
  agencyCode: string;
  nameFa: string;
  nameEn: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  scopes: string[];
  authMethod: AuthMethod;
  jwks?: { keys: Record<string, unknown>[] } | null;
  firstParty?: boolean;
  backchannelLogoutUri?: string | null;
  defaultAcr?: string | null;
  disabled?: boolean;
}
export type ClientChange = Partial<Omit<ClientInput, 'clientId' | 'agencyCode'>>;

export type ClientView = Omit<ClientRow, 'secretHash'>;

export const hashClientSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');
const view = ({ secretHash: _hidden, ...rest }: ClientRow): ClientView => rest;

function invalid(message: string): AppError {
  return new AppError('OIDC_CLIENT_INVALID', { message: `The client registration is not valid: ${message}` });
}

/** Exact redirect URIs: https, or http on this machine (a developer's laptop); no fragment. */
function checkUri(uri: string, what: string): void {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw invalid(`${what} ${JSON.stringify(uri)} is not an absolute URL`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) throw invalid(`${what} must use https (http only on localhost)`);
  if (url.hash || uri.includes('#')) throw invalid(`${what} must not have a fragment`);
}

function checked(principal: Principal, c: ClientWrite): ClientWrite {
  if (!c.scopes.includes('openid')) throw invalid('the scopes must include openid');
  const unknown = c.scopes.filter((s) => !(clientScopes as readonly string[]).includes(s));
  if (unknown.length) throw invalid(`unknown scopes: ${unknown.join(', ')}`);
  for (const u of c.redirectUris) checkUri(u, 'redirect URI');
  // oidc-provider derives a pairwise sector from the redirect URIs' host and, when they name
  // several hosts, demands a sector_identifier_uri; our sector is the agency, so one host it is.
  if (new Set(c.redirectUris.map((u) => new URL(u).host)).size > 1) throw invalid('all redirect URIs must be on one host (register another client for another host)');
  for (const u of c.postLogoutRedirectUris) checkUri(u, 'post-logout redirect URI');
  if (c.backchannelLogoutUri) checkUri(c.backchannelLogoutUri, 'back-channel logout URI');
  if (c.defaultAcr && !acrOrder.includes(c.defaultAcr as (typeof acrOrder)[number])) throw invalid(`default acr must be one of ${acrOrder.join(', ')}`);
  if (c.authMethod === 'private_key_jwt' && !c.jwks?.keys?.length) throw invalid('private_key_jwt needs the public keys (jwks)');
  if (c.authMethod === 'private_key_jwt' && c.jwks!.keys.some((k) => 'd' in k || 'p' in k || 'k' in k)) throw invalid('jwks must hold public keys only');
  if (c.firstParty && !(principal.kind === 'system' || (principal.kind === 'staff' && principal.role === 'operator'))) {
    throw new AppError('OIDC_CLIENT_FIRST_PARTY_OPERATOR_ONLY');
  }
  return { ...c, scopes: [...new Set(c.scopes)], redirectUris: [...new Set(c.redirectUris)] };
}

export async function listClients(db: Database, principal: Principal, agencyCode?: string): Promise<ClientView[]> {
  if (agencyCode !== undefined && !mayReadAgency(principal, agencyCode)) throw new AppError('FORBIDDEN_OTHER_AGENCY');
  const scope = agencyCode ?? (readsEveryAgency(principal) ? null : principal.kind === 'staff' ? principal.agencyCode : null);
  if (scope === null && !readsEveryAgency(principal)) throw new AppError('FORBIDDEN');
  return (await db.run((q) => listClientRows(q, scope))).map(view);
}

export async function getClient(db: Database, principal: Principal, clientId: string): Promise<ClientView> {
  const row = await db.run((q) => findClientRow(q, clientId));
  // Another agency's client is "not found" to an agency admin: its existence is not theirs to learn.
  if (!row || !mayReadAgency(principal, row.agencyCode)) throw new AppError('OIDC_CLIENT_NOT_FOUND');
  return view(row);
}

export async function createClient(db: Database, principal: Principal, input: ClientInput, onChange: (id: string) => void): Promise<{ client: ClientView; clientSecret?: string }> {
  if (!mayManageAgency(principal, input.agencyCode)) throw new AppError('FORBIDDEN_OTHER_AGENCY');
  const secret = input.authMethod === 'private_key_jwt' ? undefined : randomBytes(32).toString('base64url');
  const write = checked(principal, {
    clientId: input.clientId,
    agencyCode: input.agencyCode,
    nameFa: input.nameFa,
    nameEn: input.nameEn,
    redirectUris: input.redirectUris,
    postLogoutRedirectUris: input.postLogoutRedirectUris ?? [],
    scopes: input.scopes,
    authMethod: input.authMethod,
    secretHash: secret ? hashClientSecret(secret) : null,
    jwks: input.authMethod === 'private_key_jwt' ? (input.jwks ?? null) : null,
    firstParty: input.firstParty ?? false,
    backchannelLogoutUri: input.backchannelLogoutUri ?? null,
    defaultAcr: input.defaultAcr ?? null,
    disabled: input.disabled ?? false,
  });
  const row = await mapConstraintViolations(db.transaction((tx) => insertClientRow(tx, write)), { unique: 'OIDC_CLIENT_ID_TAKEN', foreignKey: 'AGENCY_NOT_FOUND' });
  onChange(row.clientId);
  return secret ? { client: view(row), clientSecret: secret } : { client: view(row) };
}

/**
 * Changes a client. Switching to a secret method issues a new secret (returned once);
 * `newSecret` issues one for a client that already uses a secret (the old one stops working).
 */
export async function changeClient(
  db: Database,
  principal: Principal,
  clientId: string,
  change: ClientChange & { newSecret?: boolean },
  onChange: (id: string) => void,
): Promise<{ client: ClientView; clientSecret?: string }> {
  const result = await db.transaction(async (tx) => {
    const row = await findClientRow(tx, clientId);
    if (!row || !mayReadAgency(principal, row.agencyCode)) throw new AppError('OIDC_CLIENT_NOT_FOUND');
    if (!mayManageAgency(principal, row.agencyCode)) throw new AppError('FORBIDDEN_OTHER_AGENCY');
    // Only the operator changes the first-party flag, either way.
    if (change.firstParty !== undefined && change.firstParty !== row.firstParty && !(principal.kind === 'staff' && principal.role === 'operator')) {
      throw new AppError('OIDC_CLIENT_FIRST_PARTY_OPERATOR_ONLY');
    }
    const authMethod = change.authMethod ?? row.authMethod;
    const needsSecret = authMethod !== 'private_key_jwt' && (row.secretHash === null || change.newSecret === true);
    const secret = needsSecret ? randomBytes(32).toString('base64url') : undefined;
    const write = checked(principal.kind === 'staff' && principal.role === 'operator' ? principal : { kind: 'system', name: 'keep' }, {
      clientId,
      agencyCode: row.agencyCode,
      nameFa: change.nameFa ?? row.nameFa,
      nameEn: change.nameEn ?? row.nameEn,
      redirectUris: change.redirectUris ?? row.redirectUris,
      postLogoutRedirectUris: change.postLogoutRedirectUris ?? row.postLogoutRedirectUris,
      scopes: change.scopes ?? row.scopes,
      authMethod,
      secretHash: authMethod === 'private_key_jwt' ? null : secret ? hashClientSecret(secret) : row.secretHash,
      jwks: authMethod === 'private_key_jwt' ? (change.jwks ?? row.jwks) : null,
      firstParty: change.firstParty ?? row.firstParty,
      backchannelLogoutUri: change.backchannelLogoutUri === undefined ? row.backchannelLogoutUri : change.backchannelLogoutUri,
      defaultAcr: change.defaultAcr === undefined ? row.defaultAcr : change.defaultAcr,
      disabled: change.disabled ?? row.disabled,
    });
    const updated = await updateClientRow(tx, write);
    if (!updated) throw new AppError('OIDC_CLIENT_NOT_FOUND');
    return secret ? { client: view(updated), clientSecret: secret } : { client: view(updated) };
  });
  onChange(clientId);
  return result;
}

/**
 * The provider's view of the clients table, cached briefly per node: every token request
 * looks its client up, and oidc-provider keeps the parsed client as long as the metadata is
 * the same. A change on this node is seen at once; on other nodes within `ttlMs`.
 */
export class ClientDirectory {
  readonly #cache = new Map<string, { at: number; value: AdapterPayload | undefined }>();
  constructor(
    private readonly db: Database,
    private readonly ttlMs = 5000,
  ) {}

  forget = (clientId: string): void => {
    this.#cache.delete(clientId);
  };

  find = async (clientId: string): Promise<AdapterPayload | undefined> => {
    const hit = this.#cache.get(clientId);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value;
    const row = await this.db.run((q) => findClientRow(q, clientId));
    const value = row && !row.disabled ? clientMetadata(row) : undefined;
    if (this.#cache.size > 10000) this.#cache.clear();
    this.#cache.set(clientId, { at: Date.now(), value });
    return value;
  };
}

/** A row as oidc-provider's client metadata (RFC 7591 names, plus ours for agency and consent). */
export function clientMetadata(row: ClientRow): AdapterPayload {
  const secret = row.authMethod !== 'private_key_jwt';
  return {
    client_id: row.clientId,
    client_name: row.nameEn,
    name_fa: row.nameFa,
    agency_code: row.agencyCode,
    first_party: row.firstParty,
    redirect_uris: row.redirectUris,
    post_logout_redirect_uris: row.postLogoutRedirectUris,
    scope: row.scopes.join(' '),
    response_types: ['code'],
    grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
    token_endpoint_auth_method: row.authMethod,
    ...(secret ? { client_secret: row.secretHash! } : { jwks: row.jwks! }),
    subject_type: 'pairwise',
    id_token_signed_response_alg: 'RS256',
    ...(row.backchannelLogoutUri ? { backchannel_logout_uri: row.backchannelLogoutUri, backchannel_logout_session_required: true } : {}),
    ...(row.defaultAcr ? { default_acr_values: [row.defaultAcr] } : {}),
  } as AdapterPayload;
}

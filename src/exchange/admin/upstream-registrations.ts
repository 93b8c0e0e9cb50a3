/**
 * The operator registers, for each member, the backend addresses its services may use; a
 * service's upstream URL must lie inside one of them (`checkServiceUpstream`). This is what keeps
 * an agency admin from routing a service of their own to another agency's backend — and reading
 * its data through a right they approved themselves — or to an internal address (SSRF).
 */
import { AppError } from '../../core/errors.ts';
import { actorLabel, mayManageAgency, type Principal } from '../../core/access.ts';
import { refreshAfterWrite, type ExchangeAdminDeps } from './deps.ts';
import { assertManages, assertOperator } from './authorize.ts';
import { mapUniqueViolation, refuse } from './refuse.ts';
import { bumpExchangeVersion } from '../state.ts';
import { selectMember } from './member-repository.ts';
import type { UpstreamRegistrationCreate } from './schemas.ts';
import { canonicalIp, isInternalAddress } from '../upstream-addresses/address-policy.ts';
import { checkUpstreamAddresses, localAddresses } from '../upstream-addresses/checks.ts';
import { coveringRegistration, literalIp, normalisePrefix, overlap, parseUpstream, type ParsedUpstream, type UpstreamRegistration } from '../upstream-addresses/registrations.ts';
import { insertRegistration, revokeRegistrationRow, selectActiveRegistrationsOfOthers, selectRegistration, selectRegistrationsOf } from './upstream-repository.ts';
import { checkUpstreamUrl } from './rules.ts';

function parsedOrRefuse(field: string, value: string): ParsedUpstream {
  const violation = checkUpstreamUrl(value);
  const parsed = violation === undefined ? parseUpstream(value) : undefined;
  if (parsed === undefined) refuse({ ...(violation ?? { code: 'EXCHANGE_UPSTREAM_URL_INVALID', message: 'The URL is not an http(s) base URL' }), field });
  return parsed!;
}

/** Refuses when `url` has (now) an internal address that `allowed` does not list. */
async function assertAddressesAllowed(deps: Pick<ExchangeAdminDeps, 'resolveHost'>, field: string, url: ParsedUpstream, allowed: readonly string[]): Promise<void> {
  const check = await checkUpstreamAddresses(url, allowed, deps.resolveHost);
  if (check.ok) return;
  refuse({
    code: 'EXCHANGE_UPSTREAM_ADDRESS_INTERNAL',
    field,
    message: `${literalIp(url) === undefined ? `${url.hostname} resolves to ${check.address}` : `${check.address} is`} an internal address (loopback, private, link-local or this host's own); only the operator can allow it, by registering that exact address for the member`,
  });
}

/** Registers a URL prefix for a member's backends (operator only). */
export async function registerUpstream(deps: ExchangeAdminDeps, principal: Principal, agencyCode: string, input: UpstreamRegistrationCreate): Promise<UpstreamRegistration> {
  assertOperator(principal);
  const url = parsedOrRefuse('url', input.url);
  const internalAddresses: string[] = [];
  for (const [i, given] of (input.internalAddresses ?? []).entries()) {
    const ip = canonicalIp(given);
    if (ip === undefined) refuse({ code: 'VALIDATION_FAILED', field: `internalAddresses/${i}`, message: `${given} is not an IP address` });
    else if (!isInternalAddress(ip, localAddresses())) refuse({ code: 'VALIDATION_FAILED', field: `internalAddresses/${i}`, message: `${given} is a public address; it needs no allowance` });
    else if (!internalAddresses.includes(ip)) internalAddresses.push(ip);
  }
  await assertAddressesAllowed(deps, 'url', url, internalAddresses);
  const urlPrefix = normalisePrefix(url);
  const created = await mapUniqueViolation(
    deps.db.transaction(async (tx) => {
      if (!(await selectMember(tx, agencyCode))) throw new AppError('EXCHANGE_MEMBER_NOT_FOUND');
      if ((await selectRegistrationsOf(tx, agencyCode, true)).some((r) => r.urlPrefix === urlPrefix)) throw new AppError('EXCHANGE_UPSTREAM_REGISTRATION_EXISTS');
      const other = (await selectActiveRegistrationsOfOthers(tx, agencyCode)).find((r) => overlap(parseUpstream(r.urlPrefix)!, url));
      if (other) {
        throw new AppError('EXCHANGE_UPSTREAM_REGISTRATION_OVERLAPS', { extensions: { errors: [{ field: 'url', code: 'EXCHANGE_UPSTREAM_REGISTRATION_OVERLAPS', message: `Overlaps ${other.urlPrefix}, registered for ${other.agencyCode}` }] } });
      }
      const row = await insertRegistration(tx, { agencyCode, urlPrefix, internalAddresses, note: input.note ?? '', createdBy: actorLabel(principal), createdAt: deps.now() });
      await bumpExchangeVersion(tx);
      return row;
    }),
    'EXCHANGE_UPSTREAM_REGISTRATION_EXISTS',
  );
  await refreshAfterWrite(deps);
  return created;
}

/**
 * Revokes a registration (operator only). The member's services inside it stop being forwarded
 * on every node within the refresh interval; the row stays, as the audit trail.
 */
export async function revokeUpstream(deps: ExchangeAdminDeps, principal: Principal, agencyCode: string, id: number): Promise<UpstreamRegistration> {
  assertOperator(principal);
  const revoked = await deps.db.transaction(async (tx) => {
    const row = await selectRegistration(tx, id, true);
    if (!row || row.agencyCode !== agencyCode) throw new AppError('EXCHANGE_UPSTREAM_REGISTRATION_NOT_FOUND');
    if (row.revokedAt !== null) throw new AppError('EXCHANGE_UPSTREAM_REGISTRATION_REVOKED');
    const after = await revokeRegistrationRow(tx, id, deps.now(), actorLabel(principal));
    await bumpExchangeVersion(tx);
    return after;
  });
  await refreshAfterWrite(deps);
  return revoked;
}

/** A member's registrations with their history: the operator, and the member's own admins (who choose within them). */
export async function listUpstreams(deps: Pick<ExchangeAdminDeps, 'db'>, principal: Principal, agencyCode: string): Promise<UpstreamRegistration[]> {
  assertManages(principal, agencyCode);
  return deps.db.run(async (q) => {
    if (!(await selectMember(q, agencyCode))) throw new AppError('EXCHANGE_MEMBER_NOT_FOUND');
    return selectRegistrationsOf(q, agencyCode);
  });
}

/**
 * A service's upstream URL must lie inside one of its member's active registrations and reach
 * no internal address that registration does not allow. Call it before the write; the names are
 * resolved outside any transaction. (The gateway checks the same again, on its snapshot and on
 * every new connection: this is the early, explained refusal.)
 */
export async function checkServiceUpstream(deps: Pick<ExchangeAdminDeps, 'db' | 'resolveHost'>, agencyCode: string, upstreamUrl: string): Promise<void> {
  const url = parsedOrRefuse('upstreamUrl', upstreamUrl);
  const registrations = await deps.db.run((q) => selectRegistrationsOf(q, agencyCode, true));
  const covering = coveringRegistration(registrations, url);
  if (covering === undefined) {
    refuse({ code: 'EXCHANGE_UPSTREAM_NOT_REGISTERED', field: 'upstreamUrl', message: `${upstreamUrl} is not inside an address the operator registered for ${agencyCode}` });
  }
  await assertAddressesAllowed(deps, 'upstreamUrl', url, covering!.internalAddresses);
}

/** The backend address is for the operator and the provider's own admins only. */
export function withUpstreamFor<T extends { agencyCode: string; upstreamUrl: string }>(principal: Principal, service: T): Omit<T, 'upstreamUrl'> & { upstreamUrl?: string } {
  if (mayManageAgency(principal, service.agencyCode)) return service;
  const { upstreamUrl: _hidden, ...rest } = service;
  return rest;
}

/**
 * The address checks that need the network: resolving a backend's name when a registration or
 * a service is saved (check time), and again on every new connection the gateway opens (connect
 * time), so a name that resolved to a public address when it was checked and to an internal one
 * later (DNS rebinding) is still refused.
 */
import { lookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns';
import { networkInterfaces } from 'node:os';
import { canonicalIp, isInternalAddress } from './address-policy.ts';
import { literalIp, type ParsedUpstream } from './registrations.ts';

/** Canonical IP addresses of a name; rejects when it does not resolve. */
export type HostResolver = (hostname: string) => Promise<string[]>;

export const dnsResolver: HostResolver = (hostname) =>
  new Promise((resolve, reject) =>
    lookup(hostname, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses.map((a) => canonicalIp(a.address) ?? a.address)))),
  );

let locals: { at: number; set: ReadonlySet<string> } | undefined;

/** This host's interface addresses (canonical), re-read at most every 10 s: interfaces come and go. */
export function localAddresses(now = Date.now()): ReadonlySet<string> {
  if (locals === undefined || now - locals.at > 10_000) {
    const set = new Set<string>();
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) set.add(canonicalIp(a.address.split('%')[0]!) ?? a.address);
    locals = { at: now, set };
  }
  return locals.set;
}

export type AddressCheck =
  | { ok: true; /** The name did not resolve now: only the connect-time check will see its addresses. */ unresolved: boolean }
  | { ok: false; address: string };

/**
 * Whether every address `url`'s host has now is either public or one of `allowedInternal`
 * (canonical IPs the operator registered for it).
 */
export async function checkUpstreamAddresses(url: ParsedUpstream, allowedInternal: readonly string[], resolver: HostResolver = dnsResolver): Promise<AddressCheck> {
  const literal = literalIp(url);
  let addresses: string[];
  if (literal !== undefined) addresses = [literal];
  else {
    try {
      addresses = await resolver(url.hostname);
    } catch {
      return { ok: true, unresolved: true };
    }
  }
  const bad = addresses.find((a) => isInternalAddress(a, localAddresses()) && !allowedInternal.includes(canonicalIp(a) ?? a));
  return bad === undefined ? { ok: true, unresolved: false } : { ok: false, address: bad };
}

/** The code of the error a guarded lookup fails with; upstream-errors.ts maps it. */
export const INTERNAL_ADDRESS_REFUSED = 'ERR_UPSTREAM_INTERNAL_ADDRESS';

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for `net.connect`/`tls.connect` that fails when the name resolves to an internal
 * address not in `allowedInternal`. Node calls it only for names: IP literals are checked when
 * the upstream is first used (`Upstreams.get`).
 */
export function guardedLookup(allowedInternal: ReadonlySet<string>) {
  return (hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback): void => {
    lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const bad = addresses.find((a) => isInternalAddress(a.address, localAddresses()) && !allowedInternal.has(canonicalIp(a.address) ?? a.address));
      if (bad !== undefined) {
        const refused: NodeJS.ErrnoException = new Error(`${hostname} resolves to ${bad.address}, an internal address not registered for this upstream`);
        refused.code = INTERNAL_ADDRESS_REFUSED;
        return callback(refused, []);
      }
      if (options.all === true) return callback(null, addresses);
      const first = addresses[0];
      if (first === undefined) {
        const none: NodeJS.ErrnoException = new Error(`${hostname} has no address`);
        none.code = 'ENOTFOUND';
        return callback(none, []);
      }
      callback(null, first.address, first.family);
    });
  };
}

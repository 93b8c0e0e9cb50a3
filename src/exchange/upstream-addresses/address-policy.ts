/**
 * Which network addresses a backend may not sit at unless the operator allowed that exact
 * address for the member: from the central gateway every network the window's hosts reach is
 * reachable, so an upstream there would let an agency admin aim the gateway at loopback, a
 * cloud metadata endpoint, a database or the window's own listeners (SSRF). In X-Road the
 * network itself prevents this — only a member's own security server reaches its backends.
 *
 * Refused ranges: IANA's special-purpose registries minus the globally reachable ones, plus
 * anything assigned to this host's own interfaces (its public address reaches the window's own
 * ports). IPv4 embedded in IPv6 (mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`) is judged by
 * the IPv4 address it carries.
 */
import { BlockList, isIP } from 'node:net';

const refused = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  refused.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still routed by some stacks)
  ['ff00::', 8], // multicast
  ['100::', 64], // discard-only
] as const) {
  refused.addSubnet(net, prefix, 'ipv6');
}

/** The IPv4 address an IPv6 address carries (mapped or NAT64), if it carries one. */
function embeddedIpv4(ip: string): string | undefined {
  const lower = ip.toLowerCase();
  for (const prefix of ['::ffff:', '64:ff9b::']) {
    if (!lower.startsWith(prefix)) continue;
    const rest = lower.slice(prefix.length);
    if (isIP(rest) === 4) return rest;
    // `::ffff:7f00:1` — the same address written as two hex groups.
    const groups = rest.split(':');
    if (groups.length === 2 && groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) {
      const [hi, lo] = groups.map((g) => parseInt(g, 16)) as [number, number];
      return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
    }
  }
  return undefined;
}

/** Canonical text of an IP address (`::FFFF:127.0.0.1` → `::ffff:7f00:1`), or undefined for anything else. */
export function canonicalIp(value: string): string | undefined {
  const bare = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  const family = isIP(bare);
  if (family === 0) return undefined;
  // The WHATWG URL parser writes hosts canonically: IPv6 compressed and lower case, IPv4 dotted.
  return family === 4 ? new URL(`http://${bare}/`).hostname : new URL(`http://[${bare}]/`).hostname.slice(1, -1);
}

/**
 * Whether `ip` is an address a backend may use only with the operator's explicit allowance:
 * a refused range, or one of `localAddresses` (this host's interfaces, canonical).
 */
export function isInternalAddress(ip: string, localAddresses: ReadonlySet<string> = new Set()): boolean {
  const canonical = canonicalIp(ip);
  if (canonical === undefined) return true; // not an address at all: never trust it
  if (localAddresses.has(canonical)) return true;
  const v4 = isIP(canonical) === 4 ? canonical : embeddedIpv4(canonical);
  if (v4 !== undefined) return refused.check(v4, 'ipv4') || localAddresses.has(v4);
  return refused.check(canonical, 'ipv6');
}

/** Host names that name this host whatever DNS says (RFC 6761 §6.3). */
export function isLocalhostName(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost');
}

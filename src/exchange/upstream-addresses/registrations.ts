/**
 * The addresses the operator registered for a member, and which of them covers an upstream URL.
 * A registration is a URL prefix — scheme, host, port and a path prefix on a segment boundary —
 * plus the internal addresses (loopback, private, …) the operator allowed for it by exact IP.
 * Pure: parsing and comparing only; resolving names is `checks.ts`' work.
 */
import { canonicalIp } from './address-policy.ts';

export interface UpstreamRegistration {
  id: number;
  agencyCode: string;
  /** Normalised by `normalisePrefix`: `https://api.agency.example:8443/persons/` (always ends with `/`). */
  urlPrefix: string;
  /** Canonical IPs this registration may reach although they are internal; empty for most. */
  internalAddresses: string[];
  note: string;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

export interface ParsedUpstream {
  protocol: 'http:' | 'https:';
  /** As the URL parser writes it: lower case, IPv4 dotted, IPv6 in brackets. */
  hostname: string;
  /** Effective port (80/443 when the URL leaves it out). */
  port: number;
  /** The path, dot segments resolved, ending with `/`. */
  path: string;
}

/** An http(s) URL without credentials, query or fragment, parsed for comparison; undefined otherwise. */
export function parseUpstream(value: string): ParsedUpstream | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (!url.hostname || url.username || url.password || url.search || url.hash || value.includes('?') || value.includes('#')) return undefined;
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  return { protocol: url.protocol, hostname: url.hostname, port, path: url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/` };
}

/** The registration form of a prefix: `HTTPS://Api.Agency.example:443/a/../b` → `https://api.agency.example/b/`. */
export function normalisePrefix(p: ParsedUpstream): string {
  const defaultPort = p.protocol === 'https:' ? 443 : 80;
  return `${p.protocol}//${p.hostname}${p.port === defaultPort ? '' : `:${p.port}`}${p.path}`;
}

/** The host as an IP address when it is written as one (brackets dropped), else undefined. */
export function literalIp(p: ParsedUpstream): string | undefined {
  return canonicalIp(p.hostname);
}

/** Whether `url` lies inside the registration's prefix (same scheme, host and port; path on a segment boundary). */
export function covers(registration: Pick<UpstreamRegistration, 'urlPrefix'>, url: ParsedUpstream): boolean {
  return normalisePrefix(url).startsWith(registration.urlPrefix);
}

/** The first active registration that covers `url`. */
export function coveringRegistration<R extends Pick<UpstreamRegistration, 'urlPrefix' | 'revokedAt'>>(registrations: readonly R[], url: ParsedUpstream): R | undefined {
  return registrations.find((r) => r.revokedAt === null && covers(r, url));
}

/**
 * Two prefixes reach the same backend: same host and port (whatever the scheme: `http://h:443`
 * is `https://h`'s port) and one path inside the other. Names and addresses are compared as
 * written; the operator, who alone registers, is trusted not to alias one agency's host by IP.
 */
export function overlap(a: ParsedUpstream, b: ParsedUpstream): boolean {
  return a.hostname === b.hostname && a.port === b.port && (a.path.startsWith(b.path) || b.path.startsWith(a.path));
}

import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/**
 * Compares a submitted synchronizer token with the session's in constant time. Both sides are
 * hashed first so their lengths match and the comparison reveals nothing about the length.
 */
export function csrfTokenMatches(expected: string, submitted: unknown): boolean {
  if (typeof submitted !== 'string' || !submitted || !expected) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(submitted).digest();
  return timingSafeEqual(a, b);
}

/**
 * Defence in depth beside the token: browsers say where a request came from. A header that is
 * absent proves nothing (older browsers, tests), so only a present one that names another
 * origin refuses. The Origin's host is compared, not its scheme, because a proxy that ends TLS
 * makes the request look like plain http here.
 */
export function isSameOriginRequest(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    const from = new URL(origin);
    // Read our host with the Origin's scheme, so a default port (`:80`, `:443`) compares equal.
    return from.host === new URL(`${from.protocol}//${request.host}`).host;
  } catch {
    // `Origin: null` (sandboxed frames, some redirects) is never our own page.
    return false;
  }
}

import type { FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import type { Authenticator } from '../http/access.ts';
import { findSession } from './sessions.ts';

export const sessionCookie = 'ow_staff';

/**
 * Pages only. The JSON API must never accept the cookie: a browser sends it on its own, so an
 * API that honoured it would be open to cross-site request forgery. The matched route decides,
 * not the raw path, so `/%61pi/...` cannot slip past; a request that matched no route gets no
 * session either.
 */
export function acceptsSessionCookie(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  if (!route) return false;
  const lower = route.toLowerCase();
  if (lower === '/api' || lower.startsWith('/api/')) return false;
  // Stylesheets and fonts are public and fetched with every page: no database lookup for them.
  return !lower.startsWith('/static/');
}

/** Staff signed in on web pages carry a session cookie; the JSON API never accepts it. */
export function staffSessionAuthenticator(db: Database): Authenticator {
  return async (request) => {
    const secret = request.cookies?.[sessionCookie];
    if (!secret || !acceptsSessionCookie(request)) return null;
    const session = await findSession(db, secret);
    if (!session) return null;
    request.staffSession = session;
    request.staffName = session.staffName;
    return session.principal;
  };
}

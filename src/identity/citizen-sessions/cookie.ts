import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/database.ts';
import type { Authenticator } from '../../http/access.ts';
import { acceptsSessionCookie } from '../session-authenticator.ts';
import { citizenSessionLifetimeSeconds, findCitizenSession, type CitizenSession } from './sessions.ts';

export const citizenSessionCookie = 'ow_session';

/**
 * SameSite=Lax, not Strict like the staff cookie: an agency's application sends the person to
 * the window's authorization endpoint by a top-level link from its own site, and a Strict cookie
 * would not come along, so single sign-on would ask everyone to sign in again. Lax still keeps
 * the cookie off cross-site posts; forms carry the session's synchronizer token as well.
 */
const cookieBase = (request: FastifyRequest) => ({ path: '/', httpOnly: true, sameSite: 'lax' as const, secure: request.protocol === 'https' });

export function setCitizenSessionCookie(request: FastifyRequest, reply: FastifyReply, secret: string): void {
  reply.setCookie(citizenSessionCookie, secret, { ...cookieBase(request), maxAge: citizenSessionLifetimeSeconds });
}

export function clearCitizenSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(citizenSessionCookie, cookieBase(request));
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The whole session row when a person is signed in (or owes their second factor). */
    citizenSessionRow?: CitizenSession | null;
  }
}

/**
 * The person's own API (`/api/v1/me/…`, profiles and mandates) is the one part of the JSON API
 * that takes the portal's cookie: it is what the person's browser calls. Its writes demand the
 * session's synchronizer token in `X-CSRF-Token` (src/identity/profiles/api-routes.ts), and its
 * answers carry no CORS headers, so another site can neither post to it nor read it. The
 * matched route decides, as for the pages.
 */
function isCitizenApiRoute(request: FastifyRequest): boolean {
  const route = request.routeOptions.url?.toLowerCase();
  return route === '/api/v1/me' || !!route?.startsWith('/api/v1/me/');
}

/**
 * The session behind this request's cookie, looked up once per request (the authenticator and
 * the OpenID Connect provider's interaction pages both ask). Pages only, like the staff cookie.
 */
export async function citizenSessionOf(db: Database, request: FastifyRequest): Promise<CitizenSession | null> {
  if (request.citizenSessionRow !== undefined) return request.citizenSessionRow;
  const secret = request.cookies?.[citizenSessionCookie];
  const session = secret && (acceptsSessionCookie(request) || isCitizenApiRoute(request)) ? await findCitizenSession(db, secret) : null;
  request.citizenSessionRow = session;
  return session;
}

/**
 * A person signed in on the portal becomes a `citizen` principal on pages. A session still
 * owing its second factor authenticates nobody (the second-factor page reads it through
 * `citizenSessionOf`).
 */
export function citizenSessionAuthenticator(db: Database): Authenticator {
  return async (request) => {
    const session = await citizenSessionOf(db, request);
    if (!session || session.secondFactorPending) return null;
    request.citizenSession = { id: session.id, csrfToken: session.csrfToken };
    return session.principal;
  };
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/database.ts';
import { csrfTokenMatches, isSameOriginRequest } from '../../web/csrf.ts';
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
 * The session behind this request's cookie, looked up once per request (the authenticator and
 * the OpenID Connect provider's interaction pages both ask). Pages, and the people's own API
 * with the session's token in a header (below); never the staff API.
 */
export async function citizenSessionOf(db: Database, request: FastifyRequest): Promise<CitizenSession | null> {
  if (request.citizenSessionRow !== undefined) return request.citizenSessionRow;
  const secret = request.cookies?.[citizenSessionCookie];
  let session: CitizenSession | null = null;
  if (secret && acceptsSessionCookie(request)) session = await findCitizenSession(db, secret);
  else if (secret && isPeoplesApiRoute(request)) session = await peoplesApiSession(db, request, secret);
  request.citizenSessionRow = session;
  return session;
}

/** The header a people's API call carries the session's synchronizer token in. */
export const citizenApiTokenHeader = 'x-csrf-token';

/** A route of the people's own API: under `/api/` and declared `access: 'citizen'` (`/api/v1/me/...`). */
function isPeoplesApiRoute(request: FastifyRequest): boolean {
  const route = request.routeOptions.url?.toLowerCase();
  return !!route && route.startsWith('/api/') && request.routeOptions.config?.access === 'citizen';
}

/**
 * The people's API takes the session cookie only together with the session's own token in
 * `X-CSRF-Token` — the token its pages' forms carry — and only from this site when the browser
 * says where the request came from. A browser sends the cookie with any site's request, but
 * another site can neither read the token nor set a custom header on a cross-site request
 * without a CORS preflight this server never grants, so a forged call carries no token and is
 * anonymous. Reads too: what the API answers ("who accessed my data") is as private as what it
 * changes. The staff API never takes a cookie.
 */
async function peoplesApiSession(db: Database, request: FastifyRequest, secret: string): Promise<CitizenSession | null> {
  const given = request.headers[citizenApiTokenHeader];
  if (typeof given !== 'string' || given.length > 200 || !isSameOriginRequest(request)) return null;
  const session = await findCitizenSession(db, secret);
  return session && csrfTokenMatches(session.csrfToken, given) ? session : null;
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

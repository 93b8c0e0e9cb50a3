import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.ts';
import type { Principal } from '../../core/access.ts';
import { csrfTokenMatches, isSameOriginRequest } from '../../web/csrf.ts';
import { sessionCookie } from '../session-authenticator.ts';
import { sessionLifetimeSeconds } from '../session-service.ts';

export type StaffPrincipal = Extract<Principal, { kind: 'staff' }>;

/** The signed-in staff member; route access has already refused everyone else. */
export function staffOf(request: FastifyRequest): StaffPrincipal {
  const p = request.principal;
  if (p.kind !== 'staff') throw new AppError('UNAUTHENTICATED');
  return p;
}

/**
 * A form post is genuine when it comes with this session's synchronizer token and, when the
 * browser says where it came from, from our own origin. A caller using a bearer token has no
 * session and so cannot post the staff forms: they are for people in a browser.
 */
export function isGenuinePost(request: FastifyRequest, submitted: unknown): boolean {
  const session = request.staffSession;
  if (!session) return false;
  return isSameOriginRequest(request) && csrfTokenMatches(session.csrfToken, submitted);
}

/**
 * Where to go after signing in: only a path on this site. `//host` and `/\host` are read by
 * browsers as another site, so they are refused along with anything absolute.
 */
export function safeNext(next: unknown): string | null {
  if (typeof next !== 'string' || next.length > 2000) return null;
  if (!next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(next)) return null;
  return next;
}

const cookieBase = (request: FastifyRequest) => ({ path: '/', httpOnly: true, sameSite: 'strict' as const, secure: request.protocol === 'https' });

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, secret: string): void {
  reply.setCookie(sessionCookie, secret, { ...cookieBase(request), maxAge: sessionLifetimeSeconds });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(sessionCookie, cookieBase(request));
}

/** Staff pages carry private data and form tokens: never kept by a browser or a proxy cache. */
export async function noStore(_request: FastifyRequest, reply: FastifyReply): Promise<void> {
  reply.header('cache-control', 'no-store');
}

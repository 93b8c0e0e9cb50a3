import type { FastifyReply, FastifyRequest } from 'fastify';
import { sessionCookie } from '../session-authenticator.ts';
import { sessionLifetimeSeconds } from '../sessions.ts';

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

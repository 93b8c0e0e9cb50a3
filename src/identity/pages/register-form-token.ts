import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { csrfTokenMatches, isSameOriginRequest } from '../../web/csrf.ts';

/**
 * Registration forms are posted before there is any session, so there is no synchronizer token
 * to carry. They get a double-submit token instead: a random value in a cookie of their own
 * (HttpOnly, SameSite=Strict, only sent to /register) and the same value in the form. Another
 * site can make a browser post the form but can neither read the cookie nor set it (Strict,
 * and a `__Host-` name over HTTPS keeps sibling subdomains from planting one), so it cannot
 * supply the matching field. The browser's own word on where the post came from
 * (`Sec-Fetch-Site`, `Origin`) is checked as well, as for the staff sign-in.
 */
const plainName = 'ow_register';
const secureName = '__Host-ow_register';
const cookieName = (request: FastifyRequest) => (request.protocol === 'https' ? secureName : plainName);

/** The token for the form being shown: the browser's, or a new one set now. */
export function registrationFormToken(request: FastifyRequest, reply: FastifyReply): string {
  const existing = request.cookies?.[cookieName(request)];
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  // `__Host-` cookies must have Path=/; the plain one is kept to /register.
  const https = request.protocol === 'https';
  reply.setCookie(cookieName(request), token, { path: https ? '/' : '/register', httpOnly: true, sameSite: 'strict', secure: https });
  return token;
}

export function isGenuineRegistrationPost(request: FastifyRequest, submitted: unknown): boolean {
  const cookie = request.cookies?.[cookieName(request)];
  return isSameOriginRequest(request) && !!cookie && csrfTokenMatches(cookie, submitted);
}

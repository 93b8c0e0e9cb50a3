import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.ts';
import type { Principal } from '../../core/access.ts';
import { csrfTokenMatches, isSameOriginRequest } from '../csrf.ts';

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
 * session and so cannot post these forms: they are for people in a browser (staff or signed-in
 * citizens, each with their own session).
 */
export function isGenuinePost(request: FastifyRequest, submitted: unknown): boolean {
  const session = request.staffSession ?? request.citizenSession;
  if (!session) return false;
  return isSameOriginRequest(request) && csrfTokenMatches(session.csrfToken, submitted);
}

/** Staff pages carry private data and form tokens: never kept by a browser or a proxy cache. */
export async function noStore(_request: FastifyRequest, reply: FastifyReply): Promise<void> {
  reply.header('cache-control', 'no-store');
}

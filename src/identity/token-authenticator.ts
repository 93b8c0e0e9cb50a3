import type { FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import { AppError } from '../core/errors.ts';
import type { Authenticator } from '../http/access.ts';
import { authenticateToken } from './staff.ts';

/**
 * `Authorization: Bearer ow_...`. A request that presents a token which does not verify is
 * refused outright, rather than treated as anonymous, so a revoked token is noticed.
 */
export function bearerTokenAuthenticator(db: Database): Authenticator {
  return async (request: FastifyRequest) => {
    const header = request.headers.authorization;
    if (!header || request.routeOptions.config?.ownCredentials) return null;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AppError('INVALID_TOKEN');
    const principal = await authenticateToken(db, match[1]!);
    if (!principal) throw new AppError('INVALID_TOKEN');
    return principal;
  };
}

import type { FastifyRequest } from 'fastify';
import { AppError, type FieldIssue } from '../core/errors.ts';
import { INVALID_CHARACTER, invalidCharacterMessage, unstorableTextPaths } from '../core/text/storable.ts';

const parts = [
  ['body', (r: FastifyRequest) => r.body],
  ['querystring', (r: FastifyRequest) => r.query],
  ['params', (r: FastifyRequest) => r.params],
] as const;

/**
 * A root `preValidation` hook, so every route inherits it — JSON bodies, staff form posts,
 * query strings and path parameters alike, schema or not: text PostgreSQL cannot store is
 * refused as a VALIDATION_FAILED naming each field, before any handler can write it.
 * Import files arrive as bytes and are checked line by line by the import instead.
 */
export async function refuseUnstorableText(request: FastifyRequest): Promise<void> {
  const errors: FieldIssue[] = [];
  for (const [part, read] of parts) {
    for (const path of unstorableTextPaths(read(request))) errors.push({ field: `${part}${path}`, code: INVALID_CHARACTER, message: invalidCharacterMessage });
  }
  if (errors.length) throw new AppError('VALIDATION_FAILED', { extensions: { errors } });
}

import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, errorCatalog, type ErrorCode, type FieldIssue } from '../core/errors.ts';
import { constraintViolationOf, violationDetail } from '../db/constraint-violation.ts';
import { isDatabaseUnavailable } from '../db/unavailable.ts';

/** An RFC 9457 problem document; `code` is the stable identifier clients branch on. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: ErrorCode;
  requestId: string;
  [extension: string]: unknown;
}

export const problemType = (code: ErrorCode) => `urn:onewindow:problem:${code.toLowerCase().replaceAll('_', '-')}`;

/** Maps Fastify's own errors (validation, body parsing) onto our stable codes. */
export function toAppError(error: FastifyError | AppError | Error): AppError {
  if (error instanceof AppError) return error;
  const fe = error as FastifyError;
  if (fe.validation) {
    const errors: FieldIssue[] = fe.validation.map((v) => {
      const params = v.params as Record<string, unknown>;
      const extra = params.additionalProperty ?? params.missingProperty;
      const base = v.instancePath || '';
      return {
        field: `${fe.validationContext ?? 'body'}${base}${extra ? `/${String(extra)}` : ''}`,
        code: String(v.keyword),
        message: v.message ?? 'is not valid',
      };
    });
    return new AppError('VALIDATION_FAILED', { extensions: { errors } });
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('BODY_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('MALFORMED_REQUEST');
    case 'FST_ERR_BAD_URL':
      return new AppError('MALFORMED_URL');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new AppError('URL_TOO_LONG');
  }
  // A write that lost a race and that its service did not map to the resource's own code.
  const violation = constraintViolationOf(error);
  if (violation) return new AppError(violation.kind === 'unique' ? 'CONFLICT' : 'REFERENCE_NOT_FOUND', { detail: violationDetail(violation), cause: error });
  // The database is down, frozen past its timeouts or restarting: the caller may try again soon.
  if (isDatabaseUnavailable(error)) return new AppError('DATABASE_UNAVAILABLE', { detail: error.message, cause: error });
  // Errors raised by JSON.parse in the content-type parser carry a 400 status and no code.
  if (fe.statusCode === 400 && error instanceof SyntaxError) return new AppError('MALFORMED_REQUEST');
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code = (Object.keys(errorCatalog) as ErrorCode[]).find((c) => errorCatalog[c].status === fe.statusCode) ?? 'MALFORMED_REQUEST';
    return new AppError(code, { detail: fe.message });
  }
  return new AppError('INTERNAL', { detail: error.message, cause: error });
}

export function problemOf(error: AppError, request: FastifyRequest): Problem {
  return {
    type: problemType(error.code),
    title: errorCatalog[error.code].title,
    status: error.status,
    detail: error.message,
    instance: request.url.split('?')[0] ?? '/',
    code: error.code,
    requestId: request.id,
    ...error.extensions,
  };
}

/**
 * Seconds a caller should wait before trying again (`Retry-After`), for the codes that mean
 * "not now" rather than "not this": a database outage usually outlasts one connect timeout.
 */
const retryAfterSeconds: Partial<Record<ErrorCode, number>> = { DATABASE_UNAVAILABLE: 5 };

/** The `Retry-After` value for an error, if its code has one. */
export function retryAfter(error: AppError): string | undefined {
  const seconds = retryAfterSeconds[error.code];
  return seconds === undefined ? undefined : String(seconds);
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: AppError): FastifyReply {
  const wait = retryAfter(error);
  if (wait !== undefined) reply.header('retry-after', wait);
  return reply.code(error.status).type('application/problem+json; charset=utf-8').send(problemOf(error, request));
}

/** The single error handler: known errors become problems; anything else is logged and hidden. */
export function handleError(this: unknown, error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const appError = toAppError(error);
  if (appError.code === 'INTERNAL') request.log.error({ err: error }, 'unhandled error');
  else if (appError.code === 'DATABASE_UNAVAILABLE') request.log.warn({ err: error }, 'database unavailable');
  else if (appError.detail) request.log.info({ code: appError.code, detail: appError.detail }, 'request refused');
  return sendProblem(reply, request, appError);
}

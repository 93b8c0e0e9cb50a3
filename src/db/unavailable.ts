/**
 * Whether a failure means "the database cannot be reached or answer right now" rather than
 * "this request is wrong" or "our code is wrong": the portal then answers 503 with Retry-After
 * and the stable code DATABASE_UNAVAILABLE instead of 500 INTERNAL (http/problem.ts).
 *
 * Recognised, anywhere on the error's cause chain (the port throws the redacted wrappers of
 * redact-error.ts, drizzle wraps the driver's error, an AggregateError holds one per address):
 * - the socket failed: connection refused, reset, timed out, host or network unreachable, a
 *   name that does not resolve (now), a write to a closed connection;
 * - node-postgres gave up: "timeout exceeded when trying to connect" (the pool's connect
 *   timeout), "Connection terminated due to connection timeout", "Connection terminated
 *   unexpectedly", a client that is no longer queryable, a pool already ended (shutdown);
 * - PostgreSQL said so: 57014 (statement timeout or cancel), 57P01/57P02/57P03 (administrator
 *   or crash shutdown, cannot connect now), 53300 (too many connections), and any 08xxx
 *   (connection exception).
 */

const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'EHOSTDOWN', 'ENETUNREACH', 'ENETDOWN', 'EAI_AGAIN', 'ENOTFOUND']);

const SQLSTATES = new Set(['57014', '57P01', '57P02', '57P03', '53300']);

const MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /Connection terminated due to connection timeout/i,
  /Connection terminated unexpectedly/i,
  /^Connection terminated$/i,
  /Client has encountered a connection error and is not queryable/i,
  /Cannot use a pool after calling end on the pool/i,
  /Client was closed and is not queryable/i,
];

/** How deep the cause chain is followed (a cycle cannot hang it). */
const MAX_DEPTH = 8;

export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (depth > MAX_DEPTH || err === null || typeof err !== 'object') return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (SOCKET_CODES.has(code) || SQLSTATES.has(code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  const message = (err as { message?: unknown }).message;
  if (typeof message === 'string' && MESSAGES.some((m) => m.test(message))) return true;
  const inner = (err as { errors?: unknown }).errors;
  if (Array.isArray(inner) && inner.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable((err as { cause?: unknown }).cause, depth + 1);
}

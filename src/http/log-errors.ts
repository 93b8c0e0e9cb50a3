import { redactDatabaseError } from '../db/redact-error.ts';

export type SerializedError = { type: string; message: string; stack: string; [field: string]: unknown };

/**
 * The server log's `err` serializer: pino's shape (`type`, `message` with the causes' messages
 * after ": ", `stack` with "caused by:" sections, `aggregateErrors`, the error's own fields),
 * with every database error in the chain redacted first (`redactDatabaseError`), so a failing
 * query is logged with its SQL text and SQLSTATE and without its parameters or values.
 */
export function serializeError(err: Error): SerializedError {
  // Something else logged under `err` (a string, say) keeps its text.
  return err instanceof Error ? serialize(err, new Set()) : { type: typeof err, message: String(err), stack: '' };
}

function serialize(original: Error, seen: Set<Error>): SerializedError {
  const e = redactDatabaseError(original) as Error;
  seen.add(original);
  const chain: Error[] = [];
  for (let x: unknown = e; x instanceof Error && !chain.includes(x) && chain.length < 10; x = redactDatabaseError(x.cause)) chain.push(x);
  const out: SerializedError = {
    type: e.constructor.name,
    message: chain.map((c) => c.message).join(': '),
    stack: chain.map((c, i) => (i ? `caused by: ${c.stack ?? c.message}` : (c.stack ?? c.message))).join('\n'),
  };
  const errors = (e as { errors?: unknown }).errors;
  if (Array.isArray(errors)) out.aggregateErrors = errors.map((x) => (x instanceof Error && !seen.has(x) ? serialize(x, seen) : x));
  for (const key in e) {
    if (key === 'cause' || key === 'errors' || key in out) continue;
    const value = (e as unknown as Record<string, unknown>)[key];
    out[key] = value instanceof Error ? (seen.has(value) ? '[circular]' : serialize(value, seen)) : value;
  }
  return out;
}

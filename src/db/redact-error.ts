/**
 * Database errors without the data. Both drivers attach the statement's parameters to their
 * errors — drizzle's "Failed query: …\nparams: …", PGlite's `params` — and PostgreSQL puts
 * values in `detail` ("Key (national_code)=(0012345678) already exists.") and quotes them in
 * messages ('invalid input syntax for type integer: "…"'). Logged as they are, those lines
 * carry national codes. What helps find the fault stays: the SQL text (placeholders, not
 * values), the SQLSTATE, the constraint, table and column names, and the stack.
 *
 * The database port (`postgres.ts`, `embedded.ts`) throws only redacted errors, and the server
 * log's error serializer redacts again whatever reaches it some other way.
 */

/** Message words after which PostgreSQL quotes a name rather than a value: `relation "t"`. */
const NAME_BEFORE =
  /\b(?:relation|constraint|column|table|type|index|function|procedure|routine|aggregate|schema|database|role|user|sequence|view|operator|encoding|extension|trigger|domain|collation|publication|subscription|partition|cursor|statement|portal|savepoint|parameter|tablespace|server|policy|rule|attribute|language|conversion|channel|lock)\s*$/i;

/** Shortest parameter text blanked wherever it appears in a message (shorter ones would blank ordinary words). */
const MIN_PARAM_LENGTH = 4;

/** A query that failed: drizzle's wrapper, with the SQL text and no parameters. */
export class QueryFailed extends Error {
  /** The SQLSTATE of the cause, here too so a log line shows it as a field. */
  readonly code?: string;
  readonly query: string;
  readonly parameters: string;
  constructor(query: string, parameterCount: number, cause: unknown, stack: string | undefined) {
    super(`Failed query: ${query}`, { cause });
    this.name = 'QueryFailed';
    const code = (cause as { code?: unknown } | undefined)?.code;
    if (typeof code === 'string') this.code = code;
    this.query = query;
    this.parameters = `${parameterCount} withheld`;
    this.stack = restack(this, stack);
  }
}

/** PostgreSQL's (or PGlite's) error, with the names and the SQLSTATE and without the values. */
export class DatabaseError extends Error {
  constructor(message: string, fields: Record<string, unknown>, stack: string | undefined) {
    super(message);
    this.name = 'DatabaseError';
    Object.assign(this, fields);
    this.stack = restack(this, stack);
  }
}

/** Fields of a server error that hold names, codes and positions, never values. */
const SAFE_FIELDS = ['code', 'severity', 'position', 'schema', 'table', 'column', 'dataType', 'constraint', 'routine', 'file', 'line'] as const;

type Params = readonly unknown[];

const isQueryWrapper = (e: object): e is Error & { query: string; params: Params } =>
  e instanceof Error && typeof (e as { query?: unknown }).query === 'string' && Array.isArray((e as { params?: unknown }).params) && e.message.startsWith('Failed query:');

const isServerError = (e: object): e is Error & Record<string, unknown> =>
  e instanceof Error && typeof (e as { code?: unknown }).code === 'string' && /^[0-9A-Z]{5}$/.test((e as unknown as { code: string }).code) && 'severity' in e;

/** Whether `e` is one of the drivers' errors (or already redacted). */
export function isDatabaseError(e: unknown): boolean {
  return !!e && typeof e === 'object' && (e instanceof QueryFailed || e instanceof DatabaseError || isQueryWrapper(e) || isServerError(e));
}

/**
 * The same error without parameters or values: a driver's error becomes a `QueryFailed` or
 * `DatabaseError` (its cause redacted too); anything else is returned as it is.
 */
export function redactDatabaseError(e: unknown, params: Params = []): unknown {
  if (!e || typeof e !== 'object' || e instanceof QueryFailed || e instanceof DatabaseError) return e;
  if (isQueryWrapper(e)) return new QueryFailed(e.query, e.params.length, redactDatabaseError(e.cause, e.params), e.stack);
  if (isServerError(e)) {
    const own = Array.isArray(e.params) ? (e.params as Params) : params;
    const fields: Record<string, unknown> = {};
    for (const f of SAFE_FIELDS) if (e[f] !== undefined && e[f] !== null) fields[f] = e[f];
    if (typeof e.query === 'string') fields.query = e.query;
    return new DatabaseError(redactMessage(e.message, own), fields, e.stack);
  }
  return e;
}

/** Blanks quoted values and any parameter's text; quoted names (`relation "t"`) stay. */
export function redactMessage(message: string, params: Params = []): string {
  let out = message;
  for (const p of params) {
    const text = paramText(p);
    if (text !== null && text.length >= MIN_PARAM_LENGTH) out = out.split(text).join('[redacted]');
  }
  return out.replace(/"(?:[^"]|"")*"/g, (quoted, offset: number) => (NAME_BEFORE.test(out.slice(Math.max(0, offset - 40), offset)) ? quoted : '"[redacted]"'));
}

function paramText(p: unknown): string | null {
  if (p === null || p === undefined) return null;
  if (typeof p === 'string') return p;
  if (typeof p === 'number' || typeof p === 'bigint' || typeof p === 'boolean') return String(p);
  if (p instanceof Date) return Number.isNaN(p.getTime()) ? null : p.toISOString();
  try {
    return JSON.stringify(p);
  } catch {
    return null;
  }
}

/** The original stack frames under the redacted error's own first line (the original's repeats the message). */
function restack(error: Error, stack: string | undefined): string {
  const frames = (stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
  return [`${error.name}: ${error.message}`, ...frames].join('\n');
}

/**
 * A short, redacted account of a database error for another error's message: the server's
 * message and SQLSTATE, without the SQL text (a log line carries that in the cause).
 */
export function describeDatabaseError(e: unknown): string {
  const r = redactDatabaseError(e);
  const server = r instanceof QueryFailed ? r.cause : r;
  if (server instanceof DatabaseError) return `${server.message} (SQLSTATE ${String((server as { code?: unknown }).code)})`;
  if (r instanceof QueryFailed) return r.cause instanceof Error ? r.cause.message : r.message;
  return r instanceof Error ? r.message : String(r);
}

/** Runs a database call and rethrows its failure redacted. */
export async function redacting<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw redactDatabaseError(e);
  }
}

/** The batches of a cursor, its failure rethrown redacted. */
export async function* redactingBatches<T>(batches: AsyncGenerator<T[], void, undefined>): AsyncGenerator<T[], void, undefined> {
  try {
    yield* batches;
  } catch (e) {
    throw redactDatabaseError(e);
  }
}

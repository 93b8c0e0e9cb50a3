/**
 * The data subject of a call: the national code of the person the data is about, read where the
 * service declares it (`service.dataSubject`: a path template parameter, a query parameter or a
 * header). The exchange log keeps it so the person can see every access ("who accessed my
 * data"), so a call must not be able to reach the provider with a subject the log does not have.
 *
 * Outcomes:
 * - `absent`: the call does not carry the parameter at all. Allowed, logged with no subject: the
 *   provider gets no person from it either.
 * - `found`: carried exactly once and a well-formed national code (check digit included). The
 *   canonical form, the one logged and looked up, is what `parseNationalCode` returns: 10 ASCII
 *   digits, after Persian (U+06F0–9) and Arabic-Indic (U+0660–9) digits are folded to ASCII and
 *   the separators people paste (spaces, dashes, direction marks) are dropped; so
 *   `%DB%B1%DB%B2...`, `+1234567210` and `1234-567210` all log as `1234567210`.
 * - `refused` (`Client.InvalidDataSubject`, before forwarding): carried more than once — even
 *   with the same value, since which one the provider reads is its framework's choice (first,
 *   last, a list) — or carried once but empty or not a valid national code. A lenient
 *   provider could read a person out of what the gateway cannot, so "malformed" is no more
 *   allowed than "ambiguous". When every copy names the same person the refusal still logs that
 *   code, so the person sees the attempt.
 *
 * What counts as "carried", per place:
 * - query: every `&`- or `;`-separated pair (`;` because some frameworks split there too) whose
 *   key, `+` and percent-decoded (`national%43ode`), equals the name ignoring ASCII case (some
 *   frameworks bind keys case-insensitively), or is the name followed by `[` (`name[]=`, an
 *   array or map in PHP, Rails, qs — never a single value). A key without `=` carries an empty
 *   value.
 * - header: every header line of that name, and every element of a comma-separated list in one
 *   line (`a, b` is two values to HTTP, RFC 9110 §5.3).
 * - path: the matched endpoint's `{name}` segment, percent-decoded once (`+` is a literal plus
 *   there). An endpoint without that parameter carries no subject.
 */
import { parseNationalCode } from '../../core/national-code.ts';
import type { CompiledEndpoint } from '../protocol/endpoints.ts';
import type { HeaderList } from '../protocol/headers.ts';
import type { DataSubjectLocation } from '../model.ts';

export type SubjectRefusal = 'repeated' | 'conflicting' | 'malformed';

export type Subject =
  | { kind: 'absent' }
  | { kind: 'found'; code: string }
  /** `code`: the person every copy names, when they agree. */
  | { kind: 'refused'; reason: SubjectRefusal; code?: string };

const ABSENT: Subject = { kind: 'absent' };

/** Longer than any spelling of a national code `parseNationalCode` accepts, percent-encoded. */
const MAX_RAW_LENGTH = 64 * 9;

export interface SubjectSource {
  method: string;
  /** The provider path, as received. */
  path: string;
  /** The raw query (without `?`), as received. */
  query: string | undefined;
  headers: HeaderList;
  endpoint: CompiledEndpoint | undefined;
}

export function readDataSubject(where: DataSubjectLocation, s: SubjectSource): Subject {
  switch (where.in) {
    case 'path': {
      const raw = s.endpoint?.params(s.method, s.path)?.[where.name];
      return raw === undefined ? ABSENT : single(decoded(raw, false));
    }
    case 'query':
      return s.query === undefined || s.query === '' ? ABSENT : fromQuery(s.query, where.name);
    case 'header':
      return fromHeaders(s.headers, where.name);
  }
}

/** The canonical code of one carried value, or null when it is not a national code. */
function canonical(value: string | null): string | null {
  if (value === null) return null;
  const parsed = parseNationalCode(value);
  return parsed.ok ? parsed.code : null;
}

/** A percent-encoded value decoded (`+` as space in a query), or null when it cannot be. */
function decoded(raw: string, plusIsSpace: boolean): string | null {
  if (raw.length > MAX_RAW_LENGTH) return null;
  if (!raw.includes('%') && !(plusIsSpace && raw.includes('+'))) return raw;
  try {
    return decodeURIComponent(plusIsSpace ? raw.replace(/\+/g, ' ') : raw);
  } catch {
    return null;
  }
}

function single(value: string | null): Subject {
  const code = canonical(value);
  return code === null ? { kind: 'refused', reason: 'malformed' } : { kind: 'found', code };
}

/** Several copies: refused, naming the person only when every copy is the same valid code. */
function several(codes: ReadonlyArray<string | null>): Subject {
  const first = codes[0] ?? null;
  if (first !== null && codes.every((c) => c === first)) return { kind: 'refused', reason: 'repeated', code: first };
  return { kind: 'refused', reason: 'conflicting' };
}

/** How a query key relates to the parameter name: not it, it, or it as a list or map (`name[...]`). */
const NO_MATCH = 0;
const VALUE = 1;
const STRUCTURED = 2;
type KeyMatch = typeof NO_MATCH | typeof VALUE | typeof STRUCTURED;

function matchKey(rawKey: string, name: string, lowerName: string): KeyMatch {
  const key = rawKey.includes('%') || rawKey.includes('+') ? decoded(rawKey, true) : rawKey;
  if (key === null || key.length < name.length) return NO_MATCH;
  if (key.length === name.length) return key === name || key.toLowerCase() === lowerName ? VALUE : NO_MATCH;
  if (key.charCodeAt(name.length) !== 91 /* [ */) return NO_MATCH;
  return key.slice(0, name.length).toLowerCase() === lowerName ? STRUCTURED : NO_MATCH;
}

/** One pass over the query; a key is decoded only when it is long enough to be the name. */
function fromQuery(query: string, name: string): Subject {
  const lowerName = name.toLowerCase();
  let values: Array<string | null> | undefined;
  let structured = false;
  const n = query.length;
  for (let start = 0; start <= n; ) {
    let end = start;
    let eq = -1;
    for (; end < n; end++) {
      const c = query.charCodeAt(end);
      if (c === 38 /* & */ || c === 59 /* ; */) break;
      if (c === 61 /* = */ && eq === -1) eq = end;
    }
    const keyEnd = eq === -1 ? end : eq;
    const match = keyEnd - start >= name.length ? matchKey(query.slice(start, keyEnd), name, lowerName) : NO_MATCH;
    if (match !== NO_MATCH) {
      if (match === STRUCTURED) structured = true;
      (values ??= []).push(eq === -1 ? '' : decoded(query.slice(eq + 1, end), true));
    }
    start = end + 1;
  }
  if (values === undefined) return ABSENT;
  // A list or map is refused even with one element: which element the provider reads is its choice.
  if (values.length === 1 && !structured) return single(values[0] ?? null);
  return several(values.map(canonical));
}

function fromHeaders(headers: HeaderList, name: string): Subject {
  const lowerName = name.toLowerCase();
  let values: string[] | undefined;
  for (const [n, v] of headers) {
    if (n.length !== name.length || n.toLowerCase() !== lowerName) continue;
    values ??= [];
    if (v.includes(',')) for (const element of v.split(',')) values.push(element);
    else values.push(v);
  }
  if (values === undefined) return ABSENT;
  if (values.length === 1) return single(values[0] ?? null);
  return several(values.map(canonical));
}

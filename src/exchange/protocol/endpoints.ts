/**
 * Endpoint patterns, as used by OpenAPI-derived service endpoints and by access rights that
 * cover only part of a service. Matching is on the provider path as received (still
 * percent-encoded): the r1 parser already refused encoded `/`, `\` and dot segments, so one
 * encoded segment here is one segment at the provider.
 *
 * Pattern syntax, segment by segment (segments split at `/`):
 * - `**` alone matches any number of segments, none included (X-Road's "whole service");
 * - `{name}` alone matches exactly one non-empty segment (OpenAPI path templates);
 * - `*` inside a segment matches any run of characters within that segment;
 * - anything else matches itself, case-sensitively.
 * Method `*` matches any method; otherwise methods compare case-insensitively.
 */
export interface EndpointPattern {
  method: string;
  path: string;
}

type Segment = { kind: 'rest' } | { kind: 'param'; name: string } | { kind: 'glob'; re: RegExp } | { kind: 'literal'; text: string };

export interface CompiledEndpoint {
  readonly pattern: EndpointPattern;
  matches(method: string, path: string): boolean;
  /**
   * Like `matches`, but returns the `{param}` segments as received (still percent-encoded),
   * keyed by name; `null` when the endpoint does not match.
   */
  params(method: string, path: string): Record<string, string> | null;
}

function compileSegment(s: string): Segment {
  if (s === '**') return { kind: 'rest' };
  if (/^\{[^{}/]+\}$/.test(s)) return { kind: 'param', name: s.slice(1, -1) };
  if (s.includes('*')) {
    const body = s.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*');
    return { kind: 'glob', re: new RegExp(`^${body}$`) };
  }
  return { kind: 'literal', text: s };
}

/** `captured[pi]` receives the path segment a `{param}` at pattern index `pi` matched. */
function matchSegments(pattern: readonly Segment[], path: readonly string[], pi: number, si: number, captured?: string[]): boolean {
  for (; pi < pattern.length; pi++, si++) {
    const p = pattern[pi];
    if (p === undefined) return false;
    if (p.kind === 'rest') {
      // Backtracking is bounded by the admin-written pattern, which has few `**`.
      for (let k = si; k <= path.length; k++) if (matchSegments(pattern, path, pi + 1, k, captured)) return true;
      return false;
    }
    const s = path[si];
    if (s === undefined) return false;
    if (p.kind === 'param') {
      if (s === '') return false;
      if (captured) captured[pi] = s;
    }
    if (p.kind === 'glob' && !p.re.test(s)) return false;
    if (p.kind === 'literal' && p.text !== s) return false;
  }
  return si === path.length;
}

function splitPath(path: string): string[] {
  const q = path.indexOf('?');
  const bare = q === -1 ? path : path.slice(0, q);
  // The provider path of `/r1/.../service` with nothing after it is the root.
  const normalised = bare === '' ? '/' : bare;
  return normalised.split('/').slice(1);
}

/** Compile once per configuration snapshot; the hot path then only walks segments. */
export function compileEndpoint(pattern: EndpointPattern): CompiledEndpoint {
  const method = pattern.method.toUpperCase();
  const segments = splitPath(pattern.path).map(compileSegment);
  return {
    pattern,
    matches(m, path) {
      if (method !== '*' && method !== m.toUpperCase()) return false;
      if (!path.startsWith('/') && path !== '') return false;
      return matchSegments(segments, splitPath(path), 0, 0);
    },
    params(m, path) {
      if (method !== '*' && method !== m.toUpperCase()) return null;
      if (!path.startsWith('/') && path !== '') return null;
      const captured: string[] = [];
      if (!matchSegments(segments, splitPath(path), 0, 0, captured)) return null;
      const out: Record<string, string> = {};
      segments.forEach((s, i) => {
        if (s.kind === 'param' && captured[i] !== undefined) out[s.name] = captured[i];
      });
      return out;
    },
  };
}

export function endpointMatches(pattern: EndpointPattern, method: string, path: string): boolean {
  return compileEndpoint(pattern).matches(method, path);
}

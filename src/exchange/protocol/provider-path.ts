/**
 * Which provider paths (the path after the service code, still percent-encoded) may reach an
 * upstream. The gateway never decodes or normalises the path it forwards, but the upstream
 * (or a proxy before it) may: decode it once more, drop `;` path parameters (Tomcat, Spring,
 * Jetty), fold Unicode compatibility forms (`．` U+FF0E, `‥` U+2025), collapse `//`. A segment
 * that any of those turns into a dot segment or a separator would let a call climb out of the
 * endpoint its access right was granted for, so the rule is a class, not a list of spellings:
 *
 * - a segment is percent-decoded repeatedly until stable, at most `MAX_DECODINGS` times; one
 *   that still holds an escape then (or an undecodable escape beside a decodable one, which a
 *   lenient decoder would half-decode) is refused, since what it finally means is unknowable;
 *   a first decoding that fails is `bad_encoding`, as before. A `%` that escapes nothing after
 *   the first decoding (`100%25` → `100%`) is an ordinary character;
 * - the decoded segment, NFKC-folded when it holds non-ASCII, may not contain `/` or `\`, nor a
 *   control character;
 * - with a `;`-parameter suffix dropped, it may not be only dots (`.`, `..`, `...` — some
 *   servers trim trailing dots) once surrounding spaces are trimmed (`dot_segment`);
 * - it may not hold a `;` at all, raw or encoded (`path_parameter`). Tomcat, Spring and Jetty
 *   drop `;`-parameters before routing (and a proxy before them may decode `%3B` first), so
 *   `/items/export;x` would match `/items/{id}` here, where the consumer holds a right, and
 *   `/items/export` at the provider, where it holds none. Matrix parameters (`/cars;color=red`)
 *   are therefore not carried; they are rare in REST, and a query parameter does the same;
 * - a segment of only spaces is an empty segment to a server that trims it;
 * - an empty segment (`//`) is refused anywhere except as the last one: a single trailing slash
 *   (`/persons/`, or `/` alone) was accepted before and is an ordinary REST spelling.
 *
 * Double-encoded ordinary characters (`%2541` → `A`) pass: only what a segment can finally
 * mean is judged.
 *
 * parse (through `parseR1Target`) refuses with these reasons; forward checks again before it
 * builds the upstream URL, so the rule holds even if a future caller skips parse.
 */

export type ProviderPathProblem = 'empty_segment' | 'dot_segment' | 'path_parameter' | 'encoded_separator' | 'bad_encoding' | 'nested_encoding' | 'bad_character';

/** Three layers of encoding cover every double-decoding seen in practice, with room to spare. */
export const MAX_DECODINGS = 4;

/** Why the path may not go to an upstream, or null when it may. `''` (no path) is fine. */
export function providerPathProblem(path: string): ProviderPathProblem | null {
  if (path === '') return null;
  if (path.charCodeAt(0) !== 47 /* / */) return 'bad_character';
  const n = path.length;
  let start = 1;
  for (;;) {
    let end = path.indexOf('/', start);
    if (end === -1) end = n;
    if (end === start) {
      // An empty segment: only the last one may be (a single trailing slash).
      if (end !== n) return 'empty_segment';
      return null;
    }
    const problem = segmentProblem(path, start, end);
    if (problem !== null) return problem;
    if (end === n) return null;
    start = end + 1;
  }
}

/**
 * The ordinary segment (letters, digits, no `%`, `;`, `\` or non-ASCII, not only dots) is
 * judged in one pass over its characters without copying it; the rest goes to `decodedProblem`.
 */
function segmentProblem(path: string, start: number, end: number): ProviderPathProblem | null {
  let plain = true;
  let onlyDots = true;
  for (let i = start; i < end; i++) {
    const c = path.charCodeAt(i);
    if (c === 92 /* \ */) return 'encoded_separator';
    if (c === 37 /* % */ || c === 59 /* ; */ || c > 0x7e || c < 0x21) plain = false;
    if (c !== 46 /* . */) onlyDots = false;
  }
  if (plain) return onlyDots ? 'dot_segment' : null;
  return decodedProblem(path.slice(start, end));
}

function decodedProblem(raw: string): ProviderPathProblem | null {
  let s = raw;
  let rounds = 0;
  while (rounds < MAX_DECODINGS && s.includes('%')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(s);
    } catch {
      if (rounds === 0) return 'bad_encoding';
      // Left as it is by a strict decoder; half-decoded by a lenient one if it holds an escape.
      if (hasEscape(s)) return 'nested_encoding';
      break;
    }
    rounds++;
    s = decoded;
  }
  if (rounds === MAX_DECODINGS && hasEscape(s)) return 'nested_encoding';
  if (hasNonAscii(s)) s = s.normalize('NFKC');
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 47 /* / */ || c === 92 /* \ */) return 'encoded_separator';
    if (c < 0x20 || c === 0x7f) return 'bad_character';
  }
  const semicolon = s.indexOf(';');
  const base = (semicolon === -1 ? s : s.slice(0, semicolon)).trim();
  if (base !== '' && onlyDots(base)) return 'dot_segment';
  if (semicolon !== -1) return 'path_parameter';
  return base === '' ? 'empty_segment' : null;
}

function onlyDots(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) !== 46 /* . */) return false;
  return true;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 102);
}

/** `%` followed by two hex digits somewhere in `s`. */
function hasEscape(s: string): boolean {
  for (let i = s.indexOf('%'); i !== -1 && i + 2 < s.length; i = s.indexOf('%', i + 1)) {
    if (isHex(s.charCodeAt(i + 1)) && isHex(s.charCodeAt(i + 2))) return true;
  }
  return false;
}

function hasNonAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return true;
  return false;
}

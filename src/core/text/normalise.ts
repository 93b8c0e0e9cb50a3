/**
 * Text normalisation for search and comparison, Persian first.
 *
 * Persian text reaches us typed on Arabic keyboards, pasted from Word, scanned from forms and
 * exported from older registries, so one word has many spellings. Decisions:
 *
 * - Arabic yeh ي, alef maksura ى and yeh-with-hamza ئ → Persian yeh ی; Arabic kaf ك → ک;
 *   teh marbuta ة and heh-with-yeh ۀ → ه. These are the keyboard and encoding differences.
 * - Hamza seats are folded to the seat: أ إ ٱ → ا, ؤ → و; a lone hamza ء is dropped
 *   («اجزاء» = «اجزا»). The madda is folded too, آ → ا: many people and older data omit it
 *   («اموزش» for «آموزش»), and the few words that differ only by madda are never ambiguous in
 *   a catalog of government services. Display text is never normalised, only search keys.
 * - Persian ۰-۹ and Arabic-Indic ٠-٩ digits → ASCII, so codes compare digit for digit.
 * - Diacritics (harakat U+064B–U+065F, superscript alef U+0670, any other combining mark) and
 *   tatweel U+0640 are removed; Latin letters lose their accents (é → e) and are lower-cased.
 * - ZWNJ U+200C is a word JOINER here: «می‌خواهم» becomes «میخواهم». Writers use ZWNJ, a
 *   space or nothing between the parts of one word, so no single rule makes all three equal;
 *   joining keeps «می‌خواهم» one token as most writers mean it, and the catalog search
 *   (registry/search) also tries adjacent query tokens joined and a query token split into
 *   dictionary words, which covers the spaced form «می خواهم». ZWJ, soft hyphen, BOM and
 *   bidi controls are removed the same way; a zero-width space U+200B is a space.
 * - NFKC first, so presentation forms (ﻙ, ﯼ), ligatures and full-width letters fold too.
 * - Whitespace runs collapse to one ASCII space, trimmed. Punctuation is kept (ids contain
 *   hyphens); tokenize() splits on it.
 *
 * `normaliseWithOffsets` also returns, for every UTF-16 unit of the result, the span of the
 * original it came from, so a highlight found in normalised text can be drawn on the original.
 * A removed diacritic or tatweel belongs to the letter before it, so a highlight never cuts a
 * letter from its marks; a removed ZWNJ belongs to nothing.
 */

export interface NormalisedText {
  text: string;
  /** starts[i]..ends[i] is the original span of text[i] (UTF-16 offsets, end exclusive). */
  starts: Int32Array;
  ends: Int32Array;
}

const KEEP = 1;
const REPLACE = 2;
const SPACE = 3;
const DROP_ATTACHED = 4;
const DROP_DETACHED = 5;

const fold: Record<string, string> = {
  'ي': 'ی', 'ى': 'ی', 'ئ': 'ی', 'ك': 'ک', 'ڪ': 'ک',
  'ة': 'ه', 'ۀ': 'ه', 'ۃ': 'ه', 'ە': 'ه',
  'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ؤ': 'و', 'ء': '',
};
for (let d = 0; d <= 9; d++) {
  fold[String.fromCharCode(0x06f0 + d)] = String(d);
  fold[String.fromCharCode(0x0660 + d)] = String(d);
}

const markRe = /\p{M}/u;
const spaceRe = /\s/u;
const formatRe = /\p{Cf}/u;

/** How one code point normalises: a kind and, for REPLACE, the replacement (may hold spaces). */
function classify(ch: string): [number, string] {
  if (ch === '\u200b') return [SPACE, ' '];
  if (ch === '\u0640') return [DROP_ATTACHED, ''];
  if (formatRe.test(ch)) return [DROP_DETACHED, ''];
  if (spaceRe.test(ch)) return [SPACE, ' '];
  let out = '';
  for (const c of ch.normalize('NFKC').toLowerCase()) {
    if (markRe.test(c)) continue;
    const folded = fold[c];
    if (folded !== undefined) out += folded;
    else if (spaceRe.test(c)) out += ' ';
    else {
      const code = c.charCodeAt(0);
      out += code >= 0xc0 && code <= 0x24f ? c.normalize('NFD').charAt(0) : c;
    }
  }
  if (out === '') return [DROP_ATTACHED, ''];
  if (out === ' ') return [SPACE, ' '];
  return out === ch ? [KEEP, ch] : [REPLACE, out];
}

// Lazily filled per UTF-16 unit: the same few hundred letters recur in every text. A unit that
// becomes exactly one other unit (the common case) is SINGLE with that unit in singleCache.
const SINGLE = 6;
const kindCache = new Uint8Array(0x10000);
const singleCache = new Uint16Array(0x10000);
const replCache: string[] = new Array<string>(0x10000).fill('');

function classifyUnit(code: number): number {
  const [classified, repl] = classify(String.fromCharCode(code));
  let kind = classified;
  const surrogate = code >= 0xd800 && code <= 0xdfff;
  if ((kind === KEEP || kind === REPLACE) && repl.length === 1 && repl !== ' ' && !surrogate) {
    kind = SINGLE;
    singleCache[code] = repl.charCodeAt(0);
  }
  kindCache[code] = kind;
  replCache[code] = repl;
  return kind;
}

// Output buffers shared by every call (normalisation is synchronous), grown on demand.
let outCodes = new Uint16Array(1024);
let outStarts = new Int32Array(1024);
let outEnds = new Int32Array(1024);

function ensure(size: number): void {
  if (size <= outCodes.length) return;
  const cap = Math.max(size, outCodes.length * 2);
  const codes = new Uint16Array(cap);
  codes.set(outCodes);
  outCodes = codes;
  const starts = new Int32Array(cap);
  starts.set(outStarts);
  outStarts = starts;
  const ends = new Int32Array(cap);
  ends.set(outEnds);
  outEnds = ends;
}

function decode(codes: Uint16Array, n: number): string {
  let text = '';
  // apply() takes array-likes; chunks stay far below the engine's argument limit.
  for (let i = 0; i < n; i += 4096) text += String.fromCharCode.apply(null, codes.subarray(i, Math.min(n, i + 4096)) as unknown as number[]);
  return text;
}

function run(s: string, track: boolean): NormalisedText {
  ensure(s.length + 16);
  let n = 0;
  let pendingSpaceAt = -1;
  let lastEnd = -1;
  for (let i = 0; i < s.length; ) {
    const code = s.charCodeAt(i);
    let kind = kindCache[code]!;
    if (kind === 0) kind = classifyUnit(code);
    if (kind === SINGLE) {
      if (pendingSpaceAt >= 0) {
        outCodes[n] = 32;
        outStarts[n] = pendingSpaceAt;
        outEnds[n++] = pendingSpaceAt + 1;
        pendingSpaceAt = -1;
      }
      outCodes[n] = singleCache[code]!;
      outStarts[n] = i;
      outEnds[n++] = lastEnd = ++i;
      continue;
    }
    const isPair = code >= 0xd800 && code <= 0xdbff && i + 1 < s.length;
    const width = isPair ? 2 : 1;
    let repl = replCache[code]!;
    if (isPair) [kind, repl] = classify(s.slice(i, i + 2));
    if (kind === DROP_ATTACHED) {
      if (n > 0 && pendingSpaceAt < 0 && lastEnd === i) outEnds[n - 1] = lastEnd = i + width;
    } else if (kind === SPACE) {
      if (n > 0 && pendingSpaceAt < 0) pendingSpaceAt = i;
    } else if (kind !== DROP_DETACHED) {
      // Only expansions (ligatures) can outgrow the input length reserved above.
      ensure(n + repl.length * 2 + (s.length - i) + 2);
      for (let k = 0; k < repl.length; k++) {
        const ch = repl.charCodeAt(k);
        if (ch === 32) {
          if (n > 0 && pendingSpaceAt < 0) pendingSpaceAt = i;
          continue;
        }
        if (pendingSpaceAt >= 0) {
          outCodes[n] = 32;
          outStarts[n] = pendingSpaceAt;
          outEnds[n++] = pendingSpaceAt + 1;
          pendingSpaceAt = -1;
        }
        outCodes[n] = ch;
        outStarts[n] = i;
        outEnds[n++] = lastEnd = i + width;
      }
    }
    i += width;
  }
  const text = decode(outCodes, n);
  return track ? { text, starts: outStarts.slice(0, n), ends: outEnds.slice(0, n) } : { text, starts: empty, ends: empty };
}

const empty = new Int32Array(0);

export function normaliseText(s: string): string {
  return run(s, false).text;
}

export function normaliseWithOffsets(s: string): NormalisedText {
  return run(s, true);
}

const wordCache = new Int8Array(0x10000);
const wordRe = /^[\p{L}\p{N}]$/u;

/** Is the UTF-16 unit at `i` of normalised text part of a word (letter or digit)? */
function isWordAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 0x80) return (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
  if (code >= 0xd800 && code <= 0xdfff) {
    const cp = text.codePointAt(code <= 0xdbff ? i : i - 1) ?? code;
    return wordRe.test(String.fromCodePoint(cp));
  }
  let w = wordCache[code]!;
  if (w === 0) wordCache[code] = w = wordRe.test(String.fromCharCode(code)) ? 1 : 2;
  return w === 1;
}

/** Token boundaries in already-normalised text, flat: [start0, end0, start1, end1, …]. */
export function tokenRanges(normalised: string): number[] {
  const out: number[] = [];
  let start = -1;
  for (let i = 0; i < normalised.length; i++) {
    if (isWordAt(normalised, i)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push(start, i);
      start = -1;
    }
  }
  if (start >= 0) out.push(start, normalised.length);
  return out;
}

/** Normalises `s` and splits it into words: runs of letters and digits. */
export function tokenize(s: string): string[] {
  const text = normaliseText(s);
  const ranges = tokenRanges(text);
  const out: string[] = [];
  for (let k = 0; k < ranges.length; k += 2) out.push(text.slice(ranges[k], ranges[k + 1]));
  return out;
}

/**
 * Deterministic pseudo-random choices derived from an input (a national code, a legal id).
 *
 * The reference agencies store nothing: every answer is recomputed from a SHA-256 of the
 * input, so the same question always gets the same answer, across runs and machines, and no
 * run-time randomness can make a test or a demo flaky.
 */
import { createHash } from 'node:crypto';

export interface Seed {
  /** An integer in [0, n). */
  int(n: number): number;
  /** An integer in [min, max] inclusive. */
  between(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** `n` decimal digits, e.g. for a synthetic serial number. */
  digits(n: number): string;
}

/** A stream of choices for `parts`; the parts name what is derived, so streams never collide. */
export function seeded(...parts: string[]): Seed {
  const label = parts.join('|');
  let block = 0;
  let bytes = Buffer.alloc(0);
  let at = 0;
  const next32 = (): number => {
    if (at + 4 > bytes.length) {
      // Extend the stream by hashing a counter, so long derivations never run dry.
      bytes = createHash('sha256').update(`${label}#${block++}`).digest();
      at = 0;
    }
    const value = bytes.readUInt32BE(at);
    at += 4;
    return value;
  };
  const int = (n: number): number => (n <= 1 ? 0 : next32() % n);
  return {
    int,
    between: (min, max) => min + int(max - min + 1),
    chance: (p) => next32() / 0x1_0000_0000 < p,
    pick: <T>(items: readonly T[]): T => {
      const item = items[int(items.length)];
      if (item === undefined) throw new RangeError('cannot pick from an empty list');
      return item;
    },
    digits: (n) => Array.from({ length: n }, () => String(int(10))).join(''),
  };
}

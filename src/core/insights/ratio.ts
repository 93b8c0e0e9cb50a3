/**
 * Exact share arithmetic. Shares are reported as plain numbers, but every decision (who ranks
 * higher, whether a target is met, how many services are missing) is taken on integers, so
 * 0.07 × 100 never becomes 7.000000000000001 and turns a gap of 7 services into 8.
 */

/** part / whole, or null when there is nothing to divide by (0/0 is "unknown", not 0%). */
export function shareOf(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/** Sign of a/b − c/d for non-negative integers with b, d > 0. */
export function compareFractions(a: number, b: number, c: number, d: number): number {
  const left = BigInt(a) * BigInt(d);
  const right = BigInt(c) * BigInt(b);
  return left === right ? 0 : left > right ? 1 : -1;
}

/**
 * A configured share such as 0.2 as the decimal fraction it was written as (2/10). The
 * shortest decimal that round-trips is what a person typed in the settings, so that is the
 * value the targets mean, not the binary double nearest to it.
 */
export function decimalFraction(x: number): { num: bigint; den: bigint } {
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(x));
  if (m === null || !Number.isFinite(x)) throw new Error(`not a non-negative finite number: ${x}`);
  const frac = m[2] ?? '';
  const exp = Number(m[3] ?? '0') - frac.length;
  const digits = BigInt(`${m[1] ?? '0'}${frac}`);
  return exp >= 0 ? { num: digits * 10n ** BigInt(exp), den: 1n } : { num: digits, den: 10n ** BigInt(-exp) };
}

/** Whether part / whole reaches `share`; never true for an empty whole. */
export function reachesShare(part: number, whole: number, share: number): boolean {
  if (whole === 0) return false;
  const { num, den } = decimalFraction(share);
  return BigInt(part) * den >= num * BigInt(whole);
}

/** The fewest of `whole` items that make up at least `share` of it: ⌈share × whole⌉, exactly. */
export function countForShare(whole: number, share: number): number {
  const { num, den } = decimalFraction(share);
  const product = num * BigInt(whole);
  return Number((product + den - 1n) / den);
}

/** How many more items must qualify for `part` to reach `share` of `whole`; 0 when it already does. */
export function gapToShare(part: number, whole: number, share: number): number {
  return Math.max(0, countForShare(whole, share) - part);
}

/**
 * Tracking numbers of the reference ID-card issuance service: 12 digits = `7`, the national
 * code scrambled by an invertible affine map modulo 10^10, and a Luhn check digit.
 *
 * Invertible so that a lookup by tracking number finds the same person without storage;
 * scrambled so that the number does not visibly contain the national code; Luhn so that a
 * mistyped number is a 400, not a 404.
 */

const MOD = 10_000_000_000n;
// Any multiplier coprime with 10 is invertible modulo 10^10.
const MULTIPLIER = 3_141_592_653n;
const OFFSET = 2_718_281_828n;
const PREFIX = '7';

function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [a, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % m) + m) % m;
}

const INVERSE = modInverse(MULTIPLIER, MOD);

/** The Luhn check digit for a string of digits. */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    // Double every second digit counting from the right of the payload.
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function isWellFormedTrackingNumber(value: string): boolean {
  return /^7\d{11}$/.test(value) && luhnCheckDigit(value.slice(0, 11)) === Number(value[11]);
}

export function trackingNumberFor(nationalCode: string): string {
  const scrambled = ((BigInt(nationalCode) * MULTIPLIER + OFFSET) % MOD).toString().padStart(10, '0');
  const payload = PREFIX + scrambled;
  return payload + String(luhnCheckDigit(payload));
}

/** The national code a well-formed tracking number was issued for (not necessarily a valid code). */
export function nationalCodeOf(trackingNumber: string): string {
  const scrambled = BigInt(trackingNumber.slice(1, 11));
  return ((((scrambled - OFFSET) % MOD) + MOD) % MOD * INVERSE % MOD).toString().padStart(10, '0');
}

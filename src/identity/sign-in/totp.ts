import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * RFC 6238 time-based one-time passwords as every authenticator app makes them: HMAC-SHA-1,
 * six digits, 30-second steps. A code is accepted one step either side of now (a phone's clock
 * drifts, and a person takes a few seconds to type), and the caller stores the step accepted so
 * the same code never works twice (§5.2).
 */
export const totpStepSeconds = 30;
export const totpDigits = 6;
export const totpWindow = 1;

const base32Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += base32Alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += base32Alphabet[(value << (5 - bits)) & 31];
  return out;
}

/** Null for text that is not base32 (spaces and lower case are forgiven, as people copy them). */
export function base32Decode(text: string): Buffer | null {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  if (!/^[A-Z2-7]*$/.test(clean)) return null;
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    value = (value << 5) | base32Alphabet.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new shared secret: 160 bits, RFC 4226's recommended length for HMAC-SHA-1. */
export const newTotpSecret = (): string => base32Encode(randomBytes(20));

/** The HOTP value (RFC 4226 §5.3) of a counter, with `digits` digits. */
export function hotp(key: Buffer, counter: number, digits = totpDigits, algorithm: 'sha1' | 'sha256' | 'sha512' = 'sha1'): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

export const totpStep = (unixSeconds: number): number => Math.floor(unixSeconds / totpStepSeconds);

/**
 * The step a typed code matches, within the window around `unixSeconds` and after
 * `lastUsedStep`, or null. Steps are tried newest first so the stored step only moves forward.
 */
export function matchTotp(secretBase32: string, code: string, unixSeconds: number, lastUsedStep: number | null): number | null {
  const key = base32Decode(secretBase32);
  if (!key || !/^[0-9]{6}$/.test(code)) return null;
  const now = totpStep(unixSeconds);
  for (let step = now + totpWindow; step >= now - totpWindow; step--) {
    if (lastUsedStep !== null && step <= lastUsedStep) continue;
    if (timingSafeEqual(Buffer.from(hotp(key, step)), Buffer.from(code))) return step;
  }
  return null;
}

/** What an authenticator app scans (Google Authenticator's key URI format). */
export function otpauthUri(secretBase32: string, accountLabel: string, issuer: string): string {
  const label = encodeURIComponent(`${issuer}:${accountLabel}`);
  const params = new URLSearchParams({ secret: secretBase32, issuer, algorithm: 'SHA1', digits: String(totpDigits), period: String(totpStepSeconds) });
  return `otpauth://totp/${label}?${params.toString()}`;
}

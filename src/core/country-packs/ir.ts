/** Iran: identifiers `IR-01000001-XX`, Persian first, rials, the Solar Hijri calendar. */
import type { CountryPack } from './pack.ts';

/**
 * Iran's earlier national service registry numbered services with 11 digits; a sub-service
 * adds `-` and a 1–3 digit code. Only ASCII digits: callers normalise Persian digits first
 * (core/text/normalise.ts) so that one code has one stored spelling.
 */
const externalServiceCodePattern = /^\d{11}(?:-\d{1,3})?$/;

export const ir = {
  code: 'ir',
  serviceIdPrefix: 'IR',
  locales: ['fa', 'en'],
  defaultLocale: 'fa',
  currency: 'IRR',
  externalServiceCodePattern,
  timeZone: 'Asia/Tehran',
  calendarLocale: 'fa-IR-u-ca-persian',
} as const satisfies CountryPack;

export function isValidExternalServiceCode(code: string): boolean {
  return externalServiceCodePattern.test(code);
}

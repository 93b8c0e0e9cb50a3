/** What a country pack holds; `index.ts` lists the packs there are. */
export type CountryCode = 'ir';
/** Interface languages the web layer has translations for. */
export type PackLocale = 'fa' | 'en';

export interface CountryPack {
  code: CountryCode;
  /** Upper-case Latin letters that open every service identifier (A=10..Z=35 in the checksum). */
  serviceIdPrefix: string;
  locales: readonly PackLocale[];
  defaultLocale: PackLocale;
  /** ISO 4217 code; fees are stored as integers in this currency's smallest common unit. */
  currency: string;
  /** Codes from the country's earlier registry, kept so agencies can find services by them. */
  externalServiceCodePattern: RegExp;
  /** IANA zone: "today" and reporting periods are in the country's own time. */
  timeZone: string;
  /** BCP 47 locale with calendar extension for showing dates the way citizens read them. */
  calendarLocale: string;
}

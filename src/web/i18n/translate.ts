import { directionOf, type Locale } from './locale.ts';
import { catalogs, type MessageKey } from './messages.ts';

export type { MessageKey } from './messages.ts';

export type Params = Record<string, string | number>;

/**
 * What a page needs to speak to its reader: translations, and numbers and dates through
 * `Intl` — Persian digits and the Persian calendar in fa, Gregorian in en, both in the
 * country's time zone.
 */
export interface I18n {
  locale: Locale;
  dir: 'rtl' | 'ltr';
  t(key: MessageKey, params?: Params): string;
  /** A whole number with grouping, in the locale's digits. */
  n(value: number): string;
  /** A share 0..1 as a percentage. */
  pct(share: number | null, digits?: number): string;
  /** A date (YYYY-MM-DD or ISO timestamp) in the locale's calendar. */
  date(value: string | Date): string;
}

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function numberFormat(locale: Locale, digits: number, percent: boolean): Intl.NumberFormat {
  const key = `${locale}:${digits}:${percent}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale === 'fa' ? 'fa-IR' : 'en-GB', percent ? { style: 'percent', maximumFractionDigits: digits, minimumFractionDigits: digits } : { maximumFractionDigits: digits });
    numberFormats.set(key, f);
  }
  return f;
}

export function createI18n(locale: Locale, timeZone = 'Asia/Tehran', calendarLocale = 'fa-IR-u-ca-persian'): I18n {
  const messages = catalogs[locale];
  const dateKey = `${locale}:${timeZone}`;
  let dates = dateFormats.get(dateKey);
  if (!dates) {
    dates = new Intl.DateTimeFormat(locale === 'fa' ? calendarLocale : 'en-GB', { timeZone, year: 'numeric', month: 'long', day: 'numeric' });
    dateFormats.set(dateKey, dates);
  }
  const dateFormat = dates;
  return {
    locale,
    dir: directionOf(locale),
    t: (key, params) => {
      const text = messages[key] ?? key;
      return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? format(params[name]!) : m)) : text;
    },
    n: (value) => numberFormat(locale, 0, false).format(value),
    pct: (share, digits = 0) => (share === null ? '—' : numberFormat(locale, digits, true).format(share)),
    // A bare date is a calendar day: read it at noon so no time zone moves it to another day.
    date: (value) => dateFormat.format(typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value)),
  };
  function format(value: string | number): string {
    return typeof value === 'number' ? numberFormat(locale, 2, false).format(value) : value;
  }
}

import webFa from './messages/fa.json' with { type: 'json' };
import webEn from './messages/en.json' with { type: 'json' };
import searchFa from './messages/components-search.fa.json' with { type: 'json' };
import searchEn from './messages/components-search.en.json' with { type: 'json' };
import dataFa from './messages/components-data.fa.json' with { type: 'json' };
import dataEn from './messages/components-data.en.json' with { type: 'json' };
import formsFa from './messages/components-forms.fa.json' with { type: 'json' };
import formsEn from './messages/components-forms.en.json' with { type: 'json' };
import registryFa from '../../registry/pages/messages.fa.json' with { type: 'json' };
import registryEn from '../../registry/pages/messages.en.json' with { type: 'json' };
import insightsFa from '../../insights/pages/messages.fa.json' with { type: 'json' };
import insightsEn from '../../insights/pages/messages.en.json' with { type: 'json' };
import identityFa from '../../identity/pages/messages.fa.json' with { type: 'json' };
import identityEn from '../../identity/pages/messages.en.json' with { type: 'json' };
import exchangeFa from '../../exchange/pages/messages.fa.json' with { type: 'json' };
import exchangeEn from '../../exchange/pages/messages.en.json' with { type: 'json' };
import { directionOf, type Locale } from './locale.ts';

/**
 * Every module keeps the text of its own pages beside them (`pages/messages.{fa,en}.json`);
 * keys are prefixed by the module (`catalog.`, `dashboard.`, `staff.`) so they never clash.
 */
export const bundles = {
  web: { fa: webFa, en: webEn },
  search: { fa: searchFa, en: searchEn },
  data: { fa: dataFa, en: dataEn },
  forms: { fa: formsFa, en: formsEn },
  registry: { fa: registryFa, en: registryEn },
  insights: { fa: insightsFa, en: insightsEn },
  identity: { fa: identityFa, en: identityEn },
  exchange: { fa: exchangeFa, en: exchangeEn },
};

export type MessageKey =
  | keyof typeof webEn
  | keyof typeof searchEn
  | keyof typeof dataEn
  | keyof typeof formsEn
  | keyof typeof registryEn | keyof typeof insightsEn | keyof typeof identityEn
  | keyof typeof exchangeEn;
export const catalogs: Record<Locale, Record<string, string>> = {
  fa: Object.assign({}, ...Object.values(bundles).map((b) => b.fa)),
  en: Object.assign({}, ...Object.values(bundles).map((b) => b.en)),
};

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

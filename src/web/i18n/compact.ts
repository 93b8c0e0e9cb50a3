import type { Locale } from './locale.ts';

const formats: Record<Locale, Intl.NumberFormat> = {
  fa: new Intl.NumberFormat('fa-IR', { notation: 'compact', maximumFractionDigits: 1 }),
  // en-US rather than the site's en-GB: "47M" and "1.2B" read better on a chart than "47m", "1.2bn".
  en: new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }),
};

/**
 * A large number in a few characters, "۴۷ میلیون" / "47M", for chart labels and headline
 * cards; the exact figure is always given next to it (the chart's table, the card's hint).
 */
export function compactNumber(locale: Locale, value: number): string {
  return formats[locale].format(value);
}

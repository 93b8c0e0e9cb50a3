/**
 * Calendar arithmetic on YYYY-MM-DD strings. Days are counted in UTC so that a server in
 * Tehran (UTC+3:30) and one in UTC agree, and daylight-saving changes never make a 23-hour day.
 */

const msPerDay = 86_400_000;

/** Days since 1970-01-01 for a validated YYYY-MM-DD. */
export function dayNumber(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined) throw new Error(`not a YYYY-MM-DD date: ${iso}`);
  return Date.UTC(y, m - 1, d) / msPerDay;
}

/** Calendar days from `from` to `to`; negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

export function yearOf(iso: string): number {
  return Number(iso.slice(0, 4));
}

const solarHijriYears = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', { timeZone: 'UTC', year: 'numeric' });

/**
 * The Solar Hijri (Persian calendar) year a calendar day falls in. A Gregorian year spans two
 * of them: 1401 runs from 21 March 2022 to 20 March 2023 (1 Farvardin is Nowruz).
 */
export function solarHijriYearOf(iso: string): number {
  const day = new Date(dayNumber(iso) * msPerDay + msPerDay / 2);
  return Number(solarHijriYears.formatToParts(day).find((p) => p.type === 'year')!.value);
}

/**
 * Calendar helpers for the reference agencies. Dates travel as ISO `YYYY-MM-DD` strings (UTC
 * calendar days, no time of day), so derived data never shifts with the machine's time zone.
 */

const DAY_MS = 86_400_000;

function toUtc(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

/** The ISO date `days` after `iso` (negative goes back). */
export function addDays(iso: string, days: number): string {
  return new Date(toUtc(iso).getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

/** The ISO date `years` after `iso`; 29 February lands on 1 March in a common year. */
export function addYears(iso: string, years: number): string {
  const d = toUtc(iso);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

/** The last day of the month `months` after the month of `iso` (negative goes back). */
export function endOfMonth(iso: string, months: number): string {
  const d = toUtc(iso);
  // Day 0 of the following month is the last day of the wanted one.
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months + 1, 0)).toISOString().slice(0, 10);
}

/** The day `offset` days into `year` (0 = 1 January), clamped to that year. */
export function dayOfYear(year: number, offset: number): string {
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1) - DAY_MS;
  return new Date(Math.min(start + offset * DAY_MS, end)).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to`. */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / DAY_MS);
}

/** Completed years of age on `today` for someone born on `birth`. */
export function ageOn(birth: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birth.slice(0, 4));
  return today.slice(5) < birth.slice(5) ? years - 1 : years;
}

const persianLong = new Intl.DateTimeFormat('fa-IR-u-ca-persian', { dateStyle: 'long', timeZone: 'UTC' });

/** The date in the Persian (Solar Hijri) calendar as a person reads it, e.g. «۱ فروردین ۱۳۶۹». */
export function persianDate(iso: string): string {
  return persianLong.format(toUtc(iso));
}

const tehranDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tehran', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day in Tehran at `instant`; the agencies' "today" is an Iranian office day. */
export function tehranDate(instant: Date): string {
  return tehranDay.format(instant);
}

/**
 * The period filter of "who accessed my data", as a person types it: a day in the page's
 * calendar (`1405/09/01` in Persian, `2026-11-22` in English; Persian or Arabic-Indic digits,
 * `/`, `-` or `.` between the parts), read as whole days on the country's clock: `from` is the
 * start of its day, `to` includes its day (the query's `to` is the start of the next).
 */
import { gregorianToIso, isoToSolarHijri, solarHijriToIso } from '../../core/solar-hijri.ts';

export type Calendar = 'persian' | 'gregorian';

const foldDigits = (s: string) => s.replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0)).replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660));

/** The Gregorian `YYYY-MM-DD` of a typed day, or null when it is not one. */
export function parseDay(calendar: Calendar, raw: string): string | null {
  const m = /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$/.exec(foldDigits(raw.trim()));
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return calendar === 'persian' ? solarHijriToIso(y, mo, d) : gregorianToIso(y, mo, d);
}

/** A Gregorian day as the person would type it back in the form. */
export function formatDay(calendar: Calendar, iso: string): string {
  if (calendar === 'gregorian') return iso;
  const { year, month, day } = isoToSolarHijri(iso);
  return `${year}/${String(month).padStart(2, '0')}/${String(day).padStart(2, '0')}`;
}

/** Minutes `timeZone` is ahead of UTC at `instant`. */
function offsetMinutes(instant: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((local - instant.getTime()) / 60000);
}

/** The instant (ISO 8601 UTC) a day starts in `timeZone`; `plusDays` moves to a later day. */
export function dayStart(iso: string, timeZone: string, plusDays = 0): string {
  const midnightUtc = Date.parse(`${iso}T00:00:00Z`) + plusDays * 86_400_000;
  // Twice: the offset at the guess can differ from the offset at the answer around a clock change.
  let at = midnightUtc - offsetMinutes(new Date(midnightUtc), timeZone) * 60000;
  at = midnightUtc - offsetMinutes(new Date(at), timeZone) * 60000;
  return new Date(at).toISOString();
}

/** Calendar days in the country's time zone: mandates run from one day to another, inclusive. */

/** `YYYY-MM-DD` plus `n` days. */
export function addDays(day: string, n: number): string {
  const t = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) + n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Days from `a` to `b` (`b` − `a`). */
export function daysBetween(a: string, b: string): number {
  const at = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return Math.round((at(b) - at(a)) / 86_400_000);
}

/** Formats are costly to build (most of a millisecond) and `actingFor` needs one per call: one per zone. */
const formats = new Map<string, Intl.DateTimeFormat>();
function formatIn(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formats.set(timeZone, f);
  }
  return f;
}

/** The calendar day (`YYYY-MM-DD`) `instant` falls on in `timeZone`. */
export function dayIn(instant: Date, timeZone: string): string {
  const p = Object.fromEntries(formatIn(timeZone).formatToParts(instant).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}

/** The zone's offset from UTC at `instant`, in minutes. */
function offsetMinutes(instant: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    formatIn(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The instant a day begins in `timeZone`, as ISO 8601 UTC. */
export function startOfDay(day: string, timeZone: string): string {
  const guess = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
  const first = guess - offsetMinutes(new Date(guess), timeZone) * 60_000;
  // A change of offset between the guess and the answer (daylight saving) moves it once more.
  const settled = guess - offsetMinutes(new Date(first), timeZone) * 60_000;
  return new Date(settled).toISOString();
}

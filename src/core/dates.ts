/** The calendar day (YYYY-MM-DD, Gregorian) that `instant` falls on in `timeZone`. */
export function isoDateIn(instant: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

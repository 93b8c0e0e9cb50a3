/**
 * Solar Hijri (Persian, Jalali) ↔ Gregorian, for birth dates typed in the Persian calendar.
 * `Intl` shows dates in that calendar but cannot read one, so the conversion is done here with
 * the arithmetic of Borkowski's 33-year cycles and break years, as jalaali-js implements it
 * (MIT, github.com/jalaali/jalaali-js); it agrees with the calendar of Iran for years
 * -61 … 3177. solar-hijri.test.ts checks it against `Intl`'s Persian calendar day by day.
 */

const BREAKS = [-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178];

const div = (a: number, b: number) => Math.trunc(a / b);
const mod = (a: number, b: number) => a - Math.trunc(a / b) * b;

/** Whether year `jy` is leap (leap = 0), its Gregorian year, and the March day of 1 Farvardin. */
function jalCal(jy: number): { leap: number; gy: number; march: number } {
  const gy = jy + 621;
  let leapJ = -14;
  let jp = BREAKS[0]!;
  let jump = 0;
  for (let i = 1; i < BREAKS.length; i++) {
    const jm = BREAKS[i]!;
    jump = jm - jp;
    if (jy < jm) break;
    leapJ += div(jump, 33) * 8 + div(mod(jump, 33), 4);
    jp = jm;
  }
  let n = jy - jp;
  leapJ += div(n, 33) * 8 + div(mod(n, 33) + 3, 4);
  if (mod(jump, 33) === 4 && jump - n === 4) leapJ += 1;
  const leapG = div(gy, 4) - div((div(gy, 100) + 1) * 3, 4) - 150;
  const march = 20 + leapJ - leapG;
  if (jump - n < 6) n = n - jump + div(jump + 4, 33) * 33;
  let leap = mod(mod(n + 1, 33) - 1, 4);
  if (leap === -1) leap = 4;
  return { leap, gy, march };
}

/** Julian day number of a Gregorian date. */
function g2d(gy: number, gm: number, gd: number): number {
  const d = div((gy + div(gm - 8, 6) + 100100) * 1461, 4) + div(153 * mod(gm + 9, 12) + 2, 5) + gd - 34840408;
  return d - div(div(gy + 100100 + div(gm - 8, 6), 100) * 3, 4) + 752;
}

function d2g(jdn: number): { gy: number; gm: number; gd: number } {
  let j = 4 * jdn + 139361631;
  j = j + div(div(4 * jdn + 183187720, 146097) * 3, 4) * 4 - 3908;
  const i = div(mod(j, 1461), 4) * 5 + 308;
  const gd = div(mod(i, 153), 5) + 1;
  const gm = mod(div(i, 153), 12) + 1;
  const gy = div(j, 1461) - 100100 + div(8 - gm, 6);
  return { gy, gm, gd };
}

/** Days in month `jm` (1–12) of Solar Hijri year `jy`. */
export function solarHijriMonthLength(jy: number, jm: number): number {
  if (jm <= 6) return 31;
  if (jm <= 11) return 30;
  return jalCal(jy).leap === 0 ? 30 : 29;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The Gregorian `YYYY-MM-DD` of a Solar Hijri day, or null when there is no such day. */
export function solarHijriToIso(jy: number, jm: number, jd: number): string | null {
  if (![jy, jm, jd].every(Number.isInteger) || jy < 1 || jy > 3177 || jm < 1 || jm > 12 || jd < 1 || jd > solarHijriMonthLength(jy, jm)) return null;
  const r = jalCal(jy);
  const jdn = g2d(r.gy, 3, r.march) + (jm - 1) * 31 - div(jm, 7) * (jm - 7) + jd - 1;
  const g = d2g(jdn);
  return `${pad(g.gy, 4)}-${pad(g.gm)}-${pad(g.gd)}`;
}

/** The Gregorian `YYYY-MM-DD` of a Gregorian day, or null when there is no such day. */
export function gregorianToIso(y: number, m: number, d: number): string | null {
  if (![y, m, d].every(Number.isInteger) || y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return null;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/** The Solar Hijri day of a Gregorian `YYYY-MM-DD`. */
export function isoToSolarHijri(iso: string): { year: number; month: number; day: number } {
  const [gy, gm, gd] = iso.split('-').map(Number) as [number, number, number];
  const jdn = g2d(gy, gm, gd);
  const { gy: y } = d2g(jdn);
  let jy = y - 621;
  let r = jalCal(jy);
  let k = jdn - g2d(y, 3, r.march);
  if (k < 0) {
    jy -= 1;
    r = jalCal(jy);
    k = jdn - g2d(r.gy, 3, r.march);
  }
  if (k <= 185) return { year: jy, month: 1 + div(k, 31), day: mod(k, 31) + 1 };
  k -= 186;
  return { year: jy, month: 7 + div(k, 30), day: mod(k, 30) + 1 };
}

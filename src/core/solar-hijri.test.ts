import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gregorianToIso, isoToSolarHijri, solarHijriToIso } from './solar-hijri.ts';

const persian = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' });
const intlParts = (d: Date) => {
  const parts = Object.fromEntries(persian.formatToParts(d).map((p) => [p.type, p.value]));
  return { year: Number.parseInt(parts.year!, 10), month: Number(parts.month), day: Number(parts.day) };
};

test('every day from 1300 to 1450 SH agrees with the Persian calendar of Intl, both ways', () => {
  const start = Date.UTC(1921, 2, 21);
  const end = Date.UTC(2071, 2, 21);
  for (let t = start; t < end; t += 86_400_000) {
    const d = new Date(t);
    const iso = d.toISOString().slice(0, 10);
    const sh = intlParts(d);
    assert.deepEqual(isoToSolarHijri(iso), sh, iso);
    assert.equal(solarHijriToIso(sh.year, sh.month, sh.day), iso);
  }
});

test('days that do not exist are refused', () => {
  assert.equal(solarHijriToIso(1402, 12, 30), null); // 1402 is not leap
  assert.equal(solarHijriToIso(1403, 12, 30), '2025-03-20'); // 1403 is
  assert.equal(solarHijriToIso(1402, 7, 31), null);
  assert.equal(solarHijriToIso(1402, 13, 1), null);
  assert.equal(solarHijriToIso(0, 1, 1), null);
  assert.equal(gregorianToIso(2023, 2, 29), null);
  assert.equal(gregorianToIso(2024, 2, 29), '2024-02-29');
});

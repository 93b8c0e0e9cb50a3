import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countryPacks } from '../../core/country-packs/index.ts';
import { formatServiceId } from '../../core/service-id.ts';
import { Confirmations } from './confirmations.ts';
import { addDays, dayIn, daysBetween, startOfDay } from './days.ts';
import { dayFromParts, isoDay, parseMandate } from './mandate-input.ts';

const pack = countryPacks.ir;
const service = formatServiceId(pack, 1_000_123);
const rules = { grantorIdentifier: '1234567210', today: '2026-03-20', maxDays: 30, pack };
const good = { grantee: '1234567202', services: [service], startsOn: '2026-03-20', endsOn: '2026-04-18' };
const codes = (input: Partial<Omit<typeof good, 'startsOn' | 'endsOn'>> & { startsOn?: string | null; endsOn?: string | null }) => {
  const r = parseMandate({ ...good, ...input }, rules);
  return r.ok ? [] : r.refusals.map((x) => `${x.field}:${x.code}`);
};

test('a mandate of exactly the longest length, from today, is accepted; a day more is too long', () => {
  assert.deepEqual(parseMandate(good, rules), { ok: true, value: { granteeNationalCode: '1234567202', services: [service], startsOn: '2026-03-20', endsOn: '2026-04-18' } });
  assert.deepEqual(codes({ endsOn: '2026-04-19' }), ['ends:MANDATE_TOO_LONG']);
  assert.deepEqual(codes({ startsOn: '2026-03-20', endsOn: '2026-03-20' }), [], 'one day');
});

test('every refusal is on its field, all at once', () => {
  assert.deepEqual(codes({ grantee: '1234567210' }), ['grantee:MANDATE_TO_SELF']);
  assert.deepEqual(codes({ grantee: '123' }), ['grantee:MANDATE_GRANTEE_INVALID']);
  assert.deepEqual(codes({ services: [] }), ['services:MANDATE_SERVICES_REQUIRED']);
  assert.deepEqual(codes({ services: Array.from({ length: 21 }, (_, i) => formatServiceId(pack, 1_000_001 + i)) }), ['services:MANDATE_SERVICES_REQUIRED']);
  assert.deepEqual(codes({ services: ['IR-01000123-00'] }), ['services:MANDATE_SERVICE_NOT_FOUND']);
  assert.deepEqual(codes({ startsOn: '2026-03-19' }), ['starts:MANDATE_DATES_INVALID']);
  assert.deepEqual(codes({ startsOn: addDays('2026-03-20', 31) , endsOn: addDays('2026-03-20', 32) }), ['starts:MANDATE_DATES_INVALID'], 'too far ahead');
  assert.deepEqual(codes({ startsOn: null }), ['starts:MANDATE_DATES_INVALID']);
  assert.deepEqual(codes({ endsOn: '2026-03-19' }), ['ends:MANDATE_DATES_INVALID']);
  assert.deepEqual(codes({ grantee: '1234567210', services: [], endsOn: null }), ['grantee:MANDATE_TO_SELF', 'services:MANDATE_SERVICES_REQUIRED', 'ends:MANDATE_DATES_INVALID']);
});

test('service ids and days are read as people type them', () => {
  const r = parseMandate({ ...good, grantee: '۱۲۳۴۵۶۷۲۰۲', services: [service.toLowerCase().replaceAll('-', ' '), service] }, rules);
  assert.ok(r.ok);
  assert.deepEqual(r.value.services, [service], 'one service once');
  assert.equal(dayFromParts('persian', { year: '۱۴۰۵', month: '1', day: '1' }), '2026-03-21');
  assert.equal(dayFromParts('persian', { year: '1404', month: '12', day: '30' }), null, '1404 is not a leap year');
  assert.equal(dayFromParts('gregorian', { year: '2026', month: '2', day: '29' }), null);
  assert.equal(dayFromParts('gregorian', { year: '2026', month: 'x', day: '1' }), null);
  assert.equal(isoDay('2026-02-28'), '2026-02-28');
  assert.equal(isoDay('2026-02-30'), null);
  assert.equal(isoDay('28/02/2026'), null);
});

test('days: counting, and where a day begins in Tehran', () => {
  assert.equal(addDays('2026-12-31', 1), '2027-01-01');
  assert.equal(daysBetween('2026-03-01', '2026-03-31'), 30);
  assert.equal(startOfDay('2029-10-30', 'Asia/Tehran'), '2029-10-29T20:30:00.000Z');
  assert.equal(startOfDay('2026-06-01', 'UTC'), '2026-06-01T00:00:00.000Z');
  assert.equal(dayIn(new Date('2029-10-29T20:29:59Z'), 'Asia/Tehran'), '2029-10-29');
  assert.equal(dayIn(new Date('2029-10-29T20:30:00Z'), 'Asia/Tehran'), '2029-10-30');
});

test('confirmations: a yes lasts the TTL, a no is never kept, the TTL 0 keeps nothing', () => {
  let now = 1_000_000;
  const c = new Confirmations(30_000, () => now);
  assert.equal(c.recent('k'), false);
  c.remember('k');
  assert.equal(c.recent('k'), true);
  now += 29_999;
  assert.equal(c.recent('k'), true);
  now += 1;
  assert.equal(c.recent('k'), false, 'expired');
  c.remember('k');
  c.forget('k');
  assert.equal(c.recent('k'), false);
  const none = new Confirmations(0, () => now);
  none.remember('k');
  assert.equal(none.recent('k'), false);
});

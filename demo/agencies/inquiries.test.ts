import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withNationalCodeCheckDigit } from './shared/national-code.ts';
import { cardStatuses } from './id-card-issuance/data.ts';
import { getJson, useReferenceAgencies } from './test-support.ts';

const agencies = useReferenceAgencies();
const literacy = (code: string) => getJson(`${agencies.url('literacy-movement')}/literacy-level/${code}`);
const booklet = (code: string) => getJson(`${agencies.url('health-insurance')}/booklets/${code}/validity`);
const cardByCode = (code: string) => getJson(`${agencies.url('id-card-issuance')}/cards/by-national-code/${code}`);
const cardByTracking = (tracking: string) => getJson(`${agencies.url('id-card-issuance')}/cards/by-tracking-number/${tracking}`);

const UNKNOWN = withNationalCodeCheckDigit('000123456');
/** Adults with no family in the data (slot 9), so none of them is a child too young for a card. */
const sample = Array.from({ length: 40 }, (_, i) => withNationalCodeCheckDigit(String(300_000_009 + i * 10)));

test('literacy level: deterministic, labelled in both languages', async () => {
  const { status, body } = await literacy('0076229645');
  assert.equal(status, 200);
  assert.deepEqual(body, {
    nationalCode: '0076229645',
    level: { code: 'completed', fa: 'دوره پایانی (معادل پایان ابتدایی)', en: 'final course (primary-school equivalent)' },
    certifiedOn: '2015-09-28',
  });
  const levels = new Set<string>();
  for (const answer of await Promise.all(sample.map(literacy))) {
    assert.equal(answer.status, 200);
    levels.add(answer.body.level.code);
    assert.equal(answer.body.certifiedOn === null, answer.body.level.code === 'none');
  }
  assert.ok(levels.has('completed') && levels.size >= 2, `varied levels: ${[...levels].join(', ')}`);
});

test('literacy level: 400 for a bad checksum, 404 for an unknown person', async () => {
  assert.equal((await literacy('0076229640')).status, 400);
  assert.equal((await literacy(UNKNOWN)).status, 404);
});

test('health insurance: validity agrees with the pinned date, and some people have no booklet', async () => {
  const { status, body } = await booklet('0076229645');
  assert.equal(status, 200);
  assert.deepEqual({ valid: body.valid, validUntil: body.validUntil, fund: body.fund.code }, { valid: true, validUntil: '2026-12-31', fund: 'rural-nomadic' });
  assert.equal(body.validUntilPersian, '۱۰ دی ۱۴۰۵');
  let missing = 0;
  let lapsed = 0;
  for (const answer of await Promise.all(sample.map(booklet))) {
    if (answer.status === 404) {
      assert.equal(answer.body.error, 'booklet_not_found');
      missing++;
      continue;
    }
    assert.equal(answer.status, 200);
    assert.match(answer.body.bookletNumber, /^[1-9]\d{9}$/);
    if (answer.body.validUntil < '2025-06-01') {
      assert.equal(answer.body.valid, false);
      lapsed++;
    }
  }
  assert.ok(missing > 0 && missing < 15, `some without a booklet (${missing})`);
  assert.ok(lapsed > 0, 'some lapsed booklets');
  assert.equal((await booklet('12345')).status, 400);
  assert.equal((await booklet(UNKNOWN)).status, 404);
});

test('ID card: the stages reached by the pinned date, the same by code and by tracking number', async () => {
  const byCode = await cardByCode('0076229645');
  assert.equal(byCode.status, 200);
  assert.equal(byCode.body.trackingNumber, '753910800139');
  assert.equal(byCode.body.nationalCode, '******9645');
  assert.equal(byCode.body.status.code, 'delivered');
  assert.deepEqual(byCode.body.history.map((h: { status: { code: string } }) => h.status.code), cardStatuses.map((s) => s.code));
  assert.deepEqual((await cardByTracking(byCode.body.trackingNumber)).body, byCode.body);
  const seen = new Set<string>();
  for (const answer of await Promise.all(sample.map(cardByCode))) {
    if (answer.status === 404) continue;
    const { history, status } = answer.body;
    assert.equal(history.at(-1).status.code, status.code);
    const dates = history.map((h: { date: string }) => h.date);
    assert.deepEqual(dates, [...dates].sort());
    assert.ok(dates.at(-1) <= '2025-06-01');
    seen.add(status.code);
  }
  assert.ok(seen.size >= 3, `several stages appear: ${[...seen].join(', ')}`);
});

test('ID card: malformed tracking numbers are 400, unissued ones and unknown people 404', async () => {
  const { body } = await cardByCode('0076229645');
  const typo = `${body.trackingNumber.slice(0, 11)}${(Number(body.trackingNumber[11]) + 1) % 10}`;
  assert.equal((await cardByTracking(typo)).body.error, 'invalid_tracking_number');
  assert.equal((await cardByTracking('12345')).status, 400);
  assert.equal((await cardByCode('0076229641')).status, 400);
  const unknown = await cardByCode(UNKNOWN);
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error, 'card_request_not_found');
  // A minor has no card: the son of family 12345672 is 13 on the pinned date.
  assert.equal((await cardByCode(withNationalCodeCheckDigit('123456722'))).status, 404);
});

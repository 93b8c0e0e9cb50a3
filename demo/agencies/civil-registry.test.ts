import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withNationalCodeCheckDigit } from './shared/national-code.ts';
import { startReferenceAgencies } from './start.ts';
import { getJson, useReferenceAgencies } from './test-support.ts';

const agencies = useReferenceAgencies();
const person = (code: string) => getJson(`${agencies.url('civil-registry')}/persons/${code}`);
const guardianship = (code: string) => getJson(`${agencies.url('civil-registry')}/persons/${code}/guardianship`);

test('a person is derived deterministically from the national code', async () => {
  const first = await person('0076229645');
  assert.equal(first.status, 200);
  // Pinned values: demo scripts and docs may quote them, so a change here must be deliberate.
  assert.deepEqual(first.body, {
    nationalCode: '0076229645',
    firstName: { fa: 'الهام', en: 'Elham' },
    lastName: { fa: 'کریمی', en: 'Karimi' },
    fatherName: { fa: 'یوسف', en: 'Yousef' },
    gender: { code: 'female', fa: 'زن', en: 'female' },
    birthDate: '2005-06-16',
    birthDatePersian: '۲۶ خرداد ۱۳۸۴',
    alive: true,
  });
  assert.deepEqual((await person('0076229645')).body, first.body);
  assert.notDeepEqual((await person('1583250689')).body, first.body);
});

test('birth dates are ISO and the Persian date is in the Persian calendar', async () => {
  for (const body of ['123456780', '987654320', '555123450'].map(withNationalCodeCheckDigit)) {
    const { body: p } = await person(body);
    assert.match(p.birthDate, /^\d{4}-\d{2}-\d{2}$/);
    assert.match(p.birthDatePersian, /^[۰-۹]{1,2} [\u0600-\u06FF]+ [۰-۹]{4}$/);
    assert.equal(typeof p.alive, 'boolean');
  }
});

test('malformed national codes are 400 with a stable error code', async () => {
  for (const bad of ['0076229646', '1111111111', '007622964', '00762296455', 'abcdefghij', '%20076229645']) {
    const answer = await person(bad);
    assert.equal(answer.status, 400, bad);
    assert.deepEqual(answer.body.error, 'invalid_national_code');
    assert.equal(typeof answer.body.message, 'string');
    assert.equal((await guardianship(bad)).status, 400, `${bad} (guardianship)`);
  }
});

test('well-formed but unknown national codes (prefix 000) are 404', async () => {
  const unknown = withNationalCodeCheckDigit('000123456');
  const answer = await person(unknown);
  assert.equal(answer.status, 404);
  assert.equal(answer.body.error, 'person_not_found');
  assert.equal((await guardianship(unknown)).status, 404);
});

test('guardianship agrees in both directions and ends at 18', async () => {
  let checked = 0;
  for (let key = 12_345_670; key < 12_345_700 && checked < 3; key++) {
    const guardian = withNationalCodeCheckDigit(`${key}0`);
    const { status, body } = await guardianship(guardian);
    assert.equal(status, 200);
    for (const ward of body.wards) {
      assert.equal(ward.kind.code, 'natural-guardian');
      assert.ok(['son', 'daughter'].includes(ward.relation.code));
      assert.ok(ward.until > '2025-06-01', 'a ward is a minor on the pinned date');
      const back = await guardianship(ward.nationalCode);
      assert.deepEqual(back.body.guardians.map((g: { nationalCode: string }) => g.nationalCode), [guardian]);
      assert.equal(back.body.guardians[0].relation.code, 'father');
      const child = await person(ward.nationalCode);
      assert.equal(child.body.fatherName.en, (await person(guardian)).body.firstName.en);
      checked++;
    }
  }
  assert.ok(checked >= 3, 'the sampled families include minors');
});

test('an adult without a family has no guardians and no wards', async () => {
  const single = withNationalCodeCheckDigit('123456789');
  const { status, body } = await guardianship(single);
  assert.equal(status, 200);
  assert.deepEqual(body, { nationalCode: single, guardians: [], wards: [] });
});

test('on the day a ward turns 18 the guardianship is gone', async () => {
  // Family 12345672: the father (slot 0) is the natural guardian of the son in slot 2 on the pinned date.
  const ward = withNationalCodeCheckDigit('123456722');
  const before = await guardianship(ward);
  const until = before.body.guardians[0]?.until as string;
  assert.match(until, /^\d{4}-\d{2}-\d{2}$/);
  const later = await startReferenceAgencies({ clock: () => new Date(`${until}T12:00:00+03:30`) });
  try {
    const after = await getJson(`${later.agencies[0]?.url}/persons/${ward}/guardianship`);
    assert.deepEqual(after.body.guardians, []);
  } finally {
    await later.close();
  }
});

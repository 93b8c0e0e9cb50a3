import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withNationalCodeCheckDigit } from './shared/national-code.ts';
import { withLegalIdCheckDigit } from './shared/legal-id.ts';
import { mobilesOwnedBy } from './mobile-registry/data.ts';
import { getJson, useReferenceAgencies } from './test-support.ts';

const agencies = useReferenceAgencies();
const ownership = (query: string) => getJson(`${agencies.url('mobile-registry')}/ownership?${query}`);
const company = (id: string) => getJson(`${agencies.url('business-registry')}/companies/${id}`);

test('mobile registry: a person\'s own number matches in every accepted spelling', async () => {
  const owned = mobilesOwnedBy('0076229645');
  assert.deepEqual(owned, ['09130257347', '09015804686', '09017576378']);
  const local = owned[0] ?? '';
  const international = `+98${local.slice(1)}`;
  for (const mobile of [local, encodeURIComponent(international), international, `98${local.slice(1)}`]) {
    const { status, body } = await ownership(`nationalCode=0076229645&mobile=${mobile}`);
    assert.equal(status, 200, mobile);
    assert.deepEqual(body, { match: true }, mobile);
  }
});

test('mobile registry: someone else\'s number, or an unknown person, does not match', async () => {
  const other = mobilesOwnedBy('1583250689')[0] ?? '';
  assert.deepEqual((await ownership(`nationalCode=0076229645&mobile=${other}`)).body, { match: false });
  assert.deepEqual((await ownership(`nationalCode=${withNationalCodeCheckDigit('000123456')}&mobile=09121234567`)).body, { match: false });
});

test('mobile registry: missing or malformed parameters are 400', async () => {
  const cases: [string, string][] = [
    ['mobile=09121234567', 'missing_parameter'],
    ['nationalCode=0076229645', 'missing_parameter'],
    ['nationalCode=0076229640&mobile=09121234567', 'invalid_national_code'],
    ['nationalCode=0076229645&mobile=0912123456', 'invalid_mobile'],
    ['nationalCode=0076229645&mobile=%2B449121234567', 'invalid_mobile'],
  ];
  for (const [query, error] of cases) {
    const { status, body } = await ownership(query);
    assert.equal(status, 400, query);
    assert.equal(body.error, error, query);
  }
});

test('business registry: a company is deterministic, bilingual, with masked representatives', async () => {
  const { status, body } = await company('10380284790');
  assert.equal(status, 200);
  assert.deepEqual(body.name, { fa: 'شرکت آریا ساختمانی (تعاونی)', en: 'Arya Construction Co. (Cooperative)' });
  assert.equal(body.registrationDate, '1987-05-23');
  assert.equal(body.registrationDatePersian, '۲ خرداد ۱۳۶۶');
  assert.equal(body.status.code, 'in-liquidation');
  assert.deepEqual((await company('10380284790')).body, body);
  const ids = Array.from({ length: 15 }, (_, n) => withLegalIdCheckDigit(String(1_412_345_678 + n * 7919)));
  for (const { status: s, body: c } of await Promise.all(ids.map(company))) {
    assert.equal(s, 200);
    assert.ok(c.representatives.length >= 1 && c.representatives.length <= 3);
    assert.equal(c.representatives[0].role.code, 'managing-director');
    assert.equal(c.representatives[0].signatory, true);
    for (const r of c.representatives) {
      assert.match(r.nationalCode, /^\*{6}\d{4}$/);
      assert.match(r.fullName.fa, /[\u0600-\u06FF]/);
    }
  }
});

test('business registry: 400 for a bad checksum or format, 404 for an unknown legal id', async () => {
  for (const bad of ['10380284791', '1038028479', 'abcdefghijk', '00000000000']) {
    const { status, body } = await company(bad);
    assert.equal(status, 400, bad);
    assert.equal(body.error, 'invalid_legal_id');
  }
  const unknown = await company(withLegalIdCheckDigit('0001234567'));
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error, 'company_not_found');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidLegalId, legalIdCheckDigit, parseLegalId } from './legal-id.ts';
import { isValidLegalId as referenceRule, withLegalIdCheckDigit } from '../../demo/agencies/shared/legal-id.ts';

test('legal id: the published example passes, every other last digit fails', () => {
  assert.deepEqual(parseLegalId('10380284790'), { ok: true, id: '10380284790' });
  assert.equal(legalIdCheckDigit('1038028479'), 0);
  for (let d = 1; d <= 9; d++) assert.deepEqual(parseLegalId(`1038028479${d}`), { ok: false, reason: 'check_digit' });
});

test('legal id: Persian digits, spaces and dashes are forgiven; the shape is not', () => {
  assert.deepEqual(parseLegalId('۱۰۳۸۰۲۸۴۷۹۰'), { ok: true, id: '10380284790' });
  assert.deepEqual(parseLegalId(' 1038-0284-790 '), { ok: true, id: '10380284790' });
  for (const bad of ['', '1038028479', '103802847900', '1038028479a', '00000000000', withLegalIdCheckDigit('1230000001'), 'x'.repeat(65)]) {
    assert.equal(parseLegalId(bad).ok, false, bad);
  }
});

test('legal id: agrees with the reference registry on many identifiers', () => {
  for (let n = 0; n < 5000; n++) {
    const id = String(10_000_000_000 + n * 1_799_993).slice(0, 11);
    assert.equal(isValidLegalId(id), referenceRule(id), id);
  }
});

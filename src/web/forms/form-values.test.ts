import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asciiDigits, wholeNumber } from './form-values.ts';

test('numbers typed with Persian or Arabic digits and separators are read', () => {
  assert.equal(asciiDigits('۱۲۳٤٥'), '12345');
  assert.equal(wholeNumber('۱٬۰۰۰'), 1000);
  assert.equal(wholeNumber(' 1,000 '), 1000);
  assert.equal(wholeNumber(''), null);
  assert.ok(Number.isNaN(wholeNumber('1.5')));
  assert.ok(Number.isNaN(wholeNumber('-1')));
  assert.ok(Number.isNaN(wholeNumber('12abc')));
  assert.ok(Number.isNaN(wholeNumber('9'.repeat(40))));
});

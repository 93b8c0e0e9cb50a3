import { test } from 'node:test';
import assert from 'node:assert/strict';
import { safeNext } from './session-cookie.ts';

test('after sign-in, only a path on this site is followed', () => {
  assert.equal(safeNext('/staff/services/IR-01000001-22/edit?lang=en'), '/staff/services/IR-01000001-22/edit?lang=en');
  for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', 'staff', '/staff\n', '', undefined, ['/staff'], `/${'a'.repeat(2001)}`]) {
    assert.equal(safeNext(bad), null, String(bad));
  }
});

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testEngines, openTestDatabase } from '../../../test/support/database.ts';
import type { Database } from '../../db/database.ts';
import { loadKeySet, rotateSigningKey } from './keys.ts';

const at = (iso: string) => new Date(iso);

for (const engine of testEngines()) {
  describe(`signing keys and their rotation (${engine})`, () => {
    let db: Database;
    before(async () => {
      db = await openTestDatabase(engine);
    });
    after(() => db.close());

    it('creates the first key once; a rotated key is published before it signs, and the old one retires later', async () => {
      const first = await loadKeySet(db, at('2026-01-01T00:00:00Z'));
      assert.equal((await loadKeySet(db, at('2026-01-01T00:00:00Z'))).signingKid, first.signingKid);
      assert.equal(first.keys.length, 1);
      assert.equal(first.keys[0]!.kid, first.signingKid);
      assert.ok('d' in first.keys[0]!, 'the provider is given the private key');

      const next = await rotateSigningKey(db, at('2026-01-02T00:00:00Z'), { publishSeconds: 86400, retainSeconds: 7 * 86400 });
      // Published at once, not yet signing.
      const published = await loadKeySet(db, at('2026-01-02T12:00:00Z'));
      assert.equal(published.signingKid, first.signingKid);
      assert.deepEqual(published.keys.map((k) => k.kid), [first.signingKid, next.kid]);
      assert.notEqual(published.fingerprint, first.fingerprint);
      // Signing from its time, the old one still published for verification.
      const signing = await loadKeySet(db, at('2026-01-03T00:00:01Z'));
      assert.equal(signing.signingKid, next.kid);
      assert.deepEqual(signing.keys.map((k) => k.kid), [next.kid, first.signingKid]);
      // Retired a week after the new key began signing.
      const later = await loadKeySet(db, at('2026-01-10T00:00:01Z'));
      assert.deepEqual(later.keys.map((k) => k.kid), [next.kid]);
    });
  });
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowedTypos, osaDistance, TypoIndex } from './typo.ts';

test('optimal string alignment distance', () => {
  assert.equal(osaDistance('literacy', 'litracy', 2), 1);
  assert.equal(osaDistance('passport', 'passprot', 2), 1);
  assert.equal(osaDistance('ca', 'abc', 3), 3, 'OSA does not edit a transposed pair again');
  assert.equal(osaDistance('گذرنامه', 'گذزنامه', 1), 1);
  assert.equal(osaDistance('abcdef', 'uvwxyz', 2), 3, 'stops early at max + 1');
  assert.equal(osaDistance('', 'ab', 2), 2);
});

/** Deterministic pseudo-random words over a small alphabet, so near neighbours are common. */
function words(count: number, seed: number): string[] {
  let x = seed;
  const next = () => ((x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0) / 2 ** 32;
  const out = new Set<string>();
  while (out.size < count) {
    const len = 2 + Math.floor(next() * 10);
    let w = '';
    for (let i = 0; i < len; i++) w += 'abcde'[Math.floor(next() * 5)];
    out.add(w);
  }
  return [...out].sort();
}

test('the deletion index finds exactly what a brute-force scan finds', () => {
  const vocabulary = words(3000, 7);
  const index = new TypoIndex(vocabulary);
  for (const query of words(300, 99)) {
    const max = allowedTypos(query.length);
    const expected = new Map<number, number>();
    if (max > 0) {
      vocabulary.forEach((term, t) => {
        const d = osaDistance(query, term, max);
        if (d > 0 && d <= max && term.length >= 3) expected.set(t, d);
      });
    }
    assert.deepEqual(new Map([...index.candidates(query)].sort((a, b) => a[0] - b[0])), expected, query);
  }
});

test('digits-only tokens and short tokens get no typo tolerance', () => {
  const index = new TypoIndex(['12345678901', 'visa', 'visas']);
  assert.equal(index.candidates('12345678902').size, 0);
  assert.equal(index.candidates('vis').size, 0);
  assert.deepEqual([...index.candidates('vias').keys()].sort(), [1, 2]);
});

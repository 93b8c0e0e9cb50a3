import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sortInSteps } from './select.ts';
import { drain } from './lexicon.ts';

test('sorting in steps gives the same stable order as a sort, pausing along the way', () => {
  for (const n of [0, 1, 7, 4096, 4097, 20_000]) {
    const items = Array.from({ length: n }, (_, i) => ({ key: (i * 7919) % 101, at: i }));
    const expected = [...items].sort((a, b) => a.key - b.key);
    const steps = sortInSteps(items, (a, b) => a.key - b.key, 64);
    let pauses = 0;
    let r = steps.next();
    for (; !r.done; r = steps.next()) pauses++;
    assert.deepEqual(r.value, expected, `n = ${n}`);
    assert.ok(n < 128 || pauses > n / 4096, 'pauses while sorting');
  }
  assert.deepEqual(drain(sortInSteps(['b', 'a', 'c'], (a, b) => (a < b ? -1 : 1))), ['a', 'b', 'c']);
});

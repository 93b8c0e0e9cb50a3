import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isStorableText, unstorableTextPaths } from './storable.ts';

test('NUL and unpaired surrogates are refused; paired surrogates and ordinary text are kept', () => {
  assert.equal(isStorableText('a\u0000b'), false);
  assert.equal(isStorableText('\uD800'), false);
  assert.equal(isStorableText('x\uDC00'), false);
  assert.equal(isStorableText('\uDC00\uD800'), false, 'a low then a high surrogate is not a pair');
  assert.equal(isStorableText('😀 سلام'), true);
  assert.equal(isStorableText('\uD83D\uDE00'), true);
  assert.equal(isStorableText(''), true);
});

test('paths point at every refused string and key, deep in objects and arrays', () => {
  const body = { nameFa: 'ok', nameEn: 'bad\u0000', inquiries: [{ fa: 'ok' }, { fa: '\uD800' }], ['k\u0000']: 'x', 'a/b': ['\uDFFF'] };
  assert.deepEqual(unstorableTextPaths(body).sort(), ['/a~1b/0', '/inquiries/1/fa', '/k\u0000', '/nameEn']);
  assert.deepEqual(unstorableTextPaths('\u0000'), ['']);
  assert.deepEqual(unstorableTextPaths({ n: 1, b: true, z: null, s: 'fine' }), []);
});

test('a Buffer is not walked, and a deeply nested value does not overflow the stack', () => {
  assert.deepEqual(unstorableTextPaths(Buffer.from([0, 0, 0])), []);
  let deep: unknown = '\u0000';
  for (let i = 0; i < 200_000; i++) deep = [deep];
  assert.equal(unstorableTextPaths(deep).length, 1);
});

test('at most `limit` paths are reported', () => {
  assert.equal(unstorableTextPaths(Array.from({ length: 100 }, () => '\u0000'), 5).length, 5);
});

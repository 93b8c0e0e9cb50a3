import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { errorsMarkdown } from './errors-doc.ts';

test('docs/errors.md lists every error code (run `npm run docs` when this fails)', () => {
  const onDisk = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  assert.equal(onDisk, errorsMarkdown());
});

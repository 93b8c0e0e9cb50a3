import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServers } from './openapi-servers.ts';

test('withServers replaces servers at every level and leaves the rest', () => {
  const doc = withServers({ openapi: '3.1.0', servers: [{ url: 'http://x' }], paths: { '/a': { servers: [], get: { servers: [{ url: 'http://y' }], ok: 1 } } } }, 'https://gw/r1/s');
  assert.deepEqual(doc, { openapi: '3.1.0', servers: [{ url: 'https://gw/r1/s' }], paths: { '/a': { get: { ok: 1 } } } });
});

test('without a URL every servers list is dropped: the backend address stays private', () => {
  const doc = withServers({ openapi: '3.1.0', servers: [{ url: 'http://10.0.0.5/api' }], paths: { '/a': { get: { servers: [{ url: 'http://10.0.0.6' }], ok: 1 } } } }, undefined);
  assert.deepEqual(doc, { openapi: '3.1.0', paths: { '/a': { get: { ok: 1 } } } });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApiEndpoints, templateToPattern } from './openapi-endpoints.ts';
import { referenceAgencies } from '../../demo/agencies/start.ts';
import { endpointMatches } from './protocol/endpoints.ts';

const doc = (paths: unknown, openapi: unknown = '3.0.3') => ({ openapi, info: { title: 't', version: '1' }, paths });

test('every reference agency document yields one endpoint per operation, matching its routes', () => {
  for (const agency of referenceAgencies({ today: () => '2026-01-01' })) {
    const result = openApiEndpoints(JSON.parse(JSON.stringify(agency.openapi)));
    assert.ok(result.ok, agency.code);
    assert.deepEqual(
      result.value.map((e) => `${e.method} ${e.path}`).sort(),
      agency.routes.map((r) => `${r.method} ${r.path}`).sort(),
      agency.code,
    );
  }
});

test('methods are upper-cased, duplicates and non-operation keys ignored, 3.1 accepted', () => {
  const result = openApiEndpoints(
    doc({ '/persons/{nationalCode}': { parameters: [], summary: 'x', get: {}, post: {} }, '/health': { head: {} } }, '3.1.0'),
  );
  assert.deepEqual(result, {
    ok: true,
    value: [
      { method: 'GET', path: '/persons/{nationalCode}' },
      { method: 'POST', path: '/persons/{nationalCode}' },
      { method: 'HEAD', path: '/health' },
    ],
  });
});

test('a parameter inside a segment becomes a glob that still matches real paths', () => {
  assert.equal(templateToPattern('/files/{name}.pdf'), '/files/*.pdf');
  assert.equal(templateToPattern('/a/{x}/b'), '/a/{x}/b');
  assert.ok(endpointMatches({ method: 'GET', path: templateToPattern('/files/{name}.pdf')! }, 'GET', '/files/report.pdf'));
  assert.ok(!endpointMatches({ method: 'GET', path: templateToPattern('/files/{name}.pdf')! }, 'GET', '/files/a/b.pdf'));
});

test('bad documents are refused with a reason', () => {
  const cases: [unknown, string][] = [
    [null, 'not_an_object'],
    [[], 'not_an_object'],
    ['openapi: 3.0.0', 'not_an_object'],
    [{ swagger: '2.0', paths: { '/a': { get: {} } } }, 'swagger_2'],
    [doc({ '/a': { get: {} } }, '2.0'), 'not_openapi_3'],
    [doc({ '/a': { get: {} } }, 3), 'not_openapi_3'],
    [doc(undefined), 'no_paths'],
    [doc([]), 'no_paths'],
    [doc({}), 'no_operations'],
    [doc({ '/a': { summary: 'only' } }), 'no_operations'],
    [doc({ 'a': { get: {} } }), 'bad_path'],
    [doc({ '/a/../b': { get: {} } }), 'bad_path'],
    [doc({ '/a b': { get: {} } }), 'bad_path'],
    [doc({ '/a?x=1': { get: {} } }), 'bad_path'],
    [doc({ '/a/{x': { get: {} } }), 'bad_path'],
    [doc({ '/a/{{x}}': { get: {} } }), 'bad_path'],
    [doc({ '/a/**': { get: {} } }), 'bad_path'],
    [doc({ '/a//b': { get: {} } }), 'bad_path'],
    [doc({ '/a': 'get' }), 'bad_path_item'],
    [doc({ '/a': { get: 'x' } }), 'bad_path_item'],
    [doc({ '/a': { $ref: 'other.yaml#/paths/a' } }), 'unresolved_ref'],
    [doc(Object.fromEntries(Array.from({ length: 2001 }, (_, i) => [`/p${i}`, { get: {} }]))), 'too_many_operations'],
  ];
  for (const [input, reason] of cases) {
    const result = openApiEndpoints(input);
    assert.equal(result.ok, false, JSON.stringify(input)?.slice(0, 80));
    if (!result.ok) {
      assert.equal(result.error.reason, reason, JSON.stringify(input)?.slice(0, 80));
      assert.ok(result.error.message.length > 0);
    }
  }
});

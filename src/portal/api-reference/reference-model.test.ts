import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderToString } from 'preact-render-to-string';
import { createI18n } from '../../web/i18n/translate.ts';
import { apiReferenceOf } from './reference-model.ts';
import { constraintsOf, fieldsOf, typeOf } from './schema-fields.ts';
import { ApiReferenceContent, InlineCode } from './api-reference-page.tsx';

const agency = {
  type: 'object',
  required: ['code', 'kind', 'limit'],
  properties: {
    code: { type: 'string', pattern: '^[A-Z]+$', description: 'Agency code' },
    kind: { enum: ['ministry', 'other'] },
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
    parent: { anyOf: [{ type: 'object', required: ['code'], properties: { code: { type: 'string' } } }, { type: 'null' }] },
    tags: { type: 'array', items: { type: 'object', properties: { name: { type: 'string', format: 'date' } } } },
    issued: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

test('types are written in JSON Schema words: unions, nullables, arrays, maps, references', () => {
  assert.equal(typeOf({ type: 'string' }), 'string');
  assert.equal(typeOf({ enum: ['a', 'b'] }), '"a" | "b"');
  assert.equal(typeOf({ anyOf: [{ type: 'string' }, { type: 'null' }] }), 'string | null');
  assert.equal(typeOf({ type: 'array', items: { type: 'integer' } }), 'integer[]');
  assert.equal(typeOf({ type: 'array', items: { enum: ['x', 'y'] } }), '("x" | "y")[]');
  assert.equal(typeOf({ type: 'object', additionalProperties: { type: 'string' } }), '{ [key]: string }');
  assert.equal(typeOf({ $ref: '#/components/schemas/Agency' }), 'Agency');
  assert.equal(typeOf({ const: 'v1' }), '"v1"');
  assert.equal(typeOf(undefined), 'any');
  assert.deepEqual(constraintsOf({ anyOf: [{ type: 'string', format: 'email', maxLength: 254 }, { type: 'null' }] }), ['format: "email"', 'maxLength: 254']);
  assert.deepEqual(constraintsOf({ type: 'string', pattern: '^a$' }), ['pattern: ^a$']);
});

test('fields are listed with their paths into nested objects and arrays; a field with a default is not required', () => {
  const rows = fieldsOf(agency);
  assert.deepEqual(
    rows.map((r) => [r.name, r.type, r.required, r.depth]),
    [
      ['code', 'string', true, 0],
      ['kind', '"ministry" | "other"', true, 0],
      ['limit', 'integer', false, 0],
      ['parent', 'object | null', false, 0],
      ['parent.code', 'string', true, 1],
      ['tags', 'object[]', false, 0],
      ['tags[].name', 'string', false, 1],
      ['issued', '{ [key]: string }', false, 0],
    ],
  );
  assert.equal(rows[0]!.description, 'Agency code');
  assert.deepEqual(fieldsOf({ type: 'array', items: agency }).slice(0, 1).map((r) => r.name), ['[].code'], 'a list answer names the fields of its items');
  assert.deepEqual(fieldsOf({ type: 'string' }), [], 'a scalar body has no fields');
});

const document = {
  openapi: '3.1.0',
  info: { title: 'Test API', version: '1.2.3' },
  tags: [{ name: 'registry', description: 'Agencies' }, { name: 'unused' }, { name: 'system' }],
  paths: {
    '/healthz': { get: { tags: ['system'], responses: { '200': { description: 'Default Response' } } } },
    '/agencies': {
      post: { tags: ['registry'], summary: 'Register an agency', security: [{ bearer: [] }], requestBody: { required: true, content: { 'application/json': { schema: agency } } }, responses: { '201': { description: 'Created', content: { 'application/json': { schema: agency } } } } },
      get: {
        tags: ['registry'],
        parameters: [
          { in: 'query', name: 'limit', required: true, schema: { type: 'integer', default: 50 } },
          { in: 'query', name: 'q', schema: { type: 'string' }, description: 'Words' },
        ],
        responses: { '200': { description: 'Default Response', content: { 'text/csv': {} } } },
      },
    },
    '/agencies/{code}': {
      parameters: [{ in: 'path', name: 'code', required: true, schema: { type: 'string' } }],
      get: { tags: ['registry'], security: [], responses: { '200': { content: { 'application/json': { schema: agency } } } } },
    },
    '/other': { get: { tags: ['zz'], responses: {} }, put: { responses: {} }, 'x-extension': { tags: ['system'] } },
  },
};

test('operations are grouped by tag in the document order, untagged ones last; repeated fields are listed once', () => {
  const reference = apiReferenceOf(document);
  assert.deepEqual(
    reference.groups.map((g) => [g.name, g.operations.map((o) => `${o.method} ${o.path}`)]),
    [
      ['registry', ['get /agencies', 'post /agencies', 'get /agencies/{code}']],
      ['system', ['get /healthz']],
      ['zz', ['get /other']],
      ['', ['put /other']],
    ],
    'methods of a path in the usual order; a declared tag without operations is left out; a key that is not an HTTP method is not an operation',
  );
  assert.equal(reference.operationCount, 6);
  const [list, post, one] = reference.groups[0]!.operations;
  assert.equal(post!.anchor, 'post-agencies');
  assert.equal(post!.tokenRequired, true);
  assert.equal(list!.tokenRequired, false);
  assert.equal(one!.tokenRequired, false, 'an empty security list means public');
  assert.deepEqual(post!.requestBody && [post!.requestBody.required, post!.requestBody.mediaTypes, post!.requestBody.fields.length], [true, ['application/json'], 8]);
  assert.deepEqual(
    list!.parameters.map((p) => [p.name, p.in, p.required, p.description]),
    [
      ['limit', 'query', false, undefined],
      ['q', 'query', false, 'Words'],
    ],
    'a parameter with a default may be left out',
  );
  assert.equal(list!.responses[0]!.description, undefined, "Fastify's placeholder description is dropped");
  assert.deepEqual(list!.responses[0]!.mediaTypes, ['text/csv']);
  assert.deepEqual(one!.parameters.map((p) => [p.name, p.in, p.required]), [['code', 'path', true]], 'path-level parameters apply to the operation');
  assert.equal(post!.responses[0]!.sameFieldsAs, undefined, 'the first listing');
  assert.deepEqual(one!.responses[0]!.sameFieldsAs, { anchor: 'post-agencies', method: 'post', path: '/agencies', status: '201' });
});

test('a malformed document gives an empty or partial reference, never an exception', () => {
  for (const bad of [null, 5, 'x', [], { paths: 5 }, { paths: { '/a': null, '/b': { get: 'x' } } }, { tags: [null, { name: 3 }], paths: { '/c': { get: { tags: [7], parameters: [null, { name: 'x' }], responses: [] } } } }]) {
    const reference = apiReferenceOf(bad);
    assert.ok(Array.isArray(reference.groups), JSON.stringify(bad));
  }
  const partial = apiReferenceOf({ paths: { '/c': { get: { tags: [7], parameters: [null, { name: 'x' }], responses: [] } } } });
  assert.deepEqual(partial.groups.map((g) => [g.name, g.operations[0]!.parameters.length]), [['', 0]]);
});

test('the page marks the English of the document on a Persian page, and writes back-ticks as code, escaped', () => {
  const reference = apiReferenceOf({ ...document, paths: { '/x': { get: { tags: ['registry'], summary: 'Send `text/csv` <b>now</b>', responses: {} } } } });
  const fa = renderToString(ApiReferenceContent({ i18n: createI18n('fa'), reference }));
  assert.match(fa, /<p lang="en" dir="ltr">Send <code>text\/csv<\/code> &lt;b>now&lt;\/b><\/p>/);
  assert.match(fa, /<h2 id="tag-registry-heading">ثبت دستگاه‌ها و خدمات<\/h2>/);
  const en = renderToString(ApiReferenceContent({ i18n: createI18n('en'), reference }));
  assert.match(en, /<p>Send <code>text\/csv<\/code>/);
  assert.equal(renderToString(InlineCode({ text: 'an ` odd back-tick' })), 'an ` odd back-tick');
});

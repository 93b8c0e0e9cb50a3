import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestApp, type TestApp } from './support/app.ts';
import { testEngines } from './support/database.ts';

for (const engine of testEngines()) {
  describe(`application (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(engine);
    });
    after(() => t.close());

    test('every route that is not public refuses an anonymous caller and an auditor where the auditor is not listed', async () => {
      const spec = (await t.app.inject({ url: '/api/openapi.json' })).json();
      let protectedRoutes = 0;
      for (const [path, methods] of Object.entries(spec.paths as Record<string, Record<string, { security?: unknown[] }>>)) {
        for (const [method, op] of Object.entries(methods)) {
          if (!op.security) continue;
          protectedRoutes++;
          const url = path.replace(/\{[^}]+\}/g, (p) => (p === '{entity}' ? 'services' : p === '{id}' ? 'IR-01000001-30' : 'SOME-CODE'));
          const res = await t.app.inject({ method: method.toUpperCase() as 'GET', url, payload: method === 'get' ? undefined : {} });
          assert.equal(res.statusCode, 401, `${method} ${path} → ${res.statusCode}`);
          assert.equal(res.json().code, 'UNAUTHENTICATED');
        }
      }
      assert.ok(protectedRoutes >= 8, `found ${protectedRoutes} protected routes`);
    });

    test('health and readiness', async () => {
      assert.deepEqual((await t.app.inject({ url: '/healthz' })).json(), { status: 'ok' });
      assert.deepEqual((await t.app.inject({ url: '/readyz' })).json(), { status: 'ready' });
    });

    test('the OpenAPI document and its docs page are served', async () => {
      const spec = await t.app.inject({ url: '/api/openapi.json' });
      assert.equal(spec.statusCode, 200);
      assert.match(spec.json().openapi, /^3\./);
      assert.ok(spec.json().paths['/api/v1/services/{id}']);
      assert.deepEqual((await t.app.inject({ url: '/api/docs/json' })).json(), spec.json(), 'the address swagger-ui served it at still answers');
      assert.match((await t.app.inject({ url: '/api/docs/yaml' })).body, /^openapi: 3\./m);
      // The page lists every operation of the document, in either language, whatever the query string.
      for (const url of ['/api/docs', '/api/docs?lang=en', '/api/docs/?lang=en&url=https://evil.example/x.json&lang=fa', '/api/docs?configUrl=%E2%80%AE&page=-1&lang']) {
        const docs = await t.app.inject({ url });
        assert.equal(docs.statusCode, 200, url);
        assert.match(docs.headers['content-type'] as string, /^text\/html/);
        assert.match(docs.headers['content-security-policy'] as string, /script-src 'self'/, 'the CSP of the site, not a relaxed one');
        assert.doesNotMatch(docs.body, /<script/, url);
        for (const [path, methods] of Object.entries(spec.json().paths as Record<string, object>)) {
          for (const method of Object.keys(methods)) assert.ok(docs.body.includes(`id="${`${method}-${path}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}"`), `${url}: ${method} ${path}`);
        }
      }
    });

    test('unknown routes answer a problem document and request ids are echoed', async () => {
      const res = await t.app.inject({ url: '/nope', headers: { 'x-request-id': 'trace-123' } });
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().code, 'NOT_FOUND');
      assert.equal(res.headers['x-request-id'], 'trace-123');
      const injected = await t.app.inject({ url: '/nope', headers: { 'x-request-id': 'bad\nid <script>' } });
      assert.notEqual(injected.headers['x-request-id'], 'bad\nid <script>');
    });

    test('oversized and wrongly typed bodies are refused with stable codes', async () => {
      const headers = await t.as('operator');
      const big = await t.app.inject({ method: 'POST', url: '/api/v1/agencies', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ code: 'X'.repeat(2_000_000) }) });
      assert.equal(big.statusCode, 413);
      assert.equal(big.json().code, 'BODY_TOO_LARGE');
      const xml = await t.app.inject({ method: 'POST', url: '/api/v1/agencies', headers: { ...headers, 'content-type': 'application/xml' }, body: '<a/>' });
      assert.equal(xml.statusCode, 415);
      assert.equal(xml.json().code, 'UNSUPPORTED_MEDIA_TYPE');
    });
  });
}

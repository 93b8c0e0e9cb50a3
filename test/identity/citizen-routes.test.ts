/**
 * Every route a signed-in person may call (`access: 'citizen'`), found at run time from what the
 * app registered — not a hand-kept list — walked as a stranger and as staff: pages send a
 * stranger to sign in (a post is refused: there is nothing to come back to), the API answers
 * 401, and staff (operator, auditor) are refused (403). A person reaching another person's data
 * through their own routes is tested beside each module (e.g. citizen-data.test.ts).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { openTestApp, type TestApp } from '../support/app.ts';
import { testEngines } from '../support/database.ts';

const concrete = (url: string) =>
  url.replace(/:(\w+)/g, (_m, name: string) => (name === 'kind' ? 'literacy-level' : name === 'id' ? randomUUID() : `some-${name}`));

for (const engine of testEngines()) {
  describe(`every citizen route refuses strangers and staff (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(engine);
      await t.app.ready();
    });
    after(() => t?.close());

    test('found at run time, the people’s own data among them', () => {
      const routes = t.app.declaredRoutes().filter((r) => r.access === 'citizen');
      const names = new Set(routes.map((r) => `${r.method} ${r.url}`));
      for (const mine of ['GET /account/inquiries', 'POST /account/inquiries', 'GET /account/accesses', 'GET /api/v1/me/inquiries/:kind', 'GET /api/v1/me/accesses', 'GET /account']) {
        assert.ok(names.has(mine), `${mine} is a citizen route`);
      }
      assert.ok(routes.length >= 15, `found ${routes.length}`);
    });

    test('a stranger is sent to sign in (pages) or answered 401 (API and posts); staff get 403', async () => {
      const staffHeaders = [await t.as('operator'), await t.as('auditor')];
      const routes = t.app.declaredRoutes().filter((r) => r.access === 'citizen' && r.method !== 'HEAD');
      for (const r of routes) {
        const url = concrete(r.url);
        const label = `${r.method} ${r.url}`;
        const api = url.startsWith('/api/');
        const payload = r.method === 'GET' ? undefined : {};
        const stranger = await t.app.inject({ method: r.method as 'GET', url, payload, headers: { accept: api ? 'application/json' : 'text/html' } });
        if (!api && r.method === 'GET') {
          assert.equal(stranger.statusCode, 303, label);
          assert.match(stranger.headers.location as string, /^\/sign-in\?next=/, label);
        } else {
          assert.equal(stranger.statusCode, 401, label);
        }
        for (const headers of staffHeaders) {
          const asStaff = await t.app.inject({ method: r.method as 'GET', url, payload, headers: { ...headers, accept: api ? 'application/json' : 'text/html' } });
          assert.equal(asStaff.statusCode, 403, label);
        }
      }
    });
  });
}

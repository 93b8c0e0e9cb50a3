import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { rows } from '../src/db/database.ts';
import { openTestApp, type TestApp } from './support/app.ts';
import { testEngines } from './support/database.ts';
import { seedExchange } from '../src/exchange/admin/api.test-support.ts';
import { servicePayload } from './support/fixtures.ts';

type Schema = { type?: string; properties?: Record<string, Schema>; anyOf?: Schema[]; oneOf?: Schema[] };
type Operation = { requestBody?: { content?: Record<string, { schema?: Schema }> } };

/** A string property of a request body schema (the first branch of a union), to carry the bad text. */
function stringField(schema: Schema | undefined): string | undefined {
  if (!schema) return undefined;
  for (const [name, p] of Object.entries(schema.properties ?? {})) if (p.type === 'string' || p.anyOf?.some((b) => b.type === 'string')) return name;
  return stringField(schema.anyOf?.[0] ?? schema.oneOf?.[0]);
}

/** Rows in every table: what a refused request must leave as it was. */
async function tableCounts(t: TestApp): Promise<Record<string, number>> {
  return t.db.run(async (q) => {
    const tables = await rows<{ name: string }>(q, sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`);
    const counts: Record<string, number> = {};
    for (const { name } of tables) counts[name] = Number((await rows<{ n: number | string }>(q, sql.raw(`select count(*) as n from "${name}"`)))[0]!.n);
    return counts;
  });
}

const badTexts = [
  ['NUL', '{"x":"a\\u0000b"}'],
  ['a lone surrogate', '{"x":"a\\ud800b"}'],
] as const;

for (const engine of testEngines()) {
  describe(`hostile input is refused with a stable 4xx (${engine})`, () => {
    let t: TestApp;
    let seeded: Awaited<ReturnType<typeof seedExchange>>;
    let serviceId: string;
    before(async () => {
      t = await openTestApp(engine);
      seeded = await seedExchange(t);
      serviceId = (await t.app.inject({ method: 'POST', url: '/api/v1/services', headers: seeded.operator, payload: servicePayload('HEALTH') })).json().id;
    });
    after(() => t.close());

    test('every write route: NUL or a lone surrogate in a body string → 400 VALIDATION_FAILED naming the field, nothing written', async () => {
      const spec = (await t.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, Operation>> };
      const before = await tableCounts(t);
      let walked = 0;
      for (const [path, methods] of Object.entries(spec.paths)) {
        for (const [method, op] of Object.entries(methods)) {
          if (!['post', 'put', 'patch'].includes(method)) continue;
          const json = op.requestBody?.content?.['application/json'];
          // Import files are bytes, checked by the import line by line (test/registry/transfer.test.ts).
          if (path.includes('/import/')) continue;
          // A person's own API refuses staff before reading the body; its hostile text is tested with a session (test/identity/profiles.test.ts).
          if (path.startsWith('/api/v1/me/')) continue;
          const field = stringField(json?.schema) ?? 'message';
          const url = path.replace(/\{([^}]+)\}/g, (_, p: string) => (p === 'id' && path.startsWith('/api/v1/services') ? serviceId : p === 'id' ? String(seeded.serviceId) : 'HEALTH'));
          for (const [label, template] of badTexts) {
            const res = await t.app.inject({ method: method.toUpperCase() as 'POST', url, headers: { ...seeded.operator, 'content-type': 'application/json' }, payload: template.replace('"x"', JSON.stringify(field)) });
            assert.equal(res.statusCode, 400, `${method} ${path} with ${label}: ${res.body}`);
            assert.equal(res.json().code, 'VALIDATION_FAILED', `${method} ${path}`);
            assert.deepEqual(res.json().errors.map((e: { field: string; code: string }) => [e.field, e.code]), [[`body/${field}`, 'INVALID_CHARACTER']], `${method} ${path}`);
            assert.ok(res.headers['x-request-id']);
            walked++;
          }
        }
      }
      assert.ok(walked >= 2 * 14, `walked ${walked} route × text cases`);
      assert.deepEqual(await tableCounts(t), before);
    });

    test('an anonymous caller is still refused as such first: authentication runs before the text check', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/agencies', headers: { 'content-type': 'application/json' }, payload: '{"code":"A\\u0000"}' });
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().code, 'UNAUTHENTICATED');
    });

    test('NUL in query-string filters and path parameters → 400 naming the field; deep in a body too', async () => {
      for (const url of ['/api/v1/agencies?q=a%00', '/api/v1/services?externalCode=%00', '/api/v1/catalog/search?q=%00', '/api/v1/exchange/services?q=%00']) {
        const res = await t.app.inject({ url, headers: seeded.operator });
        assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
        assert.match(res.json().errors[0].field, /^querystring\//, url);
        assert.equal(res.json().errors[0].code, 'INVALID_CHARACTER');
      }
      const param = await t.app.inject({ url: '/api/v1/services/IR-%00/history', headers: seeded.operator });
      assert.equal(param.statusCode, 400, param.body);
      assert.equal(param.json().errors[0].field, 'params/id');
      const deep = await t.app.inject({ method: 'PATCH', url: `/api/v1/services/${serviceId}`, headers: { ...seeded.operator, 'content-type': 'application/json' }, payload: '{"requiredEvidence":[{"fa":"ok","en":"\\udc00"}]}' });
      assert.equal(deep.statusCode, 400, deep.body);
      assert.deepEqual(deep.json().errors.map((e: { field: string }) => e.field), ['body/requiredEvidence/0/en']);
    });

    test('a staff form post (urlencoded) with NUL is refused before its handler', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/staff/login', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, payload: 'token=ow_%00&next=%2F' });
      assert.equal(res.statusCode, 400, res.body);
      assert.ok(res.headers['x-request-id']);
    });

    test('empty-string references are refused by the schema; null still means none', async () => {
      const json = { ...seeded.operator, 'content-type': 'application/json' };
      const cases: [string, string, object, string][] = [
        ['POST', '/api/v1/services', servicePayload('HEALTH', { parentId: '' }), 'body/parentId'],
        ['PATCH', `/api/v1/services/${serviceId}`, { parentId: '' }, 'body/parentId'],
        ['POST', `/api/v1/exchange/subsystems/${seeded.providerId}/services`, { code: 'x', nameFa: 'ا', nameEn: 'x', upstreamUrl: 'http://127.0.0.1:9/', endpoints: [{ method: 'GET', path: '/' }], registryServiceId: '' }, 'body/registryServiceId'],
        ['PATCH', `/api/v1/exchange/services/${seeded.serviceId}`, { registryServiceId: '' }, 'body/registryServiceId'],
        ['GET', '/api/v1/services?parent=', {}, 'querystring/parent'],
        ['GET', '/api/v1/exchange/services?registryServiceId=', {}, 'querystring/registryServiceId'],
      ];
      for (const [method, url, payload, field] of cases) {
        const res = await t.app.inject({ method: method as 'POST', url, headers: json, ...(method === 'GET' ? {} : { payload }) });
        assert.equal(res.statusCode, 400, `${method} ${url}: ${res.body}`);
        assert.equal(res.json().code, 'VALIDATION_FAILED');
        assert.ok(res.json().errors.some((e: { field: string }) => e.field === field), `${method} ${url}: ${res.body}`);
      }
      const none = await t.app.inject({ method: 'PATCH', url: `/api/v1/exchange/services/${seeded.serviceId}`, headers: json, payload: { registryServiceId: null } });
      assert.equal(none.statusCode, 200, none.body);
      const noParent = await t.app.inject({ method: 'PATCH', url: `/api/v1/services/${serviceId}`, headers: json, payload: { parentId: null, nameEn: 'Renamed' } });
      assert.equal(noParent.statusCode, 200, noParent.body);
    });

    test('KPI table names that are Object properties (constructor, __proto__) → 404, not a 500', async () => {
      for (const name of ['constructor', '__proto__']) {
        const res = await t.app.inject({ url: `/api/v1/insights/tables/${name}` });
        assert.equal(res.statusCode, 404, `${name}: ${res.body}`);
        assert.equal(res.json().code, 'NOT_FOUND');
      }
      assert.equal((await t.app.inject({ url: '/api/v1/insights/tables/connection_timeline' })).statusCode, 200);
    });
  });
}

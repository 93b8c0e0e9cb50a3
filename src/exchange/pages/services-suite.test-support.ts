import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { servicePayload } from '../../../test/support/fixtures.ts';
import { getExchangeServiceOrFail, listExchangeServices } from '../admin/exchange-services.ts';
import { inputValue, system, type ConsoleFixture } from './console-fixture.test-support.ts';

const openapi = {
  openapi: '3.0.3',
  info: { title: 'Literacy', version: '1' },
  paths: { '/literacy/{nationalCode}': { get: { responses: { '200': { description: 'ok' } } } }, '/centres': { get: { responses: { '200': { description: 'ok' } } } } },
};

/** Publishing and editing a service through its form (on a fixture without services). */
export function servicesSuite(c: ConsoleFixture) {
  describe('service pages', () => {
    test('a service is published from a pasted OpenAPI document; its endpoints and use are shown', async () => {
      const { t, admin, providerId, adminA, get, post } = c;
      const url = `/staff/exchange/subsystems/${providerId}/services/new?lang=en`;
      assert.equal((await get(adminA, url)).statusCode, 200);
      const fields = { _csrf: adminA.csrf, code: 'literacy', serviceVersion: 'v1', nameFa: 'استعلام سواد', nameEn: 'Literacy inquiry', upstreamUrl: 'https://literacy.example/api', timeoutMs: '۵۰۰۰', maxBodyBytes: '1048576', dataSubjectIn: 'path', dataSubjectName: 'nationalCode', status: 'active' };
      const bad = await post(adminA, url, { ...fields, upstreamUrl: 'ftp://x', openapi: '{ not json' });
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /<a href="#service-openapi">/);
      assert.match(bad.body, /<a href="#service-upstreamUrl">/);
      const wrongSubject = await post(adminA, url, { ...fields, dataSubjectName: 'code', openapi: JSON.stringify(openapi) });
      assert.equal(wrongSubject.statusCode, 422);
      assert.match(wrongSubject.body, /<a href="#service-dataSubjectName">No endpoint has a path parameter/);
      const res = await post(adminA, url, { ...fields, openapi: JSON.stringify(openapi) });
      assert.equal(res.statusCode, 303, res.body);
      const [service] = (await listExchangeServices(admin, system, { subsystemId: providerId }, { offset: 0, limit: 10 })).items;
      const serviceId = service!.id;
      assert.equal(service!.timeoutMs, 5000, 'Persian digits read');
      assert.deepEqual(service!.endpoints.map((e) => `${e.method} ${e.path}`).sort(), ['GET /centres', 'GET /literacy/{nationalCode}']);
      // Usage: 200 calls (10 errors) in the last 30 days, under both key forms; older calls and another service's do not count.
      await t.db.run((q) =>
        q.execute(sql`insert into exchange_usage (granularity, bucket_start, service, consumer, calls, errors, latency_ms_sum, latency_ms_max) values
          ('minute', '2026-11-27T10:00:00Z', 'IR/GOV/A1/PROV/literacy', 'IR/GOV/B1/CONS', 150, 10, 1500, 40),
          ('day', '2026-11-10T00:00:00Z', 'IR/GOV/A1/PROV/literacy/v1', 'IR/GOV/B1/CONS', 50, 0, 500, 20),
          ('day', '2026-09-01T00:00:00Z', 'IR/GOV/A1/PROV/literacy', 'IR/GOV/B1/CONS', 9000, 0, 500, 20),
          ('minute', '2026-11-27T10:00:00Z', 'IR/GOV/A1/PROV/literacy-other', 'IR/GOV/B1/CONS', 7777, 0, 500, 20)`),
      );
      const page = await get(adminA, `/staff/exchange/services/${serviceId}?lang=en`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<span class="card-value">200<\/span><span class="card-label">Calls<\/span>/);
      assert.match(page.body, /<span class="card-value">5\.0%<\/span>/);
      const overview = await get(adminA, '/staff/exchange/agencies/AGENCY-A?lang=en');
      assert.match(overview.body, /<td class="num">200<\/td><td class="num">5\.0%<\/td>/);
      assert.match(page.body, /\/literacy\/\{nationalCode\}/);
      assert.match(page.body, /IR\/GOV\/A1\/PROV\/literacy\/v1/);
      assert.match(page.body, /Calls/);

      // Editing: both endpoint boxes empty keep the endpoints; the name changes.
      const edit = await get(adminA, `/staff/exchange/services/${serviceId}/edit`);
      const version = inputValue(edit.body, 'version')!;
      const saved = await post(adminA, `/staff/exchange/services/${serviceId}/edit`, { ...fields, nameEn: 'Literacy level inquiry', version });
      assert.equal(saved.statusCode, 303, saved.body);
      const after = await getExchangeServiceOrFail(admin, system, serviceId);
      assert.equal(after.nameEn, 'Literacy level inquiry');
      assert.equal(after.endpoints.length, 2);
      const stale = await post(adminA, `/staff/exchange/services/${serviceId}/edit?lang=en`, { ...fields, nameEn: 'Stale', version });
      assert.equal(stale.statusCode, 409);
      assert.equal((await getExchangeServiceOrFail(admin, system, serviceId)).nameEn, 'Literacy level inquiry');
    });

    test("a service's own rate limits and its catalog service are set, shown, checked and cleared", async () => {
      const { t, admin, providerId, adminA, adminB, get, post } = c;
      const created = await t.app.inject({ method: 'POST', url: '/api/v1/services', payload: servicePayload('AGENCY-A'), headers: await t.as('operator') });
      assert.equal(created.statusCode, 201, created.body);
      const catalogId = (created.json() as { id: string }).id;
      const url = `/staff/exchange/subsystems/${providerId}/services/new?lang=en`;
      const form = await get(adminA, url);
      assert.match(form.body, new RegExp(`<option value="${catalogId}">Literacy level inquiry \\(${catalogId}\\)</option>`), "the agency's catalog services are offered");
      assert.match(form.body, /id="service-rateLimitPerSecond"/);
      const fields = { _csrf: adminA.csrf, code: 'limited', nameFa: 'محدود', nameEn: 'Limited', upstreamUrl: 'https://limited.example/api', timeoutMs: '5000', maxBodyBytes: '1024', status: 'active', endpoints: 'GET /limited' };
      const count = async () => (await listExchangeServices(admin, system, { subsystemId: providerId }, { offset: 0, limit: 100 })).items.filter((s) => s.code === 'limited').length;

      const burstOnly = await post(adminA, url, { ...fields, rateLimitBurst: '40', nameEn: '' });
      assert.equal(burstOnly.statusCode, 422);
      assert.match(burstOnly.body, /<a href="#service-rateLimitBurst">Calls at once \(burst\) needs calls per second as well/);
      assert.match(burstOnly.body, /<a href="#service-nameEn">/, 'reported with the other mistakes');
      assert.match(burstOnly.body, /id="service-rateLimitBurst"[^>]*value="40"|value="40"[^>]*id="service-rateLimitBurst"/, 'the value is kept');
      const notNumbers = await post(adminA, url, { ...fields, rateLimitPerSecond: 'fast', rateLimitBurst: '0' });
      assert.equal(notNumbers.statusCode, 422);
      assert.match(notNumbers.body, /<a href="#service-rateLimitPerSecond">Calls per second must be a whole number/);
      assert.match(notNumbers.body, /<a href="#service-rateLimitBurst">Calls at once \(burst\) must be between 1 and 1,000,000/);
      const forged = await post(adminA, url, { ...fields, registryServiceId: 'IR-09999999-00' });
      assert.equal(forged.statusCode, 422, 'the service layer refuses a catalog service that does not exist');
      assert.match(forged.body, /<a href="#service-registryServiceId">Catalog service: there is no such service in the catalog/);
      assert.match(forged.body, /<option value="IR-09999999-00" selected>/, 'the choice is kept');
      assert.equal(await count(), 0, 'nothing written');

      const res = await post(adminA, url, { ...fields, rateLimitPerSecond: '۲۰', rateLimitBurst: '40', registryServiceId: catalogId });
      assert.equal(res.statusCode, 303, res.body);
      const id = Number(/services\/(\d+)/.exec(String(res.headers.location))![1]);
      const saved = await getExchangeServiceOrFail(admin, system, id);
      assert.deepEqual([saved.rateLimitPerSecond, saved.rateLimitBurst, saved.registryServiceId], [20, 40, catalogId]);
      const page = await get(adminA, `/staff/exchange/services/${id}?lang=en`);
      assert.match(page.body, new RegExp(`<a href="/services/${catalogId}" dir="ltr">${catalogId}</a>`));
      assert.match(page.body, /<dt>Calls per second<\/dt><dd>20<\/dd><dt>Calls at once \(burst\)<\/dt><dd>40<\/dd>/);

      // Editing: the form shows what is set; a burst alone is refused; empty boxes clear both and the link.
      const edit = await get(adminA, `/staff/exchange/services/${id}/edit?lang=en`);
      assert.match(edit.body, new RegExp(`<option value="${catalogId}" selected>`));
      const version = inputValue(edit.body, 'version')!;
      const { endpoints: _e, ...kept } = fields;
      const stillBurst = await post(adminA, `/staff/exchange/services/${id}/edit?lang=en`, { ...kept, version, rateLimitBurst: '5' });
      assert.equal(stillBurst.statusCode, 422);
      assert.equal((await getExchangeServiceOrFail(admin, system, id)).rateLimitPerSecond, 20, 'nothing written');
      const cleared = await post(adminA, `/staff/exchange/services/${id}/edit`, { ...kept, version, rateLimitPerSecond: '', rateLimitBurst: '', registryServiceId: '' });
      assert.equal(cleared.statusCode, 303, cleared.body);
      const after = await getExchangeServiceOrFail(admin, system, id);
      assert.deepEqual([after.rateLimitPerSecond, after.rateLimitBurst, after.registryServiceId], [null, null, null]);
      const shown = await get(adminA, `/staff/exchange/services/${id}?lang=en`);
      assert.match(shown.body, /<dt>Calls per second<\/dt><dd>The deployment's default<\/dd>/);
      assert.match(shown.body, /Not linked to a catalog service/);
      assert.equal((await post(adminB, `/staff/exchange/services/${id}/edit`, { ...kept, version: String(after.version), rateLimitPerSecond: '1' })).statusCode, 403, "not by another agency's admin");
      assert.equal((await getExchangeServiceOrFail(admin, system, id)).rateLimitPerSecond, null);
    });
  });
}

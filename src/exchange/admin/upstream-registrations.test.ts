import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { request } from 'undici';
import { openTestApp, type TestApp } from '../../../test/support/app.ts';
import { testEngines } from '../../../test/support/database.ts';
import { startTestGateway, type TestGateway } from '../../../test/support/gateway.ts';
import { loadConfig } from '../../config/load.ts';
import { createForwarder, type Forwarder } from '../gateway/index.ts';
import { readExchangeVersion } from '../state.ts';
import { exchangeAdminDeps } from './deps.ts';
import { registerUpstream } from './upstream-registrations.ts';
import { call, seedExchange } from './api.test-support.ts';

const system = { kind: 'system', name: 'test' } as const;

/** A backend that counts the calls that reach it. */
async function backend(): Promise<{ url: string; hits: number; server: Server }> {
  const b = { url: '', hits: 0, server: createServer((_req, res) => (b.hits++, res.end('{"person":"data"}'))) };
  await new Promise<void>((resolve) => b.server.listen(0, '127.0.0.1', resolve));
  b.url = `http://127.0.0.1:${(b.server.address() as AddressInfo).port}/`;
  return b;
}

for (const engine of testEngines()) {
  describe(`backend address registrations (${engine})`, () => {
    let t: TestApp;
    let s: Awaited<ReturnType<typeof seedExchange>>;
    let victim: Awaited<ReturnType<typeof backend>>;
    let gateway: TestGateway;
    let forwarder: Forwarder;
    before(async () => {
      t = await openTestApp(engine, { GATEWAY_SHARED_SECRETS: 'true' });
      s = await seedExchange(t);
      victim = await backend();
      // LITERACY's real backend, registered by the operator with its exact loopback address.
      await call(t, 'POST', '/exchange/members/LITERACY/upstreams', s.operator, { url: victim.url, internalAddresses: ['127.0.0.1'] });
      await call(t, 'PATCH', `/exchange/services/${s.serviceId}`, s.literacyAdmin, { upstreamUrl: `${victim.url}persons-api` });
      forwarder = createForwarder();
      gateway = await startTestGateway({ source: t.app.exchangeConfig, forward: forwarder.step, env: { GATEWAY_SHARED_SECRETS: 'true' } });
    });
    after(async () => {
      await gateway?.close();
      await forwarder?.close();
      victim?.server.close();
      await t?.close();
    });

    test('only the operator registers and revokes; the operator and the member\'s own admins read; everyone else is refused', async () => {
      const version = await t.db.run(readExchangeVersion);
      const url = '/api/v1/exchange/members/LITERACY/upstreams';
      const payload = { url: 'https://more.example/' };
      assert.equal((await t.app.inject({ method: 'POST', url, payload })).statusCode, 401);
      for (const who of [s.literacyAdmin, s.otherAdmin, s.auditor]) {
        const res = await t.app.inject({ method: 'POST', url, payload, headers: who });
        assert.equal(res.statusCode, 403, res.body);
      }
      const [first] = (await call(t, 'GET', '/exchange/members/LITERACY/upstreams', s.operator)).items;
      for (const who of [s.literacyAdmin, s.otherAdmin, s.auditor]) {
        assert.equal((await t.app.inject({ method: 'POST', url: `${url}/${first.id}/revoke`, headers: who })).statusCode, 403);
      }
      assert.equal((await t.app.inject({ url })).statusCode, 401);
      assert.equal((await t.app.inject({ url, headers: s.otherAdmin })).json().code, 'FORBIDDEN_OTHER_AGENCY');
      assert.equal((await t.app.inject({ url, headers: s.auditor })).statusCode, 403, "backend addresses are not the auditor's");
      assert.equal((await t.app.inject({ url, headers: s.literacyAdmin })).statusCode, 200);
      assert.equal(await t.db.run(readExchangeVersion), version, 'nothing was written');
    });

    test('the attack: an agency admin cannot route a service of their own to another agency\'s backend and read its data', async () => {
      // Step 1 — the other agency's backend address is not shown to them, in the service, the list or the OpenAPI document.
      const seen = await call(t, 'GET', `/exchange/services/${s.serviceId}`, s.otherAdmin);
      assert.equal(seen.upstreamUrl, undefined);
      assert.ok((await call(t, 'GET', '/exchange/services?agency=LITERACY', s.otherAdmin)).items.every((x: { upstreamUrl?: string }) => x.upstreamUrl === undefined));
      assert.ok((await call(t, 'GET', '/exchange/services?agency=LITERACY', s.auditor)).items.every((x: { upstreamUrl?: string }) => x.upstreamUrl === undefined));
      assert.equal((await call(t, 'GET', `/exchange/services/${s.serviceId}`, s.literacyAdmin)).upstreamUrl, `${victim.url}persons-api`, 'the owner sees it');
      assert.equal((await call(t, 'GET', `/exchange/services/${s.serviceId}`, s.operator)).upstreamUrl, `${victim.url}persons-api`, 'the operator sees it');

      // Step 2 — knowing the address anyway, they cannot publish a service of their own there.
      await call(t, 'POST', '/exchange/members/OTHER/upstreams', s.operator, { url: 'https://other.example/' });
      const mine = await call(t, 'POST', '/exchange/members/OTHER/subsystems', s.otherAdmin, { code: 'mine', nameFa: 'من', nameEn: 'Mine' });
      const service = { code: 'persons', nameFa: 'افراد', nameEn: 'Persons', endpoints: [{ method: 'GET', path: '/persons/{nationalCode}' }], dataSubject: { in: 'path', name: 'nationalCode' } };
      for (const upstreamUrl of [victim.url, `${victim.url}persons-api`, victim.url.replace('127.0.0.1', 'localhost')]) {
        const res = await t.app.inject({ method: 'POST', url: `/api/v1/exchange/subsystems/${mine.id}/services`, headers: s.otherAdmin, payload: { ...service, upstreamUrl } });
        assert.equal(res.statusCode, 422, res.body);
        assert.equal(res.json().code, 'EXCHANGE_UPSTREAM_NOT_REGISTERED', upstreamUrl);
      }
      // Nor at any internal address (SSRF): loopback, link-local metadata, private ranges, the window's own ports.
      for (const upstreamUrl of ['http://127.0.0.1:8080/', 'http://[::1]:8081/', 'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.5/', 'http://localhost:5432/']) {
        const res = await t.app.inject({ method: 'POST', url: `/api/v1/exchange/subsystems/${mine.id}/services`, headers: s.otherAdmin, payload: { ...service, upstreamUrl } });
        assert.equal(res.json().code, 'EXCHANGE_UPSTREAM_NOT_REGISTERED', upstreamUrl);
      }
      // Nor move an existing service of theirs there.
      const own = await call(t, 'POST', `/exchange/subsystems/${mine.id}/services`, s.otherAdmin, { ...service, upstreamUrl: 'https://other.example/api' });
      const moved = await t.app.inject({ method: 'PATCH', url: `/api/v1/exchange/services/${own.id}`, headers: s.otherAdmin, payload: { upstreamUrl: victim.url } });
      assert.equal(moved.json().code, 'EXCHANGE_UPSTREAM_NOT_REGISTERED');

      // Step 3 — the operator cannot be talked into registering it for them either.
      const overlap = await t.app.inject({ method: 'POST', url: '/api/v1/exchange/members/OTHER/upstreams', headers: s.operator, payload: { url: victim.url, internalAddresses: ['127.0.0.1'] } });
      assert.equal(overlap.statusCode, 409);
      assert.equal(overlap.json().code, 'EXCHANGE_UPSTREAM_REGISTRATION_OVERLAPS');

      // Step 4 — they grant themselves access to their own service and call it: it goes nowhere
      // but their own backend, even when its stored address is altered behind the API's back.
      const consumer = await call(t, 'POST', '/exchange/members/OTHER/subsystems', s.otherAdmin, { code: 'reader', nameFa: 'خواننده', nameEn: 'Reader' });
      const { secret } = await call(t, 'POST', `/exchange/subsystems/${consumer.id}/credentials`, s.otherAdmin, { kind: 'secret' });
      const filed = await call(t, 'POST', '/exchange/access-requests', s.otherAdmin, { consumerSubsystemId: consumer.id, serviceId: own.id, purpose: 'p', legalBasis: 'l' });
      await call(t, 'POST', `/exchange/access-requests/${filed.id}/approve`, s.otherAdmin, {}, 200);
      await t.db.run((q) => q.execute(sql`update exchange_services set upstream_url = ${victim.url} where id = ${own.id}`));
      await t.db.run((q) => q.execute(sql`update exchange_state set version = version + 1`));
      await t.app.exchangeConfig.refreshNow();
      assert.equal(t.app.exchangeConfig.current().serviceById(own.id)?.registration, undefined, 'outside every registration of OTHER');
      const res = await request(`${gateway.url}/r1/IR/GOV/OTHER/mine/persons/persons/1234567210`, { headers: { 'X-Road-Client': 'IR/GOV/OTHER/reader', 'X-OneWindow-Client-Secret': secret } });
      assert.equal(res.headers['x-road-error'], 'Server.ServerProxy.ServiceDisabled', await res.body.text());
      assert.equal(victim.hits, 0, "the other agency's backend was never called");
    });

    test('the owner\'s own calls reach its registered loopback backend; revoking the registration stops them on the next call', async () => {
      const consumer = await call(t, 'POST', '/exchange/members/HEALTH/subsystems', s.healthAdmin, { code: 'caller', nameFa: 'فراخوان', nameEn: 'Caller' });
      const { secret } = await call(t, 'POST', `/exchange/subsystems/${consumer.id}/credentials`, s.healthAdmin, { kind: 'secret' });
      await call(t, 'POST', '/exchange/access-grants', s.operator, { consumerSubsystemId: consumer.id, serviceId: s.serviceId, purpose: 'p', legalBasis: 'l' });
      const get = () => request(`${gateway.url}/r1/IR/GOV/LIT/levels/literacy/levels/1234567210`, { headers: { 'X-Road-Client': 'IR/GOV/HEALTH/caller', 'X-OneWindow-Client-Secret': secret } });
      const ok = await get();
      assert.equal(ok.statusCode, 200, await ok.body.text());
      const hits = victim.hits;
      const registration = (await call(t, 'GET', '/exchange/members/LITERACY/upstreams', s.operator)).items.find((r: { urlPrefix: string }) => r.urlPrefix === victim.url);
      const revoked = await call(t, 'POST', `/exchange/members/LITERACY/upstreams/${registration.id}/revoke`, s.operator, undefined, 200);
      assert.ok(revoked.revokedAt);
      assert.match(revoked.revokedBy, /^staff:/);
      const off = await get();
      assert.equal(off.headers['x-road-error'], 'Server.ServerProxy.ServiceDisabled', await off.body.text());
      assert.equal(victim.hits, hits);
      const again = await t.app.inject({ method: 'POST', url: `/api/v1/exchange/members/LITERACY/upstreams/${registration.id}/revoke`, headers: s.operator });
      assert.equal(again.json().code, 'EXCHANGE_UPSTREAM_REGISTRATION_REVOKED');
      const elsewhere = await t.app.inject({ method: 'POST', url: `/api/v1/exchange/members/HEALTH/upstreams/${registration.id}/revoke`, headers: s.operator });
      assert.equal(elsewhere.json().code, 'EXCHANGE_UPSTREAM_REGISTRATION_NOT_FOUND');
      // The audit trail keeps the revoked row.
      const trail = (await call(t, 'GET', '/exchange/members/LITERACY/upstreams', s.literacyAdmin)).items;
      assert.ok(trail.some((r: { id: number; revokedAt: string | null }) => r.id === registration.id && r.revokedAt !== null));
    });

    test('bad registrations are refused with stable codes and nothing is written', async () => {
      const version = await t.db.run(readExchangeVersion);
      const cases: [string, Record<string, unknown>, number, string][] = [
        ['LITERACY', { url: 'ftp://x.example/' }, 400, 'EXCHANGE_UPSTREAM_URL_INVALID'],
        ['LITERACY', { url: 'https://u:p@x.example/' }, 400, 'EXCHANGE_UPSTREAM_URL_INVALID'],
        ['LITERACY', { url: 'http://127.0.0.1:9', internalAddresses: ['127.0.0.1'] }, 409, 'EXCHANGE_UPSTREAM_REGISTRATION_EXISTS'],
        ['LITERACY', { url: 'http://127.0.0.2:9/' }, 422, 'EXCHANGE_UPSTREAM_ADDRESS_INTERNAL'],
        ['LITERACY', { url: 'http://127.0.0.2:9/', internalAddresses: ['127.0.0.3'] }, 422, 'EXCHANGE_UPSTREAM_ADDRESS_INTERNAL'],
        ['LITERACY', { url: 'http://169.254.169.254/' }, 422, 'EXCHANGE_UPSTREAM_ADDRESS_INTERNAL'],
        ['LITERACY', { url: 'http://localhost:9/' }, 422, 'EXCHANGE_UPSTREAM_ADDRESS_INTERNAL'],
        ['LITERACY', { url: 'https://x.example/', internalAddresses: ['not-an-ip'] }, 400, 'VALIDATION_FAILED'],
        ['LITERACY', { url: 'https://x.example/', internalAddresses: ['8.8.8.8'] }, 400, 'VALIDATION_FAILED'],
        ['NOBODY', { url: 'https://x.example/' }, 404, 'EXCHANGE_MEMBER_NOT_FOUND'],
        ['LITERACY', { url: 'https://x.example/', extra: 1 }, 400, 'VALIDATION_FAILED'],
      ];
      for (const [agency, payload, status, code] of cases) {
        const res = await t.app.inject({ method: 'POST', url: `/api/v1/exchange/members/${agency}/upstreams`, headers: s.operator, payload });
        assert.equal(res.statusCode, status, `${JSON.stringify(payload)} → ${res.body}`);
        assert.equal(res.json().code, code, JSON.stringify(payload));
      }
      assert.equal(await t.db.run(readExchangeVersion), version);
    });

    test('a name is resolved when checked: one that leads to an internal address needs that exact address registered', async () => {
      const deps = { ...exchangeAdminDeps({ db: t.db, now: () => new Date() }, loadConfig({ NODE_ENV: 'test' }), t.app.exchangeConfig), resolveHost: async (host: string) => (host === 'inside.example' ? ['10.20.30.40'] : ['203.0.113.9']) };
      await assert.rejects(registerUpstream(deps, system, 'HEALTH', { url: 'https://inside.example/' }), { code: 'EXCHANGE_UPSTREAM_ADDRESS_INTERNAL' });
      const allowed = await registerUpstream(deps, system, 'HEALTH', { url: 'https://inside.example/', internalAddresses: ['10.20.30.40'] });
      assert.deepEqual(allowed.internalAddresses, ['10.20.30.40']);
      assert.equal(allowed.createdBy, 'system:test');
      assert.ok(await registerUpstream(deps, system, 'HEALTH', { url: 'https://public.example/' }));
    });
  });
}

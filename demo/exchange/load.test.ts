import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { rows, type Database } from '../../src/db/database.ts';
import { testEngines, openTestDatabase } from '../../test/support/database.ts';
import { referenceAgencies } from '../agencies/start.ts';
import { ExchangeSnapshot, loadSnapshotInput } from '../../src/exchange/snapshot/index.ts';
import { clearExchangeForDemo, demoSecret, ensureDemoWindowClient, endpointsFromOpenApi, loadDemoExchange, pointDemoServicesAt, sha256Hex, type DemoExchangeReport } from './load.ts';
import { accessRequests, consumers, providers, windowRegistration } from './registrations.ts';
import { loadDemoRegistrySubset } from './test-support.ts';
import { demoWindowJwk } from './window-client.ts';

const now = new Date('2026-11-28T09:17:42Z');
const version = async (db: Database) => Number((await db.run((q) => rows<{ v: string }>(q, sql`select version::text as v from exchange_state`)))[0]!.v);
const count = async (db: Database, table: string) => (await db.run((q) => rows<{ n: number }>(q, sql`select count(*)::int as n from ${sql.identifier(table)}`)))[0]!.n;

for (const engine of testEngines()) {
  describe(`demo exchange load (${engine})`, () => {
    let db: Database;
    let report: DemoExchangeReport;
    let versionBefore: number;
    let elapsedMs: number;
    before(async () => {
      db = await openTestDatabase(engine);
      await loadDemoRegistrySubset(db, now);
      versionBefore = await version(db);
      const started = performance.now();
      report = await loadDemoExchange(db, { agencies: 'fixed-ports', basePort: 8090, seed: 1402, now: () => now });
      elapsedMs = performance.now() - started;
    });
    after(() => db.close());

    test('refuses to run without the demo registry', async () => {
      const empty = await openTestDatabase(engine);
      try {
        await assert.rejects(loadDemoExchange(empty, { agencies: 'fixed-ports', seed: 1, now: () => now }), /agencies missing: .*NOCR/);
        assert.equal(await count(empty, 'exchange_members'), 0);
      } finally {
        await empty.close();
      }
    });

    test('creates the members, subsystems, services and requests it reports, and bumps the version', async () => {
      assert.equal(report.loaded, true);
      assert.equal(await count(db, 'exchange_members'), report.members);
      assert.equal(report.members, new Set([...providers.map((p) => p.agencyCode), ...consumers.map((c) => c.agencyCode)]).size);
      assert.equal(await count(db, 'exchange_subsystems'), providers.length + consumers.length);
      assert.equal(await count(db, 'exchange_services'), providers.length);
      assert.equal(await count(db, 'exchange_access_requests'), accessRequests.length);
      assert.equal(await version(db), versionBefore + 1);
      const members = await db.run((q) => rows<{ member_class: string; member_code: string; agency_code: string; instance: string }>(q, sql`select * from exchange_members`));
      for (const m of members) assert.deepEqual([m.instance, m.member_class, m.member_code], ['IR', 'GOV', m.agency_code]);
      console.log(`  demo exchange load on ${engine}: ${Math.round(elapsedMs)} ms, ${report.usage.buckets} usage buckets`);
    });

    test('services take their endpoints from the OpenAPI documents, point at the fixed ports and link to the catalog', async () => {
      const services = await db.run((q) =>
        rows<{ code: string; agency_code: string; upstream_url: string; endpoints: unknown; data_subject: unknown; registry_service_id: string | null; catalog_agency: string | null; openapi: { paths: object } }>(
          q,
          sql`select s.code, ss.agency_code, s.upstream_url, s.endpoints, s.data_subject, s.registry_service_id, c.agency_code as catalog_agency, s.openapi
              from exchange_services s join exchange_subsystems ss on ss.id = s.subsystem_id left join services c on c.id = s.registry_service_id`,
        ),
      );
      const documents = referenceAgencies({ today: () => '2026-11-28' });
      for (const [i, p] of providers.entries()) {
        const s = services.find((x) => x.code === p.service.code)!;
        const doc = documents.find((d) => d.code === p.reference)!;
        assert.equal(s.upstream_url, `http://127.0.0.1:${8090 + documents.indexOf(doc)}`);
        assert.deepEqual(s.endpoints, endpointsFromOpenApi(doc.openapi as unknown as Record<string, unknown>));
        assert.ok((s.endpoints as unknown[]).length >= 1, p.reference);
        assert.deepEqual(s.data_subject, p.service.dataSubject);
        assert.deepEqual(Object.keys(s.openapi.paths), Object.keys(doc.openapi.paths));
        assert.ok(s.registry_service_id, `catalog link for ${p.service.code} (${i})`);
        assert.equal(s.catalog_agency, p.agencyCode);
      }
      const civil = services.find((s) => s.code === 'person-inquiry')!;
      assert.deepEqual(civil.endpoints, [
        { method: 'GET', path: '/persons/{nationalCode}' },
        { method: 'GET', path: '/persons/{nationalCode}/guardianship' },
        { method: 'GET', path: '/foreign-nationals/{foreignNationalId}' },
      ]);
    });

    test('every consumer has a demo shared secret, stored as its SHA-256 only', async () => {
      const creds = await db.run((q) =>
        rows<{ kind: string; fingerprint: string; agency_code: string; code: string }>(q, sql`select c.kind, c.fingerprint, s.agency_code, s.code from exchange_client_credentials c join exchange_subsystems s on s.id = c.subsystem_id`),
      );
      // And the window's own public key, for its signed client assertions at registration.
      assert.equal(creds.length, consumers.length + 1);
      const windowKey = creds.filter((c) => c.kind === 'jwk');
      assert.deepEqual(windowKey.map((c) => [c.agency_code, c.code, c.fingerprint]), [['ITO', 'one-window', (await demoWindowJwk()).kid]]);
      for (const client of report.clients) {
        assert.equal(client.secret, demoSecret(1402, client.clientId));
        const c = creds.find((x) => `IR/GOV/${x.agency_code}/${x.code}` === client.clientId)!;
        assert.deepEqual([c.kind, c.fingerprint], ['secret', sha256Hex(client.secret)]);
        assert.notEqual(c.fingerprint, client.secret);
      }
    });

    test('rights reference existing services and subsystems; some endpoint-limited, one refused, one pending, each with its history', async () => {
      const requests = await db.run((q) =>
        rows<{ id: string; status: string; endpoints: { method: string; path: string }[] | null; board_required: boolean; purpose: string; legal_basis: string; service_endpoints: { method: string; path: string }[]; consumer_is_provider: boolean; version: number }>(
          q,
          sql`select r.id::text, r.status, r.endpoints, r.board_required, r.purpose, r.legal_basis, s.endpoints as service_endpoints, r.version,
                     exists (select 1 from exchange_services p where p.subsystem_id = r.consumer_subsystem_id) as consumer_is_provider
              from exchange_access_requests r join exchange_services s on s.id = r.service_id join exchange_subsystems c on c.id = r.consumer_subsystem_id`,
        ),
      );
      assert.equal(requests.length, accessRequests.length);
      const by = (status: string) => requests.filter((r) => r.status === status);
      assert.equal(by('refused').length, 1);
      assert.equal(by('pending').length, 1);
      assert.equal(by('approved').length, accessRequests.length - 2);
      assert.ok(by('approved').filter((r) => r.endpoints !== null).length >= 3, 'some rights are endpoint-limited');
      assert.equal(by('approved').filter((r) => r.board_required).length, 1);
      for (const r of requests) {
        assert.equal(r.consumer_is_provider, false);
        // An endpoint-limited right names endpoints the service has.
        for (const e of r.endpoints ?? []) assert.ok(r.service_endpoints.some((s) => s.method === e.method && s.path === e.path), JSON.stringify(e));
        assert.match(r.purpose, / — [A-Z]/, 'purpose in Persian and English');
        assert.match(r.legal_basis, /[\u0600-\u06FF].* — /);
        const events = await db.run((q) => rows<{ status: string; at: Date }>(q, sql`select status, at from exchange_access_request_events where request_id = ${r.id}::bigint order by id`));
        assert.equal(events[0]!.status, 'pending');
        assert.equal(events.at(-1)!.status, r.status);
        assert.equal(events.length, r.version);
        assert.deepEqual(
          events.map((e) => new Date(e.at).getTime()),
          events.map((e) => new Date(e.at).getTime()).sort((a, b) => a - b),
        );
        if (r.board_required) assert.deepEqual(events.map((e) => e.status), ['pending', 'provider_approved', 'approved']);
      }
    });

    test('usage: demo rows only, ≈ 7 billion calls, the three most requested services on top in order', async () => {
      const [totals] = await db.run((q) => rows<{ calls: string; nondemo: number; errors: string }>(q, sql`select sum(calls)::text as calls, sum(errors)::text as errors, count(*) filter (where not demo)::int as nondemo from exchange_usage`));
      assert.equal(totals!.nondemo, 0);
      const calls = Number(totals!.calls);
      assert.ok(Math.abs(calls - 7e9) <= 0.05 * 7e9, `total ${calls}`);
      assert.equal(calls, report.usage.calls);
      const errorRate = Number(totals!.errors) / calls;
      assert.ok(errorRate > 0.001 && errorRate < 0.02, `error rate ${errorRate}`);
      const top = await db.run((q) => rows<{ service: string }>(q, sql`select service from exchange_usage group by service order by sum(calls) desc limit 3`));
      assert.deepEqual(
        top.map((t) => t.service),
        ['IR/GOV/LMO/literacy-movement/literacy-level', 'IR/GOV/IHIO/health-insurance/insurance-validity', 'IR/GOV/NOCR/id-card-issuance/card-status'],
      );
      // Usage only for approved rights: the refused and pending consumers have none.
      const consumersWithUsage = await db.run((q) => rows<{ consumer: string }>(q, sql`select distinct consumer from exchange_usage order by 1`));
      assert.ok(!consumersWithUsage.some((c) => c.consumer.endsWith('/exam-enrolment')));
      const [periods] = await db.run((q) =>
        rows<{ first_minute: Date; last_minute: Date; last_day: Date; first_day: Date }>(
          q,
          sql`select min(bucket_start) filter (where granularity = 'minute') as first_minute, max(bucket_start) filter (where granularity = 'minute') as last_minute,
                     max(bucket_start) filter (where granularity = 'day') as last_day, min(bucket_start) filter (where granularity = 'day') as first_day from exchange_usage`,
        ),
      );
      assert.equal(new Date(periods!.first_minute).toISOString(), '2026-11-27T00:00:00.000Z');
      assert.equal(new Date(periods!.last_minute).toISOString(), '2026-11-28T09:16:00.000Z');
      assert.equal(new Date(periods!.last_day).toISOString(), '2026-11-26T00:00:00.000Z');
      assert.equal(new Date(periods!.first_day).toISOString(), '2026-05-31T00:00:00.000Z');
    });

    test('is not loaded twice: a second load writes nothing and keeps the version', async () => {
      const v = await version(db);
      const buckets = await count(db, 'exchange_usage');
      const again = await loadDemoExchange(db, { agencies: 'fixed-ports', basePort: 9000, seed: 1402, now: () => now });
      assert.equal(again.loaded, false);
      assert.equal(await version(db), v);
      assert.equal(await count(db, 'exchange_usage'), buckets);
      assert.equal(await count(db, 'exchange_subsystems'), providers.length + consumers.length);
    });

    test('pointing the services at moved agencies updates only what changed', async () => {
      const v = await version(db);
      const moved = referenceAgencies({ today: () => '2026-11-28' }).map((a, i) => ({ code: a.code, url: `http://127.0.0.1:${7000 + i}`, openapi: {} }));
      assert.equal(await pointDemoServicesAt(db, moved), providers.length);
      assert.equal(await version(db), v + 1);
      assert.equal(await pointDemoServicesAt(db, moved), 0);
      assert.equal(await version(db), v + 1);
      const urls = await db.run((q) => rows<{ upstream_url: string }>(q, sql`select upstream_url from exchange_services order by upstream_url`));
      assert.ok(urls.every((u) => /^http:\/\/127\.0\.0\.1:700[0-5]$/.test(u.upstream_url)));
      const registered = await db.run((q) => rows<{ url_prefix: string; internal_addresses: string[] }>(q, sql`select url_prefix, internal_addresses from exchange_member_upstreams where revoked_at is null order by url_prefix`));
      assert.equal(registered.length, providers.length, 'the old addresses are revoked, the new ones registered');
      assert.ok(registered.every((r) => /^http:\/\/127\.0\.0\.1:700[0-5]\/$/.test(r.url_prefix) && r.internal_addresses.join() === '127.0.0.1'), JSON.stringify(registered));
      const snapshot = new ExchangeSnapshot(await db.run(loadSnapshotInput));
      assert.ok([...snapshot.services()].every((e) => e.registration !== undefined), 'every demo service lies inside its registration');
    });

    test('a demo loaded before registration gets the window key and its right to the civil registry once', async () => {
      const { kid } = await demoWindowJwk();
      await db.run((q) => q.execute(sql`delete from exchange_client_credentials where kind = 'jwk' and fingerprint = ${kid}`));
      const windowRight = sql`from exchange_access_requests r join exchange_subsystems c on c.id = r.consumer_subsystem_id join exchange_services s on s.id = r.service_id
        where c.code = 'one-window' and s.code = 'person-inquiry'`;
      await db.run((q) => q.execute(sql`delete from exchange_access_request_events where request_id in (select r.id ${windowRight})`));
      await db.run((q) => q.execute(sql`delete from exchange_access_requests where id in (select r.id ${windowRight})`));
      assert.equal(await ensureDemoWindowClient(db), true);
      assert.equal(await ensureDemoWindowClient(db), false);
      const [right] = await db.run((q) => rows<{ status: string; endpoints: unknown }>(q, sql`select r.status, r.endpoints ${windowRight}`));
      assert.equal(right!.status, 'approved');
      assert.deepEqual(right!.endpoints, windowRegistration);
    });

    test('clearing for a new demo removes the configuration and the demo usage, so agencies can be replaced', async () => {
      await db.transaction((q) => clearExchangeForDemo(q));
      for (const table of ['exchange_members', 'exchange_member_upstreams', 'exchange_subsystems', 'exchange_services', 'exchange_client_credentials', 'exchange_access_requests', 'exchange_access_request_events', 'exchange_usage']) {
        assert.equal(await count(db, table), 0, table);
      }
      await db.run(async (q) => {
        await q.execute(sql`delete from services where agency_code = 'LMO'`);
        await q.execute(sql`delete from agencies where code = 'LMO'`);
      });
    });
  });
}

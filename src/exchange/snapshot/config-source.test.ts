import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { openTestDatabase, testEngines } from '../../../test/support/database.ts';
import { countryPacks } from '../../core/country-packs/index.ts';
import { createAgency } from '../../registry/index.ts';
import { ExchangeConfig } from './config-source.ts';
import { bumpExchangeVersion, readExchangeVersion } from '../state.ts';
import { insertMember } from '../admin/member-repository.ts';
import { insertSubsystem } from '../admin/subsystem-repository.ts';
import { insertCredential, revokeCredentialRow } from '../admin/credential-repository.ts';
import { insertExchangeService } from '../admin/service-repository.ts';
import { insertAccessRequest, updateAccessRequestStatus } from '../admin/request-repository.ts';
import { loadSnapshotInput } from './loader.ts';

const system = { kind: 'system', name: 'test' } as const;
const waitFor = async (check: () => boolean, ms = 2000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

for (const engine of testEngines()) {
  describe(`exchange configuration source (${engine})`, () => {
    let db: Database;
    const ids = { consumer: 0, provider: 0, service: 0, credential: 0, right: 0, pending: 0 };
    before(async () => {
      db = await openTestDatabase(engine);
      const deps = { db, pack: countryPacks.ir, now: () => new Date() };
      for (const code of ['HEALTH', 'LITERACY']) await createAgency(deps, system, { code, nameFa: `دستگاه ${code}`, nameEn: `Agency ${code}`, kind: 'ministry' });
      await db.transaction(async (q) => {
        await insertMember(q, { agencyCode: 'HEALTH', instance: 'IR', memberClass: 'GOV', memberCode: 'HEALTH' });
        await insertMember(q, { agencyCode: 'LITERACY', instance: 'IR', memberClass: 'GOV', memberCode: 'LIT' });
        ids.provider = (await insertSubsystem(q, { agencyCode: 'LITERACY', code: 'levels', nameFa: 'سطح', nameEn: 'Levels' })).id;
        ids.consumer = (await insertSubsystem(q, { agencyCode: 'HEALTH', code: 'insurance', nameFa: 'بیمه', nameEn: 'Insurance' })).id;
        ids.credential = (await insertCredential(q, { subsystemId: ids.consumer, kind: 'secret', fingerprint: 'a'.repeat(64), certificatePem: null, publicJwk: null, label: '', notAfter: null })).id;
        await insertCredential(q, { subsystemId: ids.consumer, kind: 'secret', fingerprint: 'b'.repeat(64), certificatePem: null, publicJwk: null, label: 'old', notAfter: null }).then((c) => revokeCredentialRow(q, c.id, new Date()));
        ids.service = (
          await insertExchangeService(q, {
            subsystemId: ids.provider, code: 'literacy', serviceVersion: 'v1', nameFa: 'سواد', nameEn: 'Literacy', registryServiceId: null, serviceType: 'REST',
            upstreamUrl: 'http://127.0.0.1:1/', openapi: null, endpoints: [{ method: 'GET', path: '/levels/{nationalCode}' }], timeoutMs: 1000, maxBodyBytes: 1000,
            dataSubject: { in: 'path', name: 'nationalCode' }, rateLimitPerSecond: null, rateLimitBurst: null, status: 'active',
          })
        ).id;
        const now = new Date();
        const base = { consumerSubsystemId: ids.consumer, serviceId: ids.service, purpose: 'p', legalBasis: 'l', boardRequired: false, createdAt: now, updatedAt: now };
        ids.right = await insertAccessRequest(q, { ...base, endpoints: [{ method: 'GET', path: '/levels/{nationalCode}' }], status: 'approved' });
        ids.pending = await insertAccessRequest(q, { ...base, endpoints: null, status: 'pending' });
        await bumpExchangeVersion(q);
      });
    });
    after(() => db.close());

    test('the loader reads members with agency names, active credentials and approved rights only', async () => {
      const input = await db.transaction(loadSnapshotInput);
      assert.equal(input.version, await db.run(readExchangeVersion));
      assert.deepEqual(input.members.map((m) => [m.agencyCode, m.memberCode, m.nameEn]), [['HEALTH', 'HEALTH', 'Agency HEALTH'], ['LITERACY', 'LIT', 'Agency LITERACY']]);
      assert.equal(input.subsystems.length, 2);
      assert.deepEqual(input.credentials.map((c) => c.id), [ids.credential]);
      assert.deepEqual(input.services[0]!.dataSubject, { in: 'path', name: 'nationalCode' });
      assert.deepEqual(input.rights, [{ id: ids.right, consumerSubsystemId: ids.consumer, serviceId: ids.service, endpoints: [{ method: 'GET', path: '/levels/{nationalCode}' }], purpose: 'p', legalBasis: 'l', rateLimitPerSecond: null, rateLimitBurst: null }]);
    });

    test('start loads a snapshot; a change is picked up by the background check; a failed check keeps the last snapshot', async () => {
      const errors: unknown[] = [];
      let failing = false;
      const flaky: Database = { ...db, run: (fn) => (failing ? Promise.reject(new Error('database down')) : db.run(fn)), transaction: (fn) => db.transaction(fn) };
      const source = new ExchangeConfig(flaky, 50, { onError: (e) => errors.push(e) });
      await source.start();
      try {
        const first = source.current();
        assert.equal(first.rights(ids.consumer, ids.service).length, 1);
        assert.equal(first.service('IR/GOV/LIT/levels/literacy')?.service.id, ids.service);
        assert.equal(first.credential('secret', 'a'.repeat(64))?.subsystem.key, 'IR/GOV/HEALTH/insurance');
        assert.equal(first.credential('secret', 'b'.repeat(64)), undefined, 'a revoked credential is not in the snapshot');

        await db.transaction(async (q) => {
          await updateAccessRequestStatus(q, ids.right, 'revoked', new Date());
          await bumpExchangeVersion(q);
        });
        assert.equal(source.current(), first, 'nothing changes on the request path');
        await waitFor(() => source.current() !== first);
        assert.equal(source.current().rights(ids.consumer, ids.service).length, 0);

        failing = true;
        const kept = source.current();
        await waitFor(() => errors.length >= 2);
        assert.equal(source.current(), kept);
        failing = false;
        await db.run((q) => q.execute(sql`update exchange_access_requests set status = 'approved' where id = ${ids.right}`));
        await db.transaction(bumpExchangeVersion);
        await source.refreshNow();
        assert.equal(source.current().rights(ids.consumer, ids.service).length, 1, 'refreshNow sees the change at once');
        assert.ok(source.current().version > kept.version);
      } finally {
        source.stop();
      }
    });

    test('start fails when the first snapshot cannot be read', async () => {
      const down: Database = { ...db, run: () => Promise.reject(new Error('down')) };
      await assert.rejects(new ExchangeConfig(down, 50).start(), /down/);
    });
  });
}

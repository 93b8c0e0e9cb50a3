import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { asc, eq, sql } from 'drizzle-orm';
import { getViewConfig } from 'drizzle-orm/pg-core';
import { openTestDatabase, testEngines } from '../../test/support/database.ts';
import { rows, type Database } from '../db/database.ts';
import { readAgencyNames, readAgencyServiceCounts, readServiceNames, registryAgencyNames, serviceExists } from './read-models.ts';

/** Three agencies: one with active, retired and delivered services, one with none, one with one service. */
async function seed(db: Database): Promise<void> {
  await db.transaction(async (q) => {
    await q.execute(sql`insert into agencies (code, name_fa, name_en, kind, eligible, connected_on) values
      ('MIN-EDU', 'وزارت آموزش و پرورش', 'Ministry of Education', 'ministry', true, '2025-03-01'),
      ('ORG-EMPTY', 'سازمان بی‌خدمت', 'Organisation without services', 'subordinate_organisation', true, null),
      ('BANK-X', 'بانک نمونه', 'Example Bank', 'other', false, null)`);
    const service = (id: string, serial: number, agency: string, maturity: number, delivery: string, status: string) =>
      q.execute(sql`insert into services (id, serial, agency_code, name_fa, name_en, topic, maturity, delivery_status, service_type, nature, service_level, trigger, status)
        values (${id}, ${serial}, ${agency}, ${`خدمت ${serial}`}, ${`Service ${serial}`}, 'education', ${maturity}, ${delivery}, 'G2C', 'operational', 'national', 'on_request', ${status})`);
    await service('S-1', 1000001, 'MIN-EDU', 3, 'delivered', 'active');
    await service('S-2', 1000002, 'MIN-EDU', 3, 'listed', 'active');
    await service('S-3', 1000003, 'MIN-EDU', 5, 'not_in_window', 'active');
    await service('S-4', 1000004, 'MIN-EDU', 5, 'delivered', 'retired');
    await service('S-5', 1000005, 'BANK-X', 0, 'listed', 'active');
  });
}

for (const engine of testEngines()) {
  describe(`registry read models (${engine})`, () => {
    let db: Database;
    before(async () => {
      db = await openTestDatabase(engine);
      await seed(db);
    });
    after(() => db.close());

    test('agency names by code: unknown codes are left out, repeated codes asked once', async () => {
      const names = await db.run((q) => readAgencyNames(q, ['MIN-EDU', 'NOPE', 'BANK-X', 'MIN-EDU']));
      assert.deepEqual(
        names,
        new Map([
          ['MIN-EDU', { nameFa: 'وزارت آموزش و پرورش', nameEn: 'Ministry of Education' }],
          ['BANK-X', { nameFa: 'بانک نمونه', nameEn: 'Example Bank' }],
        ]),
      );
      assert.deepEqual(await db.run((q) => readAgencyNames(q, [])), new Map());
    });

    test('service names by id, retired services included', async () => {
      const names = await db.run((q) => readServiceNames(q, ['S-4', 'S-1', 'S-404']));
      assert.deepEqual(
        names,
        new Map([
          ['S-4', { nameFa: 'خدمت 1000004', nameEn: 'Service 1000004' }],
          ['S-1', { nameFa: 'خدمت 1000001', nameEn: 'Service 1000001' }],
        ]),
      );
      assert.deepEqual(await db.run((q) => readServiceNames(q, [])), new Map());
    });

    test('whether a service exists, retired or not', async () => {
      assert.equal(await db.run((q) => serviceExists(q, 'S-1')), true);
      assert.equal(await db.run((q) => serviceExists(q, 'S-4')), true);
      assert.equal(await db.run((q) => serviceExists(q, 'S-404')), false);
    });

    test('agency service counts: every agency once, by code, over active services only', async () => {
      assert.deepEqual(await db.run(readAgencyServiceCounts), [
        { code: 'BANK-X', nameFa: 'بانک نمونه', nameEn: 'Example Bank', kind: 'other', eligible: false, connectedOn: null, identified: 1, delivered: 0, notDelivered: 1, byMaturity: [1, 0, 0, 0, 0, 0] },
        { code: 'MIN-EDU', nameFa: 'وزارت آموزش و پرورش', nameEn: 'Ministry of Education', kind: 'ministry', eligible: true, connectedOn: '2025-03-01', identified: 3, delivered: 1, notDelivered: 2, byMaturity: [0, 0, 0, 2, 0, 1] },
        { code: 'ORG-EMPTY', nameFa: 'سازمان بی‌خدمت', nameEn: 'Organisation without services', kind: 'subordinate_organisation', eligible: true, connectedOn: null, identified: 0, delivered: 0, notDelivered: 0, byMaturity: [0, 0, 0, 0, 0, 0] },
      ]);
    });

    test('the view of agency names has the declared columns and follows the agencies table', async () => {
      const config = getViewConfig(registryAgencyNames);
      const columns = await db.run((q) => rows<{ column_name: string }>(q, sql`select column_name from information_schema.columns where table_schema = current_schema() and table_name = ${config.name} order by ordinal_position`));
      assert.deepEqual(columns.map((c) => c.column_name), Object.values(config.selectedFields).map((c) => (c as { name: string }).name));
      const viaView = await db.run((q) => q.select().from(registryAgencyNames).orderBy(asc(registryAgencyNames.code)));
      assert.deepEqual(viaView.map((r) => r.code), ['BANK-X', 'MIN-EDU', 'ORG-EMPTY']);
      assert.deepEqual(new Map(viaView.map(({ code, ...names }) => [code, names])), await db.run((q) => readAgencyNames(q, ['BANK-X', 'MIN-EDU', 'ORG-EMPTY'])));
      await db.transaction(async (tx) => {
        await tx.execute(sql`update agencies set name_en = 'Renamed Bank' where code = 'BANK-X'`);
        const [row] = await tx.select().from(registryAgencyNames).where(eq(registryAgencyNames.code, 'BANK-X'));
        assert.equal(row?.nameEn, 'Renamed Bank', 'a view, not a copy');
        throw new Error('roll back');
      }).catch((e: Error) => assert.equal(e.message, 'roll back'));
    });

    test("read models run in the caller's transaction and see its uncommitted writes", async () => {
      await db.transaction(async (tx) => {
        await tx.execute(sql`insert into agencies (code, name_fa, name_en, kind) values ('NEW-ONE', 'تازه', 'New one', 'other')`);
        assert.deepEqual(await readAgencyNames(tx, ['NEW-ONE']), new Map([['NEW-ONE', { nameFa: 'تازه', nameEn: 'New one' }]]));
        throw new Error('roll back');
      }).catch((e: Error) => assert.equal(e.message, 'roll back'));
      assert.deepEqual(await db.run((q) => readAgencyNames(q, ['NEW-ONE'])), new Map());
    });
  });
}

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import type { AddressInfo } from 'node:net';
import { fixedNow, openTestApp, type TestApp } from '../support/app.ts';
import { testEngines } from '../support/database.ts';
import { loadDemoDataset } from '../../demo/load.ts';
import type { Database } from '../../src/db/database.ts';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config/load.ts';
import { retireService } from '../../src/registry/index.ts';
import { selectAllAgencies } from '../../src/registry/agency-repository.ts';
import { selectAllServices } from '../../src/registry/service-repository.ts';
import { exportColumns, exportHead, exportRegistry, exportRow, exportTail } from '../../src/registry/transfer/export.ts';
import type { Entity, FileFormat } from '../../src/registry/transfer/index.ts';

/** The export as it was built before it streamed: every row read through drizzle, then written. */
async function bufferedExport(db: Database, entity: Entity, format: FileFormat): Promise<string> {
  const records: object[] = await db.run(async (q) => {
    if (entity === 'agencies') return selectAllAgencies(q);
    const all: object[] = [];
    for await (const s of selectAllServices(q)) all.push(s);
    return all;
  });
  const columns = exportColumns(entity);
  return exportHead(columns, format) + records.map((r, i) => exportRow(columns, format, r as Record<string, unknown>, i === 0)).join('') + exportTail(format);
}

async function collect(chunks: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const c of chunks) out.push(c);
  return out;
}

const withinSeconds = <T>(p: Promise<T>, what: string) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not finish`)), 5000).unref())]);

for (const engine of testEngines()) {
  describe(`registry export from a cursor (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(engine);
      await loadDemoDataset(t.db, { seed: 1402, pack: 'ir', now: () => fixedNow });
      // A retired service, so the export's retired_at is not null everywhere.
      const [first] = await t.db.run((q) => q.execute(sql`select id from services order by serial limit 1`)).then((r) => (r as unknown as { rows: { id: string }[] }).rows);
      await retireService({ db: t.db, pack: (await import('../../src/core/country-packs/index.ts')).countryPacks.ir, now: () => fixedNow }, { kind: 'system', name: 'test' }, first!.id);
    });
    after(() => t.close());

    for (const entity of ['agencies', 'services'] as const) {
      for (const format of ['csv', 'json'] as const) {
        test(`${entity} ${format}: byte-identical to the buffered export, in batches`, async () => {
          const chunks = await collect(exportRegistry(t.db, entity, format, 100));
          const expected = await bufferedExport(t.db, entity, format);
          assert.equal(chunks.join(''), expected);
          const rows = await t.db.run((q) => q.execute(sql.raw(`select count(*)::int as n from ${entity}`))).then((r) => (r as unknown as { rows: { n: number }[] }).rows[0]!.n);
          assert.equal(chunks.length, Math.floor(rows / 100) + 2, `one chunk per batch of 100 of ${rows} rows, and the tail`);
          if (entity === 'services' && format === 'json') assert.match(expected, /"retiredAt":"\d{4}-\d\d-\d\dT[\d:.]+Z"/);
        });
      }
    }

    test('the HTTP export sends the same bytes', async () => {
      const res = await t.app.inject({ url: '/api/v1/registry/export/services?format=json' });
      assert.equal(res.statusCode, 200);
      assert.equal(res.body, await bufferedExport(t.db, 'services', 'json'));
    });

    test('a download stopped part way closes its cursor (the next ones run, and other queries too)', async () => {
      // More abandoned cursors than PostgreSQL may hold at once (half the pool): a leak would hang.
      for (let i = 0; i < 4; i++) {
        const chunks = exportRegistry(t.db, 'services', 'json', 50);
        assert.equal((await withinSeconds(chunks.next(), `cursor ${i}`)).done, false);
        // Between batches the database serves other requests (the embedded engine's mutex is free).
        await withinSeconds(t.db.run((q) => q.execute(sql`select 1`)), 'a query between batches');
        await chunks.return();
      }
      await withinSeconds(t.db.run((q) => q.execute(sql`select 1`)), 'a query after');
    });

    test('a query that fails while rows are read throws, and the database stays usable', async () => {
      const failing = t.db.cursor(sql`select 10 / (3 - n) as x from generate_series(1, 6) n`, 2);
      await assert.rejects(collect((async function* () { for await (const b of failing) yield JSON.stringify(b); })()), /division by zero/);
      assert.deepEqual(await collect((async function* () { for await (const b of t.db.cursor<{ n: number }>(sql`select n from generate_series(1, ${5}::int) n`, 2)) yield b.map((r) => r.n).join(); })()), ['1,2', '3,4', '5']);
    });

    test('an error after the download began aborts the connection instead of ending the body', async () => {
      // The same database, whose cursor fails after its first batch.
      const db: Database = {
        ...t.db,
        async *cursor(query, batchSize) {
          for await (const batch of t.db.cursor(query, batchSize)) {
            yield batch as never;
            throw new Error('connection lost');
          }
        },
      };
      const app = await buildApp({ config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0' }), db, logger: false });
      await app.listen({ host: '127.0.0.1', port: 0 });
      try {
        const { port } = app.server.address() as AddressInfo;
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/registry/export/services?format=json`);
        assert.equal(res.status, 200);
        let body = '';
        const reader = res.body!.getReader();
        const read = (async () => {
          for (let r = await reader.read(); !r.done; r = await reader.read()) body += Buffer.from(r.value).toString();
        })();
        await assert.rejects(read, /terminated|aborted|socket/i);
        assert.ok(body.length > 0 && !body.endsWith('\n]\n'), 'the body never looks complete');
      } finally {
        await app.close();
      }
    });
  });
}

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config/load.ts';
import type { Database } from '../src/db/database.ts';
import { openPostgres } from '../src/db/postgres.ts';
import { openTestDatabase, testEngines } from './support/database.ts';

/** A port nothing listens on (it did a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The app's database port, switched between a working database and a PostgreSQL that is gone. */
function switchable(up: Database, down: Database): Database & { outage: boolean } {
  const state = { outage: false };
  const current = () => (state.outage ? down : up);
  return Object.assign(state, {
    engine: up.engine,
    run: ((fn) => current().run(fn)) as Database['run'],
    transaction: ((fn) => current().transaction(fn)) as Database['transaction'],
    runPrepared: ((name, query) => current().runPrepared(name, query)) as Database['runPrepared'],
    cursor: ((query, batchSize) => current().cursor(query, batchSize)) as Database['cursor'],
    ping: () => current().ping(),
    close: async () => {
      await down.close();
      await up.close();
    },
  });
}

for (const engine of testEngines()) {
  describe(`a database outage is a 503 with Retry-After, never a 500 (${engine})`, () => {
    let app: FastifyInstance;
    let db: Database & { outage: boolean };
    before(async () => {
      const down = await openPostgres(`postgres://postgres@127.0.0.1:${await closedPort()}/gone`, 2);
      db = switchable(await openTestDatabase(engine), down);
      app = await buildApp({ config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), db, logger: false });
      await app.ready();
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    test('API calls answer 503 DATABASE_UNAVAILABLE with Retry-After while the database is gone, and recover', async () => {
      assert.equal((await app.inject({ url: '/api/v1/agencies' })).statusCode, 200);
      db.outage = true;
      try {
        // A list, one read, and a caller whose token cannot be checked (not a 401: the token may be good).
        for (const [url, headers] of [['/api/v1/agencies', {}], ['/api/v1/agencies/NOPE', {}], ['/api/v1/agencies/NOPE/history', { authorization: `Bearer ow_${'a'.repeat(43)}` }]] as const) {
          const r = await app.inject({ url, headers });
          assert.equal(r.statusCode, 503, `${url}: ${r.body}`);
          assert.equal(r.headers['retry-after'], '5');
          assert.match(String(r.headers['content-type']), /application\/problem\+json/);
          const problem = r.json();
          assert.equal(problem.code, 'DATABASE_UNAVAILABLE');
          assert.equal(problem.status, 503);
          assert.ok(!/ECONNREFUSED|127\.0\.0\.1|gone/.test(r.body), `no internals in the answer: ${r.body}`);
        }
        const ready = await app.inject({ url: '/readyz' });
        assert.equal(ready.statusCode, 503);
      } finally {
        db.outage = false;
      }
      assert.equal((await app.inject({ url: '/api/v1/agencies' })).statusCode, 200);
    });

    test('pages answer the error page with 503 and Retry-After', async () => {
      db.outage = true;
      try {
        const r = await app.inject({ url: '/dashboard', headers: { accept: 'text/html' } });
        assert.equal(r.statusCode, 503, r.body.slice(0, 300));
        assert.equal(r.headers['retry-after'], '5');
        assert.match(r.body, /DATABASE_UNAVAILABLE/);
      } finally {
        db.outage = false;
      }
    });
  });
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { request } from 'undici';
import { rows, type Database } from '../../db/database.ts';
import { openTestDatabase, testEngines } from '../../../test/support/database.ts';
import { fakeForward, HEALTH_KEY, MemoryLogger, SECRETS, testSnapshot, TestSource } from '../../../test/support/gateway.ts';
import { loadConfig } from '../../config/load.ts';
import { createExchangeLogWriter } from '../log/index.ts';
import { verifyNode } from '../log/verify.ts';
import { startGateway } from './assemble.ts';
import type { Step } from './exchange.ts';

/**
 * No provider is called without a record: the log's database fails in the middle of a load
 * (its queries start failing, as when PostgreSQL stops), then comes back. A counting backend
 * (the provider) notes every call it receives; afterwards every call it saw has its intent
 * record, every call refused for want of a record never reached it, and the chain verifies.
 */

/** The same database, whose queries fail while `down` is set. */
function stoppable(db: Database): { db: Database; state: { down: boolean } } {
  const state = { down: false };
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    if (state.down) throw new Error('injected: connection refused (the database is stopped)');
    return work();
  };
  return { db: { ...db, run: (fn) => guard(() => db.run(fn)), runPrepared: (name, query) => guard(() => db.runPrepared(name, query)) }, state };
}

const person = '/r1/IR/GOV/CIVIL/registry/persons/persons/0012345679';

for (const engine of testEngines()) {
  test(`${engine}: with the log's database stopped mid-load, no call reaches the provider without its intent record`, async (t) => {
    const real = await openTestDatabase(engine);
    t.after(() => real.close());
    const { db, state } = stoppable(real);

    // The provider: counts the calls it receives, by message id.
    const seen = new Set<string>();
    const backend = createServer((req, res) => {
      seen.add(String(req.headers['x-road-id']));
      res.end('{}');
    });
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
    t.after(() => new Promise<void>((r) => backend.close(() => r())));
    const backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}/`;
    const forward: Step = async (x) => {
      const res = await request(backendUrl, { headers: { 'x-road-id': x.messageId } });
      await res.body.text();
      return fakeForward()(x);
    };

    const node = `gw-intent-${engine}`;
    const writer = createExchangeLogWriter(db, { node, mode: 'durable', batchMax: 50, onError: () => {} });
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', HOST: '127.0.0.1', GATEWAY_PORT: '0', GATEWAY_SHARED_SECRETS: 'true' });
    const gw = await startGateway({ config, source: new TestSource(testSnapshot()), writer, forward, rateLimit: () => {}, node, logger: new MemoryLogger() });
    t.after(async () => {
      await gw.close();
      await writer.close();
    });

    const total = 450;
    const outcomes = new Map<string, { status: number; error: string | undefined; message: string | undefined }>();
    let next = 0;
    const worker = async () => {
      while (next < total) {
        const i = next++;
        // The database stops after a third of the calls and comes back after two thirds.
        if (i === Math.floor(total / 3)) state.down = true;
        if (i === Math.floor((2 * total) / 3)) state.down = false;
        const id = `load-${i}`;
        const res = await request(gw.url + person, { headers: { 'X-Road-Client': HEALTH_KEY, 'X-OneWindow-Client-Secret': SECRETS.health, 'X-Road-Id': id } }).catch(() => null);
        if (res === null) {
          outcomes.set(id, { status: 0, error: 'cut', message: undefined });
          continue;
        }
        const text = await res.body.text().catch(() => null);
        if (text === null) {
          // The head had left when the outcome could not be written: the connection is cut.
          outcomes.set(id, { status: 0, error: 'cut', message: undefined });
          continue;
        }
        const error = res.headers['x-road-error'] as string | undefined;
        outcomes.set(id, { status: res.statusCode, error, message: error ? (JSON.parse(text) as { message: string }).message : undefined });
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    await writer.flush();

    const logged = await real.run((q) => rows<{ message_id: string; status: number }>(q, sql`select message_id, status from exchange_log where node = ${node} order by seq`));
    const intents = new Set(logged.filter((r) => Number(r.status) === 0).map((r) => r.message_id));
    const answered = new Set(logged.filter((r) => Number(r.status) !== 0).map((r) => r.message_id));

    const ok = [...outcomes].filter(([, o]) => o.status === 200).length;
    const notForwarded = [...outcomes].filter(([, o]) => o.error === 'Server.ClientProxy.LoggingFailed' && /not forwarded/.test(o.message ?? '')).map(([id]) => id);
    const withheld = [...outcomes].filter(([id, o]) => o.status !== 200 && !notForwarded.includes(id)).length;
    t.diagnostic(`${total} calls: ${ok} answered, ${notForwarded.length} refused before forwarding, ${withheld} withheld after forwarding; the provider saw ${seen.size}`);

    assert.ok(notForwarded.length > 0, 'some calls met the stopped database');
    assert.ok(ok > total / 2, 'calls before and after the outage were answered');
    for (const id of seen) assert.ok(intents.has(id), `the provider saw ${id}, which has no intent record`);
    for (const id of notForwarded) assert.ok(!seen.has(id), `${id} was refused for want of a record, yet reached the provider`);
    for (const [id, o] of outcomes) if (o.status === 200) assert.ok(intents.has(id) && answered.has(id), `${id} was answered: both its records are in the log`);
    assert.equal((await verifyNode(real, node)).problem, null, 'the chain verifies');
    // Usage counts each answered call once (intent records are not counted).
    const [usage] = await real.run((q) => rows<{ calls: string }>(q, sql`select coalesce(sum(calls), 0)::text as calls from exchange_usage where service like 'IR/GOV/CIVIL/registry/persons%'`));
    assert.equal(Number(usage?.calls), answered.size);
  });
}

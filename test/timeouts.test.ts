import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { connect, createServer, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { openPostgres, QueryStalled, STALL_GRACE_MS } from '../src/db/postgres.ts';
import { RedisRateLimiter } from '../src/http/rate-limit/index.ts';
import { freePort } from './support/processes.ts';

/**
 * Nothing waits forever: a database or a rate-limit store that stops answering (a stopped
 * process, a silent network) makes calls fail or degrade within the configured timeouts, and
 * everything recovers by itself once it answers again.
 */

/**
 * A TCP proxy that can be frozen like a stopped server: connections stay open and new ones are
 * accepted (the kernel would), but no byte moves either way, and a side closing is noticed only
 * on thaw.
 */
async function freezableProxy(host: string, port: number) {
  let frozen = false;
  let held: (() => void)[] = [];
  const sockets = new Set<Socket>();
  const later = (action: () => void) => (frozen ? held.push(action) : action());
  const server = createServer((client) => {
    const upstream = connect(port, host);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(from);
      from.on('data', (chunk) => later(() => to.write(chunk)));
      from.on('close', () => later(() => to.destroy()));
      from.on('error', () => {});
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    freeze: () => void (frozen = true),
    thaw: () => {
      frozen = false;
      const actions = held;
      held = [];
      for (const action of actions) action();
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const DATABASE_URL = process.env.TEST_DATABASE_URL;

test(
  'PostgreSQL frozen: calls fail within the timeouts, then the pool recovers',
  { skip: DATABASE_URL ? false : 'TEST_DATABASE_URL is not set: the PostgreSQL part needs a PostgreSQL server (e.g. postgres://postgres@127.0.0.1:5432/test)', timeout: 20_000 },
  async () => {
    const target = new URL(DATABASE_URL!);
    const proxy = await freezableProxy(target.hostname, Number(target.port || 5432));
    const proxied = new URL(DATABASE_URL!);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    const timeouts = { connectMs: 1000, statementMs: 1500, idleInTransactionMs: 5000, idleMs: 10_000 };
    const db = await openPostgres(proxied.toString(), 3, timeouts);
    const lockKey = 72_657_999;
    try {
      // Alive but slow: the server cancels the statement itself, and the connection stays usable.
      await assert.rejects(
        db.run((q) => q.execute(sql`select pg_sleep(5)`)),
        (e: { code?: string }) => e.code === '57014',
      );
      // A transaction may lift the limit (migrations do); the client then waits as long as it takes.
      await db.transaction(async (tx) => {
        await tx.execute(sql`set local statement_timeout = 0`);
        await tx.execute(sql`select pg_sleep(${(timeouts.statementMs + STALL_GRACE_MS + 300) / 1000})`);
      });
      await db.ping();

      // A transaction under way when the server freezes, holding a lock.
      let entered!: () => void;
      let proceed!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const resume = new Promise<void>((resolve) => (proceed = resolve));
      const stalledTx = db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${lockKey})`);
        entered();
        await resume;
        await tx.execute(sql`select 1`);
      });
      await inside;

      proxy.freeze();
      const started = Date.now();
      proceed();
      const calls = [stalledTx, db.ping(), db.run((q) => q.execute(sql`select 1`)), db.transaction((tx) => tx.execute(sql`select 1`)), ...Array.from({ length: 4 }, () => db.ping())];
      const outcomes = await Promise.allSettled(calls);
      const elapsed = Date.now() - started;
      const bound = timeouts.statementMs + STALL_GRACE_MS + timeouts.connectMs;
      assert.ok(elapsed < bound, `every call ended within ${bound} ms (took ${elapsed} ms)`);
      // Each names a timeout, itself or in its cause (the driver's "Failed query" wraps it).
      const chain = (e: unknown): string => (e instanceof Error ? `${e.message} <- ${chain(e.cause)}` : '');
      const messages = outcomes.map((o) => (o.status === 'rejected' ? chain(o.reason) : 'answered'));
      const known = /(^|<- )(Query read timeout|timeout exceeded when trying to connect|Connection terminated due to connection timeout)/;
      for (const m of messages) assert.match(m, known, messages.join('\n'));
      const tx = outcomes[0]!;
      assert.ok(tx.status === 'rejected' && tx.reason instanceof QueryStalled && tx.reason.code === 'ETIMEDOUT', 'the transaction fails with the stall, not with its rollback');

      proxy.thaw();
      // The pool recovers by itself: every connection usable again, none inside a transaction.
      await Promise.all(Array.from({ length: 4 }, () => db.transaction((t) => t.execute(sql`select pg_sleep(0.1)`))));
      // The stalled transaction did not survive: its lock is free once the server noticed.
      const deadline = Date.now() + 3000;
      for (;;) {
        const free = await db.transaction(async (t) => ((await t.execute(sql`select pg_try_advisory_xact_lock(${lockKey}) as free`)) as unknown as { rows: { free: boolean }[] }).rows[0]!.free);
        if (free) break;
        assert.ok(Date.now() < deadline, 'the lock of the stalled transaction was released');
        await sleep(50);
      }
      assert.ok(db.pool.totalCount <= 3);
    } finally {
      proxy.thaw();
      await db.close();
      await proxy.close();
    }
  },
);

const redisServer = spawnSync('redis-server', ['--version']).status === 0;

test('Redis frozen: rate limits go local after one timeout, and shared again after thaw', { skip: redisServer ? false : 'redis-server is not installed', timeout: 20_000 }, async () => {
  const port = await freePort();
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const warnings: string[] = [];
  const limiter = new RedisRateLimiter({ url: `redis://127.0.0.1:${port}`, keyPrefix: 'timeouts-test:{rl}:', commandTimeoutMs: 50, pauseMs: 200, warn: (_d, message) => warnings.push(message) });
  try {
    assert.equal(await limiter.ready(5000), true, 'the test Redis started');
    assert.deepEqual(await limiter.take('k', 1000, 1000), { ok: true });
    assert.equal(limiter.degraded, false);

    redis.kill('SIGSTOP');
    warnings.push('STOP');
    let started = Date.now();
    assert.deepEqual(await limiter.take('k', 1000, 1000), { ok: true }, 'the first call after the freeze is limited locally');
    assert.ok(Date.now() - started < 500, `it paid about the command timeout (${Date.now() - started} ms)`);
    assert.equal(limiter.degraded, true);
    started = Date.now();
    for (let i = 0; i < 200; i++) {
      const decision = limiter.take('k', 1000, 1000);
      assert.ok(!(decision instanceof Promise), 'later calls do not wait for Redis');
    }
    assert.ok(Date.now() - started < 100, `200 calls answered at once (${Date.now() - started} ms)`);
    await sleep(700); // several probes fail meanwhile
    assert.equal(limiter.degraded, true);

    redis.kill('SIGCONT');
    warnings.push('CONT');
    const deadline = Date.now() + 3000;
    while (limiter.degraded) {
      assert.ok(Date.now() < deadline, 'shared limits resume after thaw');
      await sleep(20);
    }
    const shared = limiter.take('k', 1000, 1000);
    assert.ok(shared instanceof Promise, 'calls go to Redis again');
    assert.equal((await shared).ok, true);
    // Once each way for the freeze (a warning pair may precede it, from the server still starting).
    const sinceStop = warnings.slice(warnings.indexOf('STOP'));
    assert.deepEqual(sinceStop, ['STOP', 'rate limits: Redis is unavailable; limiting on this node only until it is back', 'CONT', 'rate limits: Redis is available again; limits are shared across nodes']);
  } finally {
    await limiter.close();
    redis.kill('SIGCONT');
    redis.kill('SIGTERM');
  }
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { openPostgres } from './postgres.ts';
import { DatabaseError, QueryFailed } from './redact-error.ts';
import { isDatabaseUnavailable } from './unavailable.ts';

/** A TCP server doing `onSocket` with each connection; closed with its sockets. */
async function tcpServer(onSocket: (socket: Socket) => void): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (it did a moment ago). */
async function closedPort(): Promise<number> {
  const s = await tcpServer(() => {});
  await s.close();
  return s.port;
}

const failure = (p: Promise<unknown>) => p.then(() => assert.fail('should fail'), (e: unknown) => e);

describe('isDatabaseUnavailable: real failures of the PostgreSQL port', () => {
  test('connection refused (nothing listens)', async () => {
    const db = await openPostgres(`postgres://postgres@127.0.0.1:${await closedPort()}/x`, 1);
    try {
      const e = await failure(db.run((q) => q.execute(sql`select 1`)));
      assert.equal(isDatabaseUnavailable(e), true, String(e));
      assert.equal(isDatabaseUnavailable(await failure(db.transaction(async (tx) => tx.execute(sql`select 1`)))), true);
      assert.equal(isDatabaseUnavailable(await failure(db.ping())), true);
    } finally {
      await db.close();
    }
  });

  test('the pool connect timeout (a server that accepts and never answers)', async () => {
    const silent = await tcpServer(() => {});
    const db = await openPostgres(`postgres://postgres@127.0.0.1:${silent.port}/x?connect_timeout=1`, 1);
    (db.pool.options as { connectionTimeoutMillis?: number }).connectionTimeoutMillis = 200;
    try {
      const e = await failure(db.run((q) => q.execute(sql`select 1`)));
      assert.match(String((e as Error).message) + String((e as { cause?: Error }).cause?.message), /timeout|terminated/i);
      assert.equal(isDatabaseUnavailable(e), true, String(e));
    } finally {
      await db.close();
      await silent.close();
    }
  });

  test('connection terminated (a server that hangs up)', async () => {
    const rude = await tcpServer((socket) => socket.destroy());
    const db = await openPostgres(`postgres://postgres@127.0.0.1:${rude.port}/x`, 1);
    try {
      const e = await failure(db.run((q) => q.execute(sql`select 1`)));
      assert.equal(isDatabaseUnavailable(e), true, String(e));
    } finally {
      await db.close();
      await rude.close();
    }
  });

  const url = process.env.TEST_DATABASE_URL;
  test('statement timeout (57014) from a real PostgreSQL', { skip: url ? false : 'TEST_DATABASE_URL is not set' }, async () => {
    const withTimeout = new URL(url!);
    withTimeout.searchParams.set('options', '-c statement_timeout=50');
    const db = await openPostgres(withTimeout.toString(), 1);
    try {
      const e = await failure(db.run((q) => q.execute(sql`select pg_sleep(1)`)));
      assert.equal(isDatabaseUnavailable(e), true, String(e));
      // A query that is wrong, on the same server, is not an outage.
      assert.equal(isDatabaseUnavailable(await failure(db.run((q) => q.execute(sql`select * from no_such_table_here`)))), false);
    } finally {
      await db.close();
    }
  });
});

describe('isDatabaseUnavailable: shapes', () => {
  const server = (code: string) => new DatabaseError('server says', { code, severity: 'FATAL' }, undefined);
  test('SQLSTATEs of shutdown, cancel and the connection class, inside the redacted wrappers', () => {
    for (const code of ['57014', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08P01', '53300']) {
      assert.equal(isDatabaseUnavailable(server(code)), true, code);
      assert.equal(isDatabaseUnavailable(new QueryFailed('select 1', 0, server(code), undefined)), true, `wrapped ${code}`);
      assert.equal(isDatabaseUnavailable(new Error('outer', { cause: new QueryFailed('select 1', 0, server(code), undefined) })), true, `deeper ${code}`);
    }
  });

  test('an AggregateError of refused addresses (localhost on IPv4 and IPv6)', () => {
    const refused = (address: string) => Object.assign(new Error(`connect ECONNREFUSED ${address}:5432`), { code: 'ECONNREFUSED' });
    assert.equal(isDatabaseUnavailable(new AggregateError([refused('::1'), refused('127.0.0.1')])), true);
  });

  test('not an outage: constraint violations, bad input, programming errors, nothing', () => {
    for (const code of ['23505', '23503', '22P02', '42P01', '40001']) assert.equal(isDatabaseUnavailable(new QueryFailed('select 1', 0, server(code), undefined)), false, code);
    assert.equal(isDatabaseUnavailable(new TypeError('x is undefined')), false);
    assert.equal(isDatabaseUnavailable(new Error('Connection terminated by the user? no: some other text')), false);
    assert.equal(isDatabaseUnavailable(undefined), false);
    assert.equal(isDatabaseUnavailable('ECONNREFUSED'), false);
    const cyclic = new Error('a') as Error & { cause?: unknown };
    cyclic.cause = cyclic;
    assert.equal(isDatabaseUnavailable(cyclic), false);
  });
});

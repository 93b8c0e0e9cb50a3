import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { openEmbedded } from './embedded.ts';
import { openPostgres } from './postgres.ts';
import { rows, type Database } from './database.ts';
import { shareEmbedded, socketFileName, type SharedEngine } from './embedded-socket.ts';

/** The engine shared on a local socket: a client's transaction is never interleaved with the owner's queries. */
describe('embedded engine shared on a unix socket', () => {
  let dir: string;
  let owner: Awaited<ReturnType<typeof openEmbedded>>;
  let shared: SharedEngine;
  let client: Database;
  const count = async (db: Database) => (await db.run((q) => rows<{ n: number }>(q, sql`select count(*)::int as n from t`)))[0]!.n;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'onewindow-socket-'));
    owner = await openEmbedded();
    await owner.run((q) => q.execute(sql`create table t (a int primary key)`));
    shared = await shareEmbedded(owner, dir);
    client = await openPostgres(`postgres://postgres@${encodeURIComponent(dir)}/postgres`, 2);
  });
  after(async () => {
    await client.close();
    await shared.close();
    await owner.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('only this user may connect: the socket is 0600', () => {
    assert.equal(statSync(join(dir, socketFileName)).mode & 0o777, 0o600);
  });

  test("the owner's queries wait for a client's transaction and never see it half done", async () => {
    let ownerSaw: number | undefined;
    let ownerAsked!: Promise<void>;
    await client.transaction(async (tx) => {
      await tx.execute(sql`insert into t values (1)`);
      ownerAsked = count(owner).then((n) => void (ownerSaw = n));
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(ownerSaw, undefined, 'the owner waits while the client is inside its transaction');
      await tx.execute(sql`insert into t values (2)`);
    });
    await ownerAsked;
    assert.equal(ownerSaw, 2);
    assert.equal(await count(client), 2);
  });

  test("a client's failed transaction rolls back, and both sides go on", async () => {
    await assert.rejects(
      client.transaction(async (tx) => {
        await tx.execute(sql`insert into t values (3)`);
        await tx.execute(sql`insert into t values (3)`);
      }),
    );
    assert.equal(await count(owner), 2);
    assert.equal(await count(client), 2);
  });

  test("the owner's cursor and a client's writes interleave between batches", async () => {
    await owner.run((q) => q.execute(sql`insert into t select generate_series(10, 19)`));
    const seen: number[] = [];
    let i = 0;
    for await (const batch of owner.cursor<{ a: number }>(sql`select a from t where a >= 10 order by a`, 3)) {
      seen.push(...batch.map((r) => r.a));
      await client.run((q) => q.execute(sql`insert into t values (${100 + i++})`));
    }
    assert.deepEqual(seen, [10, 11, 12, 13, 14, 15, 16, 17, 18, 19], 'the snapshot taken when the cursor opened');
    assert.equal(await count(owner), 12 + i);
  });

  test('a client that goes away inside a transaction is rolled back and lets the owner go on', async () => {
    const rowsBefore = await count(owner);
    const socket = createConnection(join(dir, socketFileName));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const message = (type: string, body: Buffer) => {
      const head = Buffer.alloc(5);
      head.write(type);
      head.writeInt32BE(body.length + 4, 1);
      return Buffer.concat([head, body]);
    };
    const startupBody = Buffer.from('\0\x03\0\0user\0postgres\0database\0postgres\0\0', 'latin1');
    const startup = Buffer.alloc(4);
    startup.writeInt32BE(startupBody.length + 4);
    let received = '';
    const readyFor = (n: number) => new Promise<void>((resolve) => socket.on('data', (d) => ((received += d.toString('latin1')), received.split('Z\0\0\0\x05').length > n && resolve())));
    socket.write(Buffer.concat([startup, startupBody]));
    await readyFor(1);
    socket.write(message('Q', Buffer.from('begin; insert into t values (999);\0')));
    await readyFor(2);
    socket.destroy();
    assert.equal(await count(owner), rowsBefore, 'the insert of the vanished client is gone');
  });
});

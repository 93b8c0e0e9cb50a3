import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Database } from '../../../db/database.ts';
import { openTestDatabase, testEngines } from '../../../../test/support/database.ts';
import { createExchangeLogWriter } from '../writer.ts';
import { verifyNode } from '../verify.ts';
import type { ExchangeRecord } from '../record.ts';
import { startCheckpointer } from './checkpointer.ts';
import { FileCheckpointStore } from './file-store.ts';
import { generateSigningKeyPem, signingKeyFromPem, type SigningKey } from './key.ts';
import { verifyExchangeLogWithCheckpoints } from './verify.ts';

const t0 = Date.parse('2026-05-01T08:00:00Z');
const rec = (node: string, i: number, path = `/persons/${i}`): ExchangeRecord => ({
  messageId: `${node}-${i}`, at: new Date(t0 + i * 1000), consumer: 'IR/GOV/10000001/lms', service: 'IR/GOV/10000002/registry/persons/v1', method: 'GET', path,
  endpoint: null, userId: null, dataSubject: null, purpose: null, status: 200, errorType: null, latencyMs: 1.5, requestHash: null, responseHash: null,
});
const exec = (db: Database, query: ReturnType<typeof sql>) => db.run((q) => q.execute(query));

/** The attack: a chain's records after `seq` deleted and its head moved back onto `seq`. */
async function cutChainAt(db: Database, node: string, seq: number): Promise<void> {
  await exec(db, sql`delete from exchange_log where node = ${node} and seq > ${seq}`);
  await exec(db, sql`update exchange_log_chains set seq = ${seq}, hash = (select hash from exchange_log where node = ${node} and seq = ${seq}) where node = ${node}`);
}

/** Writes records `from`..`to` of `node` and, when asked, checkpoints the head they reach. */
async function write(db: Database, store: FileCheckpointStore, key: SigningKey, node: string, from: number, to: number, checkpoint = true, path?: (i: number) => string) {
  const w = createExchangeLogWriter(db, { node, mode: 'durable', batchMax: 4 });
  const cp = await startCheckpointer({ chain: node, store, key, head: () => w.head(), intervalMs: 3_600_000, now: () => new Date('2026-12-07T10:00:00Z'), onError: (e) => assert.fail(String(e)) });
  await Promise.all(Array.from({ length: to - from + 1 }, (_, k) => w.append(rec(node, from + k, path?.(from + k)))));
  await w.close();
  if (checkpoint) await cp.checkpoint();
}

for (const engine of testEngines()) {
  describe(`audit verify against checkpoints (${engine})`, () => {
    let db: Database;
    let dir: string;
    let store: FileCheckpointStore;
    let key: SigningKey;
    before(async () => {
      db = await openTestDatabase(engine);
      dir = mkdtempSync(join(tmpdir(), 'ow-cp-verify-'));
      store = new FileCheckpointStore(dir);
      key = await signingKeyFromPem(generateSigningKeyPem(), 'test');
      for (const node of ['cut', 'rewritten', 'continued', 'forged', 'vanished']) await write(db, store, key, node, 1, 10);
      await write(db, store, key, 'covered', 1, 10);
      await write(db, store, key, 'covered', 11, 12, false);
      await write(db, store, key, 'unanchored', 1, 3, false);
    });
    after(async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('the attack: the last records deleted and the head moved back pass the database check, and fail against the checkpoint', async () => {
      await cutChainAt(db, 'cut', 8);
      const inDatabase = await verifyNode(db, 'cut');
      assert.equal(inDatabase.problem, null, 'the database alone cannot see it');
      assert.equal(inDatabase.headSeq, 8);

      const report = await verifyExchangeLogWithCheckpoints(db, store, { node: 'cut' });
      assert.equal(report.ok, false);
      const [n] = report.nodes;
      assert.deepEqual(n!.anchoring.problems.map((p) => [p.kind, p.seq]), [['truncated', 9]]);
      assert.match(n!.anchoring.problems[0]!.detail, /the checkpoint signed at 2026-12-07T10:00:00.000Z anchors record 10, but the chain head is at 8: records 9–10 were removed and the head moved back/);
    });

    test('a rewritten end that hashes correctly in the database is caught by the checkpointed hash', async () => {
      await cutChainAt(db, 'rewritten', 8);
      await write(db, store, key, 'rewritten', 9, 10, false, () => '/someone-else');
      assert.equal((await verifyNode(db, 'rewritten')).problem, null);
      const [n] = (await verifyExchangeLogWithCheckpoints(db, store, { node: 'rewritten' })).nodes;
      assert.deepEqual(n!.anchoring.problems.map((p) => [p.kind, p.seq]), [['rewritten', 10]]);
      assert.match(n!.anchoring.problems[0]!.detail, /record 10's hash differs from the one in the checkpoint signed at/);
    });

    test('a chain cut, then continued past its checkpoint by the restarted node, is caught by the earlier checkpoint', async () => {
      await cutChainAt(db, 'continued', 8);
      await write(db, store, key, 'continued', 9, 12, true, () => '/after-the-cut');
      assert.equal((await verifyNode(db, 'continued')).problem, null);
      const [n] = (await verifyExchangeLogWithCheckpoints(db, store, { node: 'continued' })).nodes;
      assert.equal(n!.anchoring.latest?.seq, 12, 'the latest checkpoint agrees with the database');
      assert.deepEqual(n!.anchoring.problems.map((p) => [p.kind, p.seq]), [['rewritten', 10]]);
    });

    test('a forged checkpoint signature is reported, not skipped', async () => {
      const last = await store.last('forged');
      const jws = JSON.parse(last!.text) as { payload: string };
      const payload = JSON.parse(Buffer.from(jws.payload, 'base64url').toString()) as Record<string, unknown>;
      await store.append('forged', JSON.stringify({ ...jws, payload: Buffer.from(JSON.stringify({ ...payload, seq: 7 })).toString('base64url') }));
      const [n] = (await verifyExchangeLogWithCheckpoints(db, store, { node: 'forged' })).nodes;
      assert.equal(n!.problem, null);
      assert.deepEqual(n!.anchoring.problems.map((p) => p.kind), ['forged']);
      assert.match(n!.anchoring.problems[0]!.detail, /checkpoint line 2 of chain forged does not verify: its signature does not verify with key /);
      assert.equal(n!.anchoring.latest?.seq, 10, 'the valid checkpoint still anchors the chain');
    });

    test('a chain whose records and head were deleted is named by its checkpoints', async () => {
      await exec(db, sql`delete from exchange_log where node = 'vanished'`);
      await exec(db, sql`delete from exchange_log_chains where node = 'vanished'`);
      const report = await verifyExchangeLogWithCheckpoints(db, store);
      const n = report.nodes.find((x) => x.node === 'vanished');
      assert.ok(n, 'a chain only the store knows is still verified');
      assert.deepEqual(n.anchoring.problems.map((p) => [p.kind, p.seq]), [['vanished', 10]]);
      assert.match(n.anchoring.problems[0]!.detail, /neither records nor a head for this chain: the chain was deleted/);
    });

    test('coverage: records checked, the anchored seq and time, and the records after the last checkpoint', async () => {
      const [covered] = (await verifyExchangeLogWithCheckpoints(db, store, { node: 'covered' })).nodes;
      assert.equal(covered!.problem, null);
      assert.deepEqual(covered!.anchoring.problems, []);
      assert.equal(covered!.records, 12);
      assert.deepEqual([covered!.anchoring.latest?.seq, covered!.anchoring.latest?.at, covered!.anchoring.unanchored, covered!.anchoring.checkpoints], [10, '2026-12-07T10:00:00.000Z', 2, 1]);
      const report = await verifyExchangeLogWithCheckpoints(db, store, { node: 'unanchored' });
      assert.equal(report.ok, true, 'a chain without checkpoints is not a violation');
      assert.deepEqual([report.nodes[0]!.anchoring.latest, report.nodes[0]!.anchoring.unanchored, report.nodes[0]!.anchoring.note], [null, 3, 'no checkpoint of this chain']);
    });

    test('pinned public keys: checkpoints signed with any other key do not verify', async () => {
      const other = await signingKeyFromPem(generateSigningKeyPem(), 'other');
      const [n] = (await verifyExchangeLogWithCheckpoints(db, store, { node: 'covered', publicKeys: [other.publicJwk] })).nodes;
      assert.deepEqual(n!.anchoring.problems.map((p) => p.kind), ['forged']);
      assert.match(n!.anchoring.problems[0]!.detail, /signed with a key that is not trusted for this chain/);
      assert.equal(n!.anchoring.latest, null);
      const [ok] = (await verifyExchangeLogWithCheckpoints(db, store, { node: 'covered', publicKeys: [key.publicJwk] })).nodes;
      assert.deepEqual(ok!.anchoring.problems, []);
    });
  });
}

/**
 * Two OneWindow nodes behind Debian's nginx, one PostgreSQL and one Redis of the harness's own,
 * under load, with faults injected (issue 12): `npm run test:cluster`. Not part of `npm test`.
 * The steps run in order on one cluster; each prints what it measured as a test diagnostic.
 * CLUSTER_RATE sets the load (calls/s, default 200); CLUSTER_KEEP=1 keeps the run's folder.
 */
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { rows } from '../../src/db/database.ts';
import { onewindowBin } from '../support/processes.ts';
import { Cluster, clusterUnavailable, DEMO_HEADERS, DEMO_PATH, TIMEOUTS } from './cluster.ts';
import { percentile, summarise, withLoad, type CallResult } from './load.ts';
import { cpuOf } from './cpu.ts';
import { startOnewindow } from './nodes.ts';
import { probe, readiness, timeUntil } from './probes.ts';

const unavailable = clusterUnavailable();
const RATE = Number(process.env.CLUSTER_RATE ?? 200);
/** The longest a call may wait on a database that does not answer: a pooled connection, then the statement and the client's grace. */
const DB_BOUND_MS = TIMEOUTS.connectMs + TIMEOUTS.statementMs + TIMEOUTS.stallGraceMs;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const failures = (results: CallResult[]) => results.filter((r) => r.outcome !== 'ok');
const count = (results: CallResult[], outcome: CallResult['outcome']) => results.filter((r) => r.outcome === outcome).length;
const round = (n: number) => Math.round(n).toLocaleString('en');

describe('two nodes behind nginx, one PostgreSQL, one Redis', { skip: unavailable ?? false }, () => {
  const cluster = new Cluster();
  before(
    async () => {
      const started = Date.now();
      await cluster.start();
      console.log(`# cluster up in ${Date.now() - started} ms (${cluster.dir})`);
    },
    { timeout: 180_000 },
  );
  after(async () => {
    await cluster.stop(process.env.CLUSTER_KEEP === '1');
  });
  // Interrupted (Ctrl-C, a CI timeout): still stop the servers this run started.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cluster.stop().finally(() => process.exit(130)));
  }

  test(`baseline: ${RATE} calls/s through nginx, every one answered and logged twice (intent, outcome)`, { timeout: 60_000 }, async (t: TestContext) => {
    const wal = async () => (await cluster.db.run((q) => rows<{ lsn: string; commits: string }>(q, sql`select pg_current_wal_lsn()::text as lsn, (select xact_commit from pg_stat_database where datname = current_database())::text as commits`)))[0]!;
    const lsnBytes = (lsn: string) => {
      const [hi, lo] = lsn.split('/').map((h) => BigInt(`0x${h}`));
      return (hi! << 32n) + lo!;
    };
    const groups = {
      'the two nodes': () => cluster.nodes.map((n) => n.process!.child.pid!),
      PostgreSQL: () => cluster.postgres.processes(),
      nginx: () => cluster.nginx.processes(),
      'the agencies': () => [cluster.agencies!.child.pid!],
    };
    const before = await wal();
    const cpuBefore = cpuOf(groups);
    const { results } = await withLoad(cluster.load('base', RATE), 6000, async () => {});
    const cpuAfter = cpuOf(groups);
    const afterwards = await wal();
    t.diagnostic(summarise(results));
    assert.deepEqual(failures(results).slice(0, 5), []);
    const logged = await cluster.logged('base');
    assert.equal(logged.outcomes, results.length, 'one outcome record per call');
    assert.equal(logged.intents, results.length, 'one intent record per call');
    const walPerCall = Number(lsnBytes(afterwards.lsn) - lsnBytes(before.lsn)) / results.length;
    const commitsPerCall = (Number(afterwards.commits) - Number(before.commits)) / results.length;
    t.diagnostic(`PostgreSQL per call: ${Math.round(walPerCall)} bytes of WAL, ${commitsPerCall.toFixed(2)} commits (group commit; all sessions of the database, the nodes' background checks included)`);
    const perCall = Object.entries(cpuAfter).map(([name, seconds]) => `${name} ${round(((seconds - cpuBefore[name]!) * 1e6) / results.length)} µs`);
    t.diagnostic(`CPU per call (user + system; a call runs on one node, so "the two nodes" is one node's cost plus both nodes' background work): ${perCall.join(', ')}`);
  });

  test('a third process with a running NODE_ID is refused at start, and the running node keeps serving', { timeout: 180_000 }, async (t: TestContext) => {
    const node1 = cluster.nodes[0]!;
    // A lighter load: it lasts as long as the duplicate takes to start and be refused.
    const { results, value: refused } = await withLoad(cluster.load('dup', RATE / 4), 4000, async () => {
      await sleep(500);
      const env = { ...node1.env, ...Cluster.RESTART, NODE_ID: node1.settings.id, PORT: '0', GATEWAY_PORT: '0' };
      return startOnewindow(['serve'], env, `${cluster.dir}/duplicate.log`, /gateway \(X-Road r1\): http/i).then(
        () => undefined,
        (e: Error) => e.message,
      );
    });
    t.diagnostic(summarise(results));
    assert.ok(refused, 'the duplicate did not start');
    assert.match(refused, /exited 1/);
    assert.match(refused, /already logs as NODE_ID "node-1"/);
    assert.deepEqual(failures(results).slice(0, 5), [], 'the cluster kept answering');
    // Node 1 itself, not only the cluster: it answers and logs, and says it is ready.
    const direct = await fetch(node1.gatewayUrl + DEMO_PATH, { headers: { ...DEMO_HEADERS, 'X-Road-Id': 'dup-direct' } });
    assert.equal(direct.status, 200);
    assert.equal((await probe(`${node1.gatewayUrl}/readyz`)).status, 200);
    assert.ok((await cluster.logged('dup')).ids.has('dup-direct'), 'node 1 logged its call');
  });

  test('Redis frozen: calls go on with limits kept per node, and shared limits resume after thaw', { timeout: 60_000 }, async (t: TestContext) => {
    const logStart = cluster.nodes.map((n) => n.log().length);
    const since = (i: number) => cluster.nodes[i]!.log().slice(logStart[i]);
    let frozenAt = 0;
    let thawedAt = 0;
    let recoveredMs = 0;
    const { results } = await withLoad(cluster.load('redis', RATE), 9000, async () => {
      await sleep(2000);
      frozenAt = performance.now();
      cluster.redis.freeze();
      await sleep(5000);
      thawedAt = performance.now();
      cluster.redis.thaw();
      recoveredMs = await timeUntil('both nodes share limits again', () => cluster.nodes.every((_, i) => /Redis is available again/.test(since(i).slice(since(i).lastIndexOf('Redis is unavailable')))), 10_000);
    });
    const before = results.filter((r) => r.due < frozenAt);
    const frozen = results.filter((r) => r.due >= frozenAt && r.due < thawedAt);
    t.diagnostic(`before: ${summarise(before)}`);
    t.diagnostic(`frozen: ${summarise(frozen)}`);
    t.diagnostic(`after thaw: ${summarise(results.filter((r) => r.due >= thawedAt))}`);
    t.diagnostic(`shared limits again on both nodes ${recoveredMs} ms after thaw`);
    assert.deepEqual(failures(results).slice(0, 5), [], 'no call failed');
    for (let i = 0; i < 2; i++) assert.match(since(i), /Redis is unavailable; limiting on this node only/, `node ${i + 1} noticed`);
    // Not held by the frozen Redis: one call per node pays the command timeout, the rest are limited locally at once.
    const calls = cluster.nginx.calls();
    const at = (rs: CallResult[], p: number) => percentile(rs.map((r) => calls.get(r.id)?.ms ?? NaN).filter((ms) => !Number.isNaN(ms)), p);
    t.diagnostic(`nginx's time per call: before p50 ${at(before, 50)} ms, p99 ${at(before, 99)} ms; frozen p50 ${at(frozen, 50)} ms, p99 ${at(frozen, 99)} ms, max ${at(frozen, 100)} ms`);
    // (How long the one call per node waits is test/timeouts.test.ts's to check; the medians above
    // move with the machine's load more than with it.)
    // A call held for the freeze would wait its 5 s more than the slowest before it.
    assert.ok(at(frozen, 100) < at(before, 100) + 2500, `no call waited for the thaw (slowest ${at(frozen, 100)} ms, before ${at(before, 100)} ms)`);
  });

  test('rate limits are shared by both nodes: a service limit of 20/s lets about 20/s through in all, not 40', { timeout: 60_000 }, async (t: TestContext) => {
    const perSecond = 20;
    const burst = 20;
    await cluster.setServiceLimit(perSecond, burst);
    try {
      const seconds = 5;
      const { results } = await withLoad(cluster.load('limit', 100), seconds * 1000, async () => {});
      const ok = count(results, 'ok');
      const limited = results.filter((r) => r.detail === 'Client.RateLimitExceeded').length;
      const allowed = perSecond * seconds + burst;
      t.diagnostic(`${summarise(results)}; ${ok} through (${(ok / seconds).toFixed(1)}/s; a shared bucket allows at most ${allowed}, one per node ${2 * allowed}), ${limited} refused`);
      assert.equal(ok + limited, results.length, 'every call was answered or refused by the limit');
      assert.ok(ok <= allowed * 1.1, `at most the shared allowance (${ok} ≤ ${allowed})`);
      assert.ok(ok >= perSecond * seconds * 0.8, `and about all of it (${ok} ≥ ${perSecond * seconds * 0.8})`);
    } finally {
      await cluster.setServiceLimit(null, null);
    }
  });

  test('PostgreSQL stopped mid-load: X-Road errors, no hangs, no provider call without a record; readiness and the API say 503; calls succeed after restart', { timeout: 120_000 }, async (t: TestContext) => {
    let stoppedAt = 0;
    let restartedAt = 0;
    const during: { ready?: Record<string, number>; api?: { status: number; code: string; retryAfter: string | null }[] } = {};
    let readyAgainMs = 0;
    const { results } = await withLoad(cluster.load('pgstop', RATE, 30_000), 3000, async (load) => {
      await sleep(2000);
      stoppedAt = performance.now();
      cluster.postgres.stop();
      t.diagnostic(`pg_ctl stop -m fast took ${Math.round(performance.now() - stoppedAt)} ms`);
      await sleep(2000);
      during.ready = await readiness(cluster.nodes);
      during.api = await Promise.all(
        cluster.nodes.map(async (n) => {
          const r = await probe(`${n.portalUrl}/api/v1/agencies`);
          return { status: r.status, code: r.body.includes('"code"') ? (JSON.parse(r.body) as { code: string }).code : r.body.slice(0, 80), retryAfter: r.headers.get('retry-after') };
        }),
      );
      await sleep(4000);
      cluster.postgres.start();
      restartedAt = performance.now();
      readyAgainMs = await timeUntil('every /readyz 200 after the restart', async () => Object.values(await readiness(cluster.nodes)).every((s) => s === 200), 30_000);
      // Keep the load on a little longer: these calls must all succeed.
      await sleep(3000);
      return load;
    });
    const down = results.filter((r) => r.due >= stoppedAt && r.due < restartedAt);
    const recovered = results.filter((r) => r.due >= restartedAt + readyAgainMs + 500);
    const firstOk = results.filter((r) => r.due >= restartedAt && r.outcome === 'ok').sort((a, b) => a.due - b.due)[0];
    t.diagnostic(`before: ${summarise(results, undefined, stoppedAt)}`);
    t.diagnostic(`down (${Math.round((restartedAt - stoppedAt) / 1000)} s): ${summarise(down)}`);
    t.diagnostic(`restart → every /readyz 200: ${readyAgainMs} ms; → first answered call due ${firstOk ? Math.round(firstOk.due - restartedAt) : '-'} ms after; after: ${summarise(recovered)}`);
    t.diagnostic(`while down: /readyz ${JSON.stringify(during.ready)}; GET /api/v1/agencies ${JSON.stringify(during.api)}`);

    // Every failure is an X-Road error (or nginx's own 502 while it finds no live node); nothing hangs.
    assert.deepEqual(results.filter((r) => !['ok', 'x-road', 'nginx'].includes(r.outcome)).slice(0, 5), [], 'only X-Road errors (and nginx 502s)');
    const atNginx = cluster.nginx.calls();
    const slowest = Math.max(...results.map((r) => atNginx.get(r.id)?.ms ?? 0));
    t.diagnostic(`the slowest call took ${round(slowest)} ms at nginx`);
    assert.ok(slowest < 2 * DB_BOUND_MS + 2000, `no call waited longer than the timeouts allow (slowest ${round(slowest)} ms)`);
    assert.ok(count(down, 'x-road') > 0, 'calls while the database was down failed with X-Road errors');
    assert.deepEqual(failures(recovered).slice(0, 5), [], 'calls succeed again after the restart');
    // Readiness and the API told the truth while it was down.
    for (const [probeName, status] of Object.entries(during.ready!)) assert.equal(status, 503, `${probeName} /readyz while the database is down`);
    for (const a of during.api!) assert.deepEqual(a, { status: 503, code: 'DATABASE_UNAVAILABLE', retryAfter: '5' });

    // §1: every call the agency answered has a record, whatever the client got.
    const answeredIds = new Set((await cluster.recorder.answered()).filter((id) => id.startsWith('pgstop-')));
    const answered = [...answeredIds];
    const logged = await cluster.logged('pgstop');
    const missing = answered.filter((id) => !logged.ids.has(id));
    const loggingFailed = results.filter((r) => r.detail === 'Server.ClientProxy.LoggingFailed');
    const failedButAnswered = loggingFailed.filter((r) => answeredIds.has(r.id)).length;
    t.diagnostic(`the agency answered ${answered.length} calls; ${loggingFailed.length} clients got LoggingFailed, ${failedButAnswered} of them after the agency had answered (their intent record stands); ${logged.intents} intent and ${logged.outcomes} outcome records`);
    assert.deepEqual(missing.slice(0, 5), [], `${missing.length} of ${answered.length} calls the agency answered have no record`);
  });

  test('PostgreSQL frozen: calls fail within the database timeouts, then recover', { timeout: 90_000 }, async (t: TestContext) => {
    let frozenAt = 0;
    let thawedAt = 0;
    let readyAgainMs = 0;
    const freezeMs = 15_000;
    const { results } = await withLoad(cluster.load('pgfreeze', RATE, 30_000), 3000, async () => {
      await sleep(2000);
      frozenAt = performance.now();
      cluster.postgres.freeze();
      await sleep(freezeMs);
      cluster.postgres.thaw();
      thawedAt = performance.now();
      readyAgainMs = await timeUntil('every /readyz 200 after the thaw', async () => Object.values(await readiness(cluster.nodes)).every((s) => s === 200), 30_000);
      await sleep(3000);
    });
    const frozen = results.filter((r) => r.due >= frozenAt && r.due < thawedAt);
    const recovered = results.filter((r) => r.due >= thawedAt + readyAgainMs + 500);
    t.diagnostic(`before: ${summarise(results, undefined, frozenAt)}`);
    t.diagnostic(`frozen (${freezeMs / 1000} s): ${summarise(frozen)}`);
    t.diagnostic(`thaw → every /readyz 200: ${readyAgainMs} ms; after: ${summarise(recovered)}`);
    assert.deepEqual(results.filter((r) => !['ok', 'x-road', 'nginx'].includes(r.outcome)).slice(0, 5), [], 'only X-Road errors (and nginx 502s)');
    // Not held for the whole freeze, as every call was before the timeouts (then the median call
    // of a 15 s freeze waits about 7.5 s, the first ones 15 s): a call fails within the timeouts
    // of its intent's commit (after the commit under way) and, if the intent made it, of its outcome's.
    const calls = cluster.nginx.calls();
    const times = frozen.map((r) => calls.get(r.id)?.ms ?? NaN).filter((ms) => !Number.isNaN(ms));
    t.diagnostic(`nginx's time per call while frozen: p50 ${round(percentile(times, 50))} ms, p99 ${round(percentile(times, 99))} ms, max ${round(Math.max(...times))} ms (one database timeout ${DB_BOUND_MS} ms)`);
    assert.ok(percentile(times, 50) < 1.5 * DB_BOUND_MS, `the median call ended within the timeouts (${round(percentile(times, 50))} ms)`);
    assert.ok(Math.max(...times) < freezeMs, `no call waited for the thaw (slowest ${round(Math.max(...times))} ms; freeze ${freezeMs} ms)`);
    assert.ok(count(frozen, 'x-road') > 0, 'calls during the freeze failed with X-Road errors');
    assert.deepEqual(failures(recovered).slice(0, 5), [], 'calls succeed again after the thaw');
    const answered = (await cluster.recorder.answered()).filter((id) => id.startsWith('pgfreeze-'));
    const logged = await cluster.logged('pgfreeze');
    const missing = answered.filter((id) => !logged.ids.has(id));
    assert.deepEqual(missing.slice(0, 5), [], `${missing.length} of ${answered.length} calls the agency answered have no record`);
  });

  test('SIGTERM of one node under keep-alive load: it exits 0 within a few seconds and clients see no error', { timeout: 60_000 }, async (t: TestContext) => {
    const node = cluster.nodes[1]!;
    const from = cluster.nginx.accessLines().offset;
    let code: number | null = null;
    let tookMs = 0;
    const { results } = await withLoad(cluster.load('term', RATE), 7000, async () => {
      await sleep(2000);
      const sent = performance.now();
      code = await node.signal('SIGTERM');
      tookMs = performance.now() - sent;
    });
    const retried = [...cluster.nginx.calls(from).values()].filter((c) => c.tries > 1).length;
    t.diagnostic(`${summarise(results)}; node-2 exited ${code} ${Math.round(tookMs)} ms after SIGTERM; nginx tried the other node for ${retried} calls`);
    assert.equal(code, 0);
    assert.ok(tookMs < 5000, `exited within 5 s (${Math.round(tookMs)} ms)`);
    assert.deepEqual(failures(results).slice(0, 5), [], 'no client saw an error');
    await node.start(Cluster.RESTART);
  });

  test('kill -9 of one node under load: nginx retries what was in flight, and every answered call is in the log; the chains verify', { timeout: 90_000 }, async (t: TestContext) => {
    const node = cluster.nodes[0]!;
    const before = cluster.nginx.accessLines().offset;
    const { results } = await withLoad(cluster.load('kill', RATE), 6000, async () => {
      await sleep(2500);
      await node.signal('SIGKILL');
    });
    const retried = [...cluster.nginx.calls(before).values()].filter((c) => c.tries > 1).length;
    const ok = results.filter((r) => r.outcome === 'ok');
    const logged = await cluster.logged('kill');
    const outcomes = new Set((await cluster.db.run((q) => rows<{ message_id: string }>(q, sql`select message_id from exchange_log where message_id like 'kill-%' and status = 200`))).map((r) => r.message_id));
    const missing = ok.filter((r) => !outcomes.has(r.id)).map((r) => r.id);
    t.diagnostic(`${summarise(results)}; nginx retried ${retried} calls on the other node; ${logged.outcomes} outcome and ${logged.intents} intent records for ${ok.length} answered calls`);
    assert.deepEqual(failures(results).slice(0, 5), [], 'no idempotent call was lost');
    assert.deepEqual(missing.slice(0, 5), [], `${missing.length} of ${ok.length} answered calls have no outcome record`);
    const verify = spawnSync(process.execPath, [onewindowBin, 'audit', 'verify'], { env: { ...process.env, DATABASE_URL: cluster.postgres.url, LOG_LEVEL: 'silent' }, encoding: 'utf8', timeout: 60_000 });
    t.diagnostic(`audit verify: ${verify.stdout.trim().split('\n').slice(-3).join(' / ')}`);
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  });

  test('figures for docs/capacity.md: the exchange log on PostgreSQL, bytes per record with its indexes', { timeout: 30_000 }, async (t: TestContext) => {
    const [size] = await cluster.db.run((q) =>
      rows<{ records: string; heap: string; indexes: string; total: string; partitions: number }>(
        q,
        sql`select (select count(*) from exchange_log)::text as records,
              sum(pg_relation_size(i.inhrelid))::text as heap,
              sum(pg_indexes_size(i.inhrelid))::text as indexes,
              sum(pg_total_relation_size(i.inhrelid))::text as total,
              count(*)::int as partitions
            from pg_inherits i where i.inhparent = 'exchange_log'::regclass`,
      ),
    );
    const records = Number(size!.records);
    assert.ok(records > 1000, `enough records to measure (${records})`);
    const per = (bytes: string) => Math.round(Number(bytes) / records);
    t.diagnostic(`${round(records)} records in ${size!.partitions} day partitions: ${per(size!.total)} bytes each in all (${per(size!.heap)} table, ${per(size!.indexes)} indexes: primary key, message id, data subject)`);
  });
});

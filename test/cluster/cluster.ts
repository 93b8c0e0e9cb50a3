import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { rows, type Database } from '../../src/db/database.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { referenceAgencyAddresses } from '../../demo/agencies/start.ts';
import { freePortRange } from '../../demo/agencies/test-support.ts';
import { demoSecret, pointDemoServicesAt } from '../../demo/exchange/load.ts';
import { freePort } from '../support/processes.ts';
import { OwnNginx, nginxUnavailable } from './nginx.ts';
import { ClusterNode, startOnewindow, type OnewindowProcess } from './nodes.ts';
import { OwnPostgres, postgresUnavailable } from './postgres.ts';
import { RecordingUpstream } from './recorder.ts';
import { OwnRedis, redisUnavailable } from './redis.ts';
import type { LoadOptions } from './load.ts';

/** Why the cluster cannot run on this machine, or undefined. */
export const clusterUnavailable = (): string | undefined => postgresUnavailable() ?? redisUnavailable() ?? nginxUnavailable();

/** The README's demo call: the literacy movement's service, as the one-window consumer, with the demo seed's secret. */
export const DEMO_CLIENT = 'IR/GOV/ITO/one-window';
export const DEMO_PATH = '/r1/IR/GOV/LMO/literacy-movement/literacy-level/literacy-level/1234567210';
export const DEMO_HEADERS = { 'X-Road-Client': DEMO_CLIENT, 'X-OneWindow-Client-Secret': demoSecret(1402, DEMO_CLIENT), 'X-Road-Issue': 'cluster-test' };

/**
 * What the nodes are told to wait at most: the database's short, so a fault shows within the
 * test's bounds; Redis's longer than the default 50 ms, which a machine this busy (the whole
 * cluster and its load on two cores) exceeds now and then, so limits would flap to per-node.
 */
export const TIMEOUTS = { statementMs: 2000, connectMs: 1000, stallGraceMs: 1000, redisMs: 250 };

/**
 * Two OneWindow nodes behind nginx on one PostgreSQL and one Redis, all the harness's own and on
 * loopback, and the demo's reference agencies run once; every file in one temp folder.
 */
export class Cluster {
  /** The run's folder (made by `start`). */
  dir = '';
  postgres!: OwnPostgres;
  redis!: OwnRedis;
  nginx!: OwnNginx;
  agencies: OnewindowProcess | undefined;
  recorder!: RecordingUpstream;
  nodes: ClusterNode[] = [];
  db!: Database;
  agenciesPort = 0;

  /** The node settings every start shares (each adds NODE_ID and its ports). */
  nodeEnv(): Record<string, string> {
    return {
      DATABASE_URL: this.postgres.url,
      REDIS_URL: this.redis.url,
      HOST: '127.0.0.1',
      TRUST_PROXY: 'true',
      GATEWAY_PUBLIC_URL: this.nginx.gatewayUrl,
      EXCHANGE_LOG_MODE: 'durable',
      EXCHANGE_REFRESH_MS: '200',
      LOG_LEVEL: 'warn',
      DEMO_AGENCIES: 'external',
      DEMO_AGENCIES_PORT: String(this.agenciesPort),
      DATABASE_STATEMENT_TIMEOUT_MS: String(TIMEOUTS.statementMs),
      DATABASE_CONNECT_TIMEOUT_MS: String(TIMEOUTS.connectMs),
      REDIS_COMMAND_TIMEOUT_MS: String(TIMEOUTS.redisMs),
      SHUTDOWN_GRACE_MS: '10000',
    };
  }

  /**
   * A node's start after the first: the demo is loaded, so it runs without the demo's start-up
   * (which would point the demo services back at the agencies, past the recorder) and accepts
   * the demo's secrets as the demo's nodes do.
   */
  static readonly RESTART = { DEMO_DATA: 'off', GATEWAY_SHARED_SECRETS: 'true' };

  async start(): Promise<void> {
    this.dir = mkdtempSync(join(tmpdir(), 'onewindow-cluster-'));
    // The postgres OS user must reach its folder inside ours.
    chmodSync(this.dir, 0o755);
    this.postgres = new OwnPostgres(join(this.dir, 'postgres'), await freePort());
    this.redis = new OwnRedis(await freePort(), this.dir);
    this.agenciesPort = await freePortRange();
    const nodePorts = [
      { id: 'node-1', port: await freePort(), gatewayPort: await freePort() },
      { id: 'node-2', port: await freePort(), gatewayPort: await freePort() },
    ];
    this.nginx = new OwnNginx(join(this.dir, 'nginx'), { portal: await freePort(), gateway: await freePort(), nodes: nodePorts });
    await Promise.all([this.postgres.init(), this.redis.start(), this.nginx.start()]);
    this.agencies = await startOnewindow(['demo', 'agencies'], { DATABASE_URL: '', DEMO_AGENCIES_PORT: String(this.agenciesPort) }, join(this.dir, 'agencies.log'), /Stop with Ctrl-C\./);
    this.nodes = nodePorts.map((p) => new ClusterNode(p, this.dir, this.nodeEnv()));
    // Started together, as a load balancer's nodes are: one loads the demo, the other waits and finds it.
    await Promise.all(this.nodes.map((n) => n.start({ DEMO_DATA: 'if-empty' })));
    this.db = await openPostgres(this.postgres.url, 4, { connectMs: 10_000, statementMs: 30_000, idleInTransactionMs: 60_000, idleMs: 5000 });
    // The literacy movement's service now goes through the recorder, which keeps the ids of the calls it answered.
    const addresses = referenceAgencyAddresses('127.0.0.1', this.agenciesPort);
    const literacy = addresses.find((a) => a.code === 'literacy-movement')!;
    this.recorder = new RecordingUpstream(literacy.url);
    await this.recorder.start();
    const moved = await pointDemoServicesAt(
      this.db,
      addresses.map((a) => ({ code: a.code, url: a === literacy ? this.recorder.url : a.url, openapi: {} })),
    );
    if (moved !== 1) throw new Error(`expected to move one service to the recorder, moved ${moved}`);
    await this.warmUp();
  }

  /**
   * Until both nodes have loaded the recorder's address and answer a few calls in a row each:
   * a node just started is still building its catalog index and compiling its hot path, which
   * the first step's figures should not include.
   */
  async warmUp(): Promise<void> {
    const until = Date.now() + 60_000;
    for (const node of this.nodes) {
      let inARow = 0;
      while (inARow < 20) {
        if (Date.now() > until) throw new Error(`${node.settings.id} did not answer 20 calls in a row within a minute of starting`);
        const res = await fetch(node.gatewayUrl + DEMO_PATH, { headers: { ...DEMO_HEADERS, 'X-Road-Id': `warm-up-${node.settings.id}-${inARow}` } }).catch(() => undefined);
        await res?.text();
        inARow = res?.status === 200 ? inARow + 1 : 0;
      }
    }
    if ((await this.recorder.answered()).length === 0) throw new Error('the warm-up calls did not go through the recorder');
  }

  /** Options of a load through nginx's gateway server on the demo call. */
  load(prefix: string, rate: number, timeoutMs = 30_000): LoadOptions {
    return { url: this.nginx.gatewayUrl + DEMO_PATH, headers: DEMO_HEADERS, rate, prefix, timeoutMs };
  }

  /** The message ids among `ids` that have a record in the exchange log (an intent or an outcome). */
  async logged(prefix: string): Promise<{ ids: Set<string>; intents: number; outcomes: number }> {
    const found = await this.db.run((q) => rows<{ message_id: string; status: number }>(q, sql`select message_id, status from exchange_log where message_id like ${prefix + '-%'}`));
    return { ids: new Set(found.map((r) => r.message_id)), intents: found.filter((r) => r.status === 0).length, outcomes: found.filter((r) => r.status !== 0).length };
  }

  /** Sets (or, with null, clears) the demo service's own rate limit, and waits until both nodes could have loaded it. */
  async setServiceLimit(perSecond: number | null, burst: number | null): Promise<void> {
    await this.db.transaction(async (q) => {
      await q.execute(sql`update exchange_services set rate_limit_per_second = ${perSecond}, rate_limit_burst = ${burst} where upstream_url = ${this.recorder.url}`);
      await q.execute(sql`update exchange_state set version = version + 1`);
    });
    await new Promise((r) => setTimeout(r, 1000));
  }

  /** Everything stopped and removed, whatever state the run left it in. */
  async stop(keep = false): Promise<void> {
    const quietly = async (step: () => unknown) => {
      try {
        await step();
      } catch {
        // tear down the rest regardless
      }
    };
    await quietly(() => this.nginx?.stop());
    for (const node of this.nodes) {
      await quietly(async () => {
        if (!node.running) return;
        node.process!.child.kill('SIGKILL');
        await node.process!.exited;
      });
    }
    await quietly(() => this.recorder?.stop());
    await quietly(async () => {
      this.agencies?.child.kill('SIGTERM');
      await this.agencies?.exited;
    });
    await quietly(() => this.db?.close());
    await quietly(() => this.redis?.stop());
    await quietly(() => this.postgres?.shutdown());
    if (!keep && this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}

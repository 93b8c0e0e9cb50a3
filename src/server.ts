import type { FastifyInstance } from 'fastify';
import type { Config } from './config/schema.ts';
import { publicUrl } from './config/load.ts';
import { openDatabase } from './db/open.ts';
import { migrate } from './db/migrate.ts';
import type { Database } from './db/database.ts';
import { buildApp } from './app.ts';
import { buildOpsApp } from './ops-app.ts';
import { createGatewayFromConfig } from './exchange/gateway/index.ts';
import { emptySnapshot } from './exchange/index.ts';
import { databaseReachable } from './http/health.ts';
import { trackForDrain } from './http/drain.ts';
import { startUsageRollup } from './exchange/usage/index.ts';
import { countryPacks } from './core/country-packs/index.ts';

export interface RunningServer {
  /** The portal and API (`--role all|portal`), or a gateway node's health and metrics app. */
  app: FastifyInstance;
  db: Database;
  url: string;
  /** What this process serves (`ROLE`, `serve --role`). */
  role: Config['ROLE'];
  /** The exchange gateway's address (X-Road r1, metaservices, GovStack directory); none on a portal node. */
  gatewayUrl?: string;
  /** What the start-up hooks started (e.g. the demo's reference agencies), in hook order. */
  parts: ServerPart[];
  close(): Promise<void>;
}

/**
 * Something started with the server by a start-up hook, stopped with it (after the app, before
 * the database), and described in what `serve` prints.
 */
export interface ServerPart {
  /** Lines `serve` prints after its own start-up text; the gateway's URL is given when this node runs it. */
  describe?(server: { gatewayUrl?: string }): string | undefined;
  close(): Promise<void>;
}

/**
 * Runs after the migrations and before the app is built (so what it writes is in the app's
 * first snapshot and search index). The CLI's extensions bring these; the product has none.
 */
export type ServerHook = (db: Database, config: Config) => Promise<ServerPart | undefined>;

/**
 * Opens the database, migrates, runs the start-up hooks, and listens.
 *
 * `ROLE` splits the work (README, "Running several nodes"): a `portal` node serves the site and
 * API and keeps the catalog search index; a `gateway` node runs the exchange gateway with its
 * exchange-log writer (and the log's daily partitions) and the usage roll-up, plus a small app
 * on PORT for health, readiness and metrics; `all` does both. Migrations run on every role
 * (an advisory lock serialises them); the hooks decide for themselves which roles they serve
 * (the demo's: only where the portal runs).
 */
export async function startServer(config: Config, hooks: readonly ServerHook[] = []): Promise<RunningServer> {
  const servesPortal = config.ROLE !== 'gateway';
  const servesGateway = config.ROLE !== 'portal';
  const db = await openDatabase(config);
  const parts: ServerPart[] = [];
  const closeParts = async () => {
    for (const part of parts.toReversed()) await part.close();
  };
  try {
    await migrate(db);
    for (const hook of hooks) {
      const part = await hook(db, config);
      if (part) parts.push(part);
    }
    const app = servesPortal ? await buildApp({ config, db }) : await buildOpsApp({ config, db });
    const drain = trackForDrain(app.server);
    await app.listen({ host: config.HOST, port: config.PORT });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    const gateway = servesGateway ? await startGatewayRole(config, db, app) : undefined;
    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        // Both listeners drain at once: readiness on either port turns 503 at the start, and
        // answers in flight carry Connection: close (http/drain.ts).
        drain.start();
        const closed = await Promise.allSettled([gateway?.close(), app.close()]);
        for (const c of closed) if (c.status === 'rejected') throw c.reason;
        await closeParts();
        await db.close();
      })());
    return { app, db, url: publicUrl(config, port), role: config.ROLE, ...(gateway ? { gatewayUrl: gateway.url } : {}), parts, close };
  } catch (e) {
    await closeParts().catch(() => {});
    await db.close().catch(() => {});
    throw e;
  }
}

/** The gateway listener and the jobs that go with it; `close` stops them and then the gateway. */
async function startGatewayRole(config: Config, db: Database, app: FastifyInstance): Promise<{ url: string; close(): Promise<void> }> {
  // The gateway listens on its own port, after the app (whose onReady loaded the snapshot).
  const source = app.exchangeConfig;
  const readiness = [{ name: 'configuration', ready: () => source.current() !== emptySnapshot }, databaseReachable(db)];
  const gateway = await createGatewayFromConfig({ config, db, source, metrics: app.exchangeMetrics, logger: app.log, readiness, nodeReadiness: app.readiness }).catch(async (e: unknown) => {
    await app.close();
    throw e;
  });
  // Minute usage buckets older than a few days become day buckets, and the day sums the usage
  // figures read move on to the last hour or so: hourly, and once soon after start.
  const stopRollup = startUsageRollup(db, {
    intervalMs: 3_600_000,
    firstRunMs: 30_000,
    timeZone: countryPacks[config.COUNTRY_PACK].timeZone,
    onError: (err) => app.log.error({ err }, 'usage roll-up failed'),
  });
  return {
    url: gateway.url,
    close: async () => {
      await stopRollup();
      await gateway.close();
    },
  };
}

/**
 * SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish (readiness turns
 * 503 at once so a load balancer stops sending), then exit; a second signal or the grace
 * period ends it harder.
 */
export function handleSignals(server: RunningServer, config: Config): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    server.app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      server.app.log.error('shutdown grace period over; exiting');
      process.exit(1);
    }, config.SHUTDOWN_GRACE_MS);
    timer.unref();
    server.close().then(
      () => process.exit(0),
      (e) => {
        server.app.log.error({ err: e }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

import type { FastifyInstance } from 'fastify';
import type { Config } from './config/schema.ts';
import { publicUrl } from './config/load.ts';
import { openDatabase } from './db/open.ts';
import { migrate } from './db/migrate.ts';
import type { Database } from './db/database.ts';
import { buildApp } from './app.ts';
import { createGatewayFromConfig } from './exchange/gateway/from-config.ts';
import { startUsageRollup } from './exchange/usage/index.ts';
import { countryPacks } from './core/country-packs/index.ts';
import { isRegistryEmpty, loadDemoDataset } from '../demo/load.ts';
import { startDemoExchange, type DemoExchange } from '../demo/exchange/start.ts';

export interface RunningServer {
  app: FastifyInstance;
  db: Database;
  url: string;
  /** The exchange gateway's address (X-Road r1, metaservices, GovStack directory). */
  gatewayUrl: string;
  /** The demo exchange (reference agencies, demo clients) when the demo is on. */
  demo?: DemoExchange;
  close(): Promise<void>;
}

/** Opens the database, migrates, optionally loads the demo data, and listens. */
export async function startServer(config: Config): Promise<RunningServer> {
  const db = await openDatabase(config);
  let demo: DemoExchange | undefined;
  try {
    await migrate(db);
    if (config.DEMO_DATA === 'if-empty' && (await isRegistryEmpty(db))) {
      await loadDemoDataset(db, { seed: config.DEMO_SEED, pack: config.COUNTRY_PACK });
    }
    if (config.DEMO_DATA === 'if-empty') demo = await startDemoExchange(db, config);
    const app = await buildApp({ config, db });
    await app.listen({ host: config.HOST, port: config.PORT });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    // The gateway listens on its own port, after the app (whose onReady loaded the snapshot).
    const gateway = await createGatewayFromConfig({ config, db, source: app.exchangeConfig, metrics: app.exchangeMetrics, logger: app.log }).catch(async (e: unknown) => {
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
    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        await stopRollup();
        await gateway.close();
        await app.close();
        await demo?.close();
        await db.close();
      })());
    return { app, db, url: publicUrl(config, port), gatewayUrl: gateway.url, ...(demo ? { demo } : {}), close };
  } catch (e) {
    await demo?.close().catch(() => {});
    await db.close().catch(() => {});
    throw e;
  }
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

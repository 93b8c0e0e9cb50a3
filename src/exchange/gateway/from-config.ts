/**
 * The gateway as `serve` runs it: the pipeline with the real forwarder, rate limiter and
 * exchange-log writer, built from the configuration. Tests use `startGateway` with fakes instead.
 */
import { hostname } from 'node:os';
import type { Config } from '../../config/schema.ts';
import type { Database } from '../../db/database.ts';
import { createExchangeLogWriter, startCheckpointsFromConfig } from '../log/index.ts';
import type { ExchangeMetrics } from '../metrics.ts';
import type { SnapshotSource } from '../snapshot/index.ts';
import { createForwarder } from './forward.ts';
import { createRateLimiter, rateLimitStep, rateLimitsFromConfig } from './rate-limit/index.ts';
import { stderrLogger, type GatewayLogger } from './respond.ts';
import { startGateway, type RunningGateway } from './server.ts';

export interface GatewayFromConfigOptions {
  config: Config;
  db: Database;
  /** The node's exchange configuration (the app's `ExchangeConfig`). */
  source: SnapshotSource;
  metrics?: ExchangeMetrics;
  logger?: GatewayLogger;
  now?: () => Date;
}

/** The log's node name: NODE_ID, else the host name (cut to what NODE_ID allows). */
export function gatewayNode(config: Pick<Config, 'NODE_ID'>): string {
  return config.NODE_ID ?? (hostname().replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 64) || 'node');
}

/** Starts the gateway; `close()` stops it, then the forwarder, the limiter, the log writer (flushing it) and its checkpointer. */
export async function createGatewayFromConfig(o: GatewayFromConfigOptions): Promise<RunningGateway> {
  const { config, metrics } = o;
  const logger = o.logger ?? stderrLogger;
  const node = gatewayNode(config);
  const writer = createExchangeLogWriter(o.db, {
    node,
    mode: config.EXCHANGE_LOG_MODE,
    batchMax: config.EXCHANGE_LOG_BATCH_MAX,
    asyncDelayMs: config.EXCHANGE_LOG_ASYNC_DELAY_MS,
    retentionDays: config.EXCHANGE_LOG_RETENTION_DAYS,
    onError: (e) => logger.error({ err: e }, 'exchange log writer'),
    ...(metrics ? { onBatch: (n: number, s: number) => metrics.observeLogBatch(n, s) } : {}),
  });
  if (metrics) metrics.trackLogQueue(() => writer.stats().queued);
  const checkpoints = await startCheckpointsFromConfig({ config, node, head: () => writer.head(), logger }).catch(async (e: unknown) => {
    await writer.close();
    throw e;
  });
  const forwarder = createForwarder(metrics ? { metrics } : {});
  const limiter = createRateLimiter(config, { warn: (detail, message) => logger.warn(detail, message) });
  let gateway: RunningGateway;
  try {
    gateway = await startGateway({
      config,
      source: o.source,
      writer,
      forward: forwarder.step,
      rateLimit: rateLimitStep(limiter, rateLimitsFromConfig(config)),
      node,
      logger,
      ...(metrics ? { metrics } : {}),
      ...(o.now ? { now: o.now } : {}),
    });
  } catch (e) {
    await Promise.allSettled([forwarder.close(), limiter.close(), writer.close()]);
    await checkpoints?.stop().catch(() => {});
    throw e;
  }
  let closing: Promise<void> | undefined;
  return {
    ...gateway,
    close: () =>
      (closing ??= (async () => {
        try {
          await gateway.close();
        } finally {
          await Promise.allSettled([forwarder.close(), limiter.close()]);
          await writer.close();
          // The last checkpoint covers everything the writer flushed on its way out.
          await checkpoints?.stop().catch((err: unknown) => logger.error({ err }, 'exchange-log checkpoint at shutdown failed'));
        }
      })()),
  };
}

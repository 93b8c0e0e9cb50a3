/**
 * Builds every step of the gateway pipeline and wires what each one needs into it:
 *
 *   authenticate       ← the gateway's own URL (the JWT audience), shared secrets, client CA, clock
 *   rateLimit          ← the limiter (in-process or Redis) and the limits from the settings
 *   recordIntent       ← the exchange-log writer (the intent record, committed before forward)
 *   forward            ← the undici forwarder (pools, circuit breakers, metrics)
 *   answerMetaservice  ← the gateway's own URL (listed in the directory answers)
 *   then the log       ← the exchange-log writer with its checkpointer
 *
 * `pipeline.ts` keeps the ordered lists and runs them; `server.ts` only listens. `startGateway`
 * takes the forward and rate-limit steps and the writer as given (tests pass fakes);
 * `createGatewayFromConfig` builds the real ones from the configuration, as `serve` runs it.
 */
import { hostname } from 'node:os';
import type { Config } from '../../config/schema.ts';
import type { Database } from '../../db/database.ts';
import type { ReadinessCheck, ReadinessChecks } from '../../http/health.ts';
import { createExchangeLogWriter, lockNode, startCheckpointsFromConfig, type ExchangeLogWriter, type ExchangeRecord } from '../log/index.ts';
import type { ExchangeMetrics } from '../metrics.ts';
import type { SnapshotSource } from '../snapshot/index.ts';
import { createAuthenticate } from './authenticate.ts';
import type { Step } from './exchange.ts';
import { createForwarder } from './forward.ts';
import { createMetaservices } from './metaservices.ts';
import { createRunner, pipelineSteps, type PipelineSteps } from './pipeline.ts';
import { createRecordIntent } from './record.ts';
import { createRateLimiter, rateLimitStep, rateLimitsFromConfig } from './rate-limit/index.ts';
import { stderrLogger, type GatewayLogger } from './respond.ts';
import { listenGateway, type RunningGateway } from './server.ts';

/** The steps whose settings are the gateway's own (its URL, the credentials it accepts), around the given forward and rate-limit steps. */
export function assembleSteps(o: { config: Config; url: string; now: () => Date; forward: Step; rateLimit: Step; writer: ExchangeLogWriter }): PipelineSteps {
  const { config, url } = o;
  return pipelineSteps({
    authenticate: createAuthenticate({ audience: url, sharedSecrets: config.GATEWAY_SHARED_SECRETS, clientCa: config.GATEWAY_TLS_CA_FILE !== undefined, now: o.now }),
    rateLimit: o.rateLimit,
    recordIntent: createRecordIntent(o.writer),
    forward: o.forward,
    answerMetaservice: createMetaservices({ publicUrl: url }),
  });
}

export interface GatewayOptions {
  config: Config;
  source: SnapshotSource;
  writer: ExchangeLogWriter;
  metrics?: { observe(record: ExchangeRecord): void };
  forward: Step;
  rateLimit: Step;
  now?: () => Date;
  /** The log's node name (NODE_ID or the host name); recorded by the writer, kept here for the server log. */
  node: string;
  logger?: GatewayLogger;
  /** What the gateway port's `/readyz` checks. */
  readiness?: readonly ReadinessCheck[];
}

/** Listens, then runs every call through the assembled pipeline. */
export function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { config } = options;
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? stderrLogger;
  return listenGateway({
    config,
    logger,
    ...(options.readiness ? { readiness: options.readiness } : {}),
    // The steps are built once the gateway knows its own URL (GATEWAY_PORT may be 0).
    listener: (url) =>
      createRunner({
        steps: assembleSteps({ config, url, now, forward: options.forward, rateLimit: options.rateLimit, writer: options.writer }),
        source: options.source,
        writer: options.writer,
        metrics: options.metrics,
        statuses: config.GATEWAY_ERROR_STATUSES,
        logger,
        now,
      }),
  });
}

export interface GatewayFromConfigOptions {
  config: Config;
  db: Database;
  /** The node's exchange configuration (the app's `ExchangeConfig`). */
  source: SnapshotSource;
  metrics?: ExchangeMetrics;
  logger?: GatewayLogger;
  now?: () => Date;
  /** The node's readiness (the portal's `/readyz`): the gateway adds its log writer's health and its NODE_ID lock. */
  nodeReadiness?: ReadinessChecks;
  /** What the gateway port's `/readyz` checks besides the exchange log (the configuration snapshot, the database). */
  readiness?: readonly ReadinessCheck[];
}

/** The log's node name: NODE_ID, else the host name (cut to what NODE_ID allows). */
export function gatewayNode(config: Pick<Config, 'NODE_ID'>): string {
  return config.NODE_ID ?? (hostname().replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 64) || 'node');
}

/**
 * The gateway as `serve` runs it: the pipeline with the real forwarder, rate limiter and
 * exchange-log writer, built from the configuration, after taking the NODE_ID lock (a second
 * process with this NODE_ID is refused with `DuplicateNodeError`). `close()` stops it, then the
 * forwarder, the limiter, the log writer (flushing it), its checkpointer and the lock.
 */
export async function createGatewayFromConfig(o: GatewayFromConfigOptions): Promise<RunningGateway> {
  const { config, metrics } = o;
  const logger = o.logger ?? stderrLogger;
  const node = gatewayNode(config);
  // One process per NODE_ID (log/node-lock.ts): a duplicate is refused here, before it writes.
  const nodeLock = await lockNode(config, node, (e) => logger.error({ err: e }, 'NODE_ID lock'));
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
  const removeLogCheck = o.nodeReadiness?.add('exchange log', () => writer.healthy());
  const removeLockCheck = o.nodeReadiness?.add('NODE_ID lock', async () => nodeLock.held());
  const removeReadiness = () => {
    removeLogCheck?.();
    removeLockCheck?.();
  };
  const checkpoints = await startCheckpointsFromConfig({ config, node, head: () => writer.head(), logger }).catch(async (e: unknown) => {
    removeReadiness();
    await writer.close();
    await nodeLock.release();
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
      readiness: [...(o.readiness ?? []), { name: 'exchange log', ready: () => writer.healthy() }, { name: 'NODE_ID lock', ready: () => nodeLock.held() }],
      ...(metrics ? { metrics } : {}),
      ...(o.now ? { now: o.now } : {}),
    });
  } catch (e) {
    removeReadiness();
    await Promise.allSettled([forwarder.close(), limiter.close(), writer.close()]);
    await checkpoints?.stop().catch(() => {});
    await nodeLock.release();
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
          removeReadiness();
          await Promise.allSettled([forwarder.close(), limiter.close()]);
          await writer.close();
          // The last checkpoint covers everything the writer flushed on its way out.
          await checkpoints?.stop().catch((err: unknown) => logger.error({ err }, 'exchange-log checkpoint at shutdown failed'));
          await nodeLock.release();
        }
      })()),
  };
}

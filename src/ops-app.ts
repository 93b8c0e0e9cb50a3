import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from './config/schema.ts';
import type { Database } from './db/database.ts';
import { AppError } from './core/errors.ts';
import { accessPlugin } from './http/access.ts';
import { handleError, sendProblem } from './http/problem.ts';
import { healthRoutes, ReadinessChecks } from './http/health.ts';
import { loggerOptions } from './http/logging.ts';
import { bearerTokenAuthenticator } from './identity/index.ts';
import { ExchangeConfig } from './exchange/index.ts';
import { ExchangeMetrics } from './exchange/metrics.ts';
import { metricsRoutes } from './exchange/metrics-routes.ts';

export interface OpsAppOptions {
  config: Config;
  db: Database;
  logger?: false | { stream: NodeJS.WritableStream };
}

/**
 * What a gateway-only node (`serve --role gateway`) serves on `PORT` besides the gateway:
 * `/healthz`, `/readyz` (the probe a load balancer uses: 503 while the database is unreachable
 * or the node is draining) and `/metrics` (staff API tokens), with the exchange configuration
 * snapshot the gateway answers from. No portal, no API, no pages: the gateway's port stays the
 * X-Road protocol's alone, and the node does no portal work.
 */
export async function buildOpsApp(options: OpsAppOptions): Promise<FastifyInstance> {
  const { config, db } = options;
  let shuttingDown = false;
  const app = Fastify({
    logger: options.logger === false ? false : { ...loggerOptions(config), ...options.logger },
    trustProxy: config.TRUST_PROXY,
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setErrorHandler(handleError);
  app.setNotFoundHandler({}, (req, reply) => sendProblem(reply, req, new AppError('NOT_FOUND')));
  app.addHook('onSend', async (_req, reply) => void reply.header('x-content-type-options', 'nosniff'));
  app.addHook('preClose', async () => {
    shuttingDown = true;
  });
  await app.register(accessPlugin, { authenticators: [bearerTokenAuthenticator(db)] });
  app.decorate('readiness', new ReadinessChecks());
  await app.register(healthRoutes, { db, isShuttingDown: () => shuttingDown, checks: app.readiness });
  app.decorate('exchangeMetrics', new ExchangeMetrics());
  await app.register(metricsRoutes, { metrics: app.exchangeMetrics });
  const exchangeConfig = new ExchangeConfig(db, config.EXCHANGE_REFRESH_MS, { onError: (err) => app.log.warn({ err }, 'exchange configuration refresh failed; keeping the last snapshot') });
  app.decorate('exchangeConfig', exchangeConfig);
  app.addHook('onReady', () => exchangeConfig.start());
  app.addHook('onClose', async () => exchangeConfig.stop());
  return app;
}

import type { FastifyPluginAsync } from 'fastify';
import type { ExchangeMetrics } from './metrics.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The gateway's Prometheus metrics; pipeline steps and the log writer report into it. */
    exchangeMetrics: ExchangeMetrics;
  }
}

/**
 * `GET /metrics`: Prometheus text format 0.0.4. Staff only (operator, auditor): the labels name
 * agencies' systems and services. Prometheus scrapes with a staff API token of an `auditor`
 * account (`onewindow staff token`), configured as `authorization: { credentials: <token> }`
 * (or `bearer_token_file`) in its scrape config.
 */
export const metricsRoutes: FastifyPluginAsync<{ metrics: ExchangeMetrics }> = async (app, { metrics }) => {
  app.get('/metrics', { config: { access: ['operator', 'auditor'] }, schema: { tags: ['system'], summary: 'Prometheus metrics of the exchange gateway', security: [{ bearer: [] }] } }, async (_req, reply) => {
    const text = await metrics.metrics();
    return reply.header('content-type', metrics.contentType).header('cache-control', 'no-store').send(text);
  });
};

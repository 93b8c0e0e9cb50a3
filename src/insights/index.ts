import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Config } from '../config/schema.ts';
import type { RegistryDeps } from '../registry/index.ts';
import { parseTargets } from '../core/targets.ts';
import { insightsRoutes } from './routes.ts';

export { currentInsights, currentTables, type InsightsReport } from './service.ts';

export const insightsPlugin: FastifyPluginAsyncTypebox<{ deps: RegistryDeps; config: Config }> = async (app, { deps, config }) => {
  await app.register(insightsRoutes, { deps, targets: parseTargets(config.INSIGHTS_TARGETS) });
};
export { insightsPages } from './pages/index.ts';

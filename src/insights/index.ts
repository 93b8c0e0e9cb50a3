import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Config } from '../config/schema.ts';
import { parseTargets } from '../core/targets.ts';
import { insightsRoutes } from './report-routes.ts';
import type { AppDeps } from '../db/app-deps.ts';

export { currentInsights, currentTables, type InsightsReport } from './reports.ts';

export const insightsPlugin: FastifyPluginAsyncTypebox<{ deps: AppDeps; config: Config }> = async (app, { deps, config }) => {
  await app.register(insightsRoutes, { deps, targets: parseTargets(config.INSIGHTS_TARGETS) });
};
export { insightsPages } from './pages/index.ts';

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ExchangeAdminDeps } from './deps.ts';
import { memberRoutes } from './member-routes.ts';
import { upstreamRoutes } from './upstream-routes.ts';
import { subsystemRoutes } from './subsystem-routes.ts';
import { serviceRoutes } from './service-routes.ts';
import { requestRoutes } from './request-routes.ts';

/** The exchange's management API, `/exchange/...` under the API prefix. */
export const exchangeAdminRoutes: FastifyPluginAsyncTypebox<{ deps: ExchangeAdminDeps }> = async (app, { deps }) => {
  await app.register(memberRoutes, { deps });
  await app.register(upstreamRoutes, { deps });
  await app.register(subsystemRoutes, { deps });
  await app.register(serviceRoutes, { deps });
  await app.register(requestRoutes, { deps });
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Config } from '../config/schema.ts';
import type { RegistryDeps } from '../registry/index.ts';

export const insightsPlugin: FastifyPluginAsyncTypebox<{ deps: RegistryDeps; config: Config }> = async () => {};

import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import formbody from '@fastify/formbody';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.ts';
import { retryAfter, toAppError } from '../http/problem.ts';
import { securityHeaders } from './security.ts';
import { pageContext, type DemoFlag } from './context.ts';
import { sendPage } from './render.ts';
import { ErrorPage } from './pages/error-page.tsx';

export { pageContext, type PageContext, type DemoFlag } from './context.ts';
export { sendPage } from './render.ts';
export { setSiteNavigation, type NavigationItem } from './site-navigation.ts';

const staticDir = fileURLToPath(new URL('./static/', import.meta.url));
const fontDir = join(dirname(createRequire(import.meta.url).resolve('@fontsource/vazirmatn/package.json')), 'files');

/** A module's pages: a Fastify plugin registered inside the web scope, so it gets its hooks. */
export type PagesPlugin = FastifyPluginAsync<{ isDemo: DemoFlag }>;

/** Renders an error as a page; used for page routes and for unknown paths outside `/api`. */
export async function sendErrorPage(request: FastifyRequest, reply: FastifyReply, error: AppError, isDemo: DemoFlag): Promise<FastifyReply> {
  if (error.code === 'UNAUTHENTICATED' && request.method === 'GET') {
    // People's pages send them to their own sign-in; everything else is the staff area's.
    const signIn = request.routeOptions.config?.access === 'citizen' ? '/sign-in' : '/staff/login';
    return reply.redirect(`${signIn}?next=${encodeURIComponent(request.url)}`, 303);
  }
  const wait = retryAfter(error);
  if (wait !== undefined) reply.header('retry-after', wait);
  const ctx = await pageContext(request, reply, isDemo).catch(() => undefined);
  if (!ctx) return reply.code(error.status).type('text/plain; charset=utf-8').send(error.code);
  await securityHeaders(request, reply);
  return sendPage(reply, ErrorPage({ ctx, status: error.status, code: error.code, requestId: request.id }), error.status);
}

/**
 * The web foundation: static assets (cached), the Persian font served from the project,
 * security headers on every page, form bodies, and a readable error page.
 */
export const webPlugin: FastifyPluginAsync<{ pages: PagesPlugin[]; isDemo: DemoFlag }> = async (app, { pages, isDemo }) => {
  await app.register(async (assets) => {
    assets.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: 'public' };
    });
    await assets.register(fastifyStatic, { root: staticDir, prefix: '/static/', maxAge: '1d', decorateReply: false, index: false });
    await assets.register(fastifyStatic, { root: fontDir, prefix: '/static/fonts/', maxAge: '365d', immutable: true, decorateReply: false, index: false, allowedPath: (p) => /^\/vazirmatn-(arabic|latin)-(400|700)-normal\.woff2$/.test(p) });
  });
  await app.register(async (site) => {
    await site.register(formbody, { bodyLimit: 65536 });
    site.addHook('onRequest', securityHeaders);
    site.setErrorHandler(async (error, request, reply) => {
      const appError = toAppError(error as Error);
      if (appError.code === 'INTERNAL') request.log.error({ err: error }, 'unhandled error on a page');
      return sendErrorPage(request, reply, appError, isDemo);
    });
    for (const plugin of pages) await site.register(plugin, { isDemo });
  });
};

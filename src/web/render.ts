import type { FastifyReply } from 'fastify';
import { h, type VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { PageSessionContext } from './page-session.ts';

/** Sends a server-rendered page. Text is escaped by the renderer; nothing needs JavaScript. */
export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  const citizenCsrfToken = reply.request.citizenSession?.csrfToken ?? null;
  // A page drawn for a signed-in person carries their session's token: never kept by a cache.
  if (citizenCsrfToken && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  const html = renderToString(h(PageSessionContext.Provider, { value: { citizenCsrfToken } }, page));
  return reply.code(status).type('text/html; charset=utf-8').send(`<!doctype html>${html}`);
}

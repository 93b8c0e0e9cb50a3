import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Database } from '../db/database.ts';
import { AppError } from '../core/errors.ts';

/** Liveness says the process serves HTTP; readiness also needs the database to answer. */
export const healthRoutes: FastifyPluginAsyncTypebox<{ db: Database; isShuttingDown: () => boolean }> = async (app, { db, isShuttingDown }) => {
  const Status = Type.Object({ status: Type.String() });
  app.get('/healthz', { config: { access: 'public' }, schema: { tags: ['system'], response: { 200: Status } } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { access: 'public' }, schema: { tags: ['system'], response: { 200: Status } } }, async (req) => {
    if (isShuttingDown()) throw new AppError('NOT_READY', { message: 'Shutting down' });
    try {
      await Promise.race([db.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error('database ping timed out')), 2000).unref())]);
    } catch (e) {
      req.log.warn({ err: e }, 'readiness: database unavailable');
      throw new AppError('NOT_READY', { message: 'The database is not reachable' });
    }
    return { status: 'ready' };
  });
};

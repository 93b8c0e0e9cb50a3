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

/**
 * One condition a node needs to serve: met when `ready` answers true; false, a throw or no
 * answer within the probe's time means not ready. `name` is what the probe reports when the
 * check fails (so no secrets and no detail: the log has those).
 */
export interface ReadinessCheck {
  name: string;
  ready(): boolean | Promise<boolean>;
}

/** The database answers a ping. */
export const databaseReachable = (db: Database): ReadinessCheck => ({
  name: 'database',
  ready: async () => {
    await db.ping();
    return true;
  },
});

/**
 * The names of the checks that fail, all run together, each given `timeoutMs` to answer;
 * `onError` hears why a check threw (for the log).
 */
export async function failingChecks(checks: readonly ReadinessCheck[], options: { timeoutMs?: number; onError?: (name: string, err: unknown) => void } = {}): Promise<string[]> {
  const timeoutMs = options.timeoutMs ?? 2000;
  const results = await Promise.all(
    checks.map(async (c) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`readiness check ${c.name} did not answer within ${timeoutMs} ms`)), timeoutMs);
          timer.unref();
        });
        return (await Promise.race([Promise.resolve().then(() => c.ready()), timeout])) === true;
      } catch (e) {
        options.onError?.(c.name, e);
        return false;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return checks.filter((_, i) => !results[i]).map((c) => c.name);
}

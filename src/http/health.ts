import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Database } from '../db/database.ts';
import { AppError } from '../core/errors.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** What else this node needs to be ready; the gateway adds its exchange-log writer. */
    readiness: ReadinessChecks;
  }
}

/**
 * The conditions a node must meet, beyond a reachable database, to be ready. Parts that start
 * after the HTTP app (the gateway) add theirs; `add` returns the function that removes it.
 */
export class ReadinessChecks {
  readonly #checks = new Map<string, ReadinessCheck['ready']>();

  add(name: string, check: ReadinessCheck['ready']): () => void {
    this.#checks.set(name, check);
    return () => {
      if (this.#checks.get(name) === check) this.#checks.delete(name);
    };
  }

  /** The name of the first condition not met, or null. A check that throws is not met. */
  async failing(): Promise<string | null> {
    for (const [name, check] of this.#checks) {
      const ok = await Promise.resolve()
        .then(check)
        .catch(() => false);
      if (!ok) return name;
    }
    return null;
  }
}

export type Readiness = { ready: true } | { ready: false; message: string; err?: unknown };

const PING_TIMEOUT_MS = 2000;

/**
 * The readiness of this node, for every readiness endpoint (the portal's `/readyz`, the
 * gateway's): not shutting down, the database answers (within 2 s), and every added check is
 * met — the gateway's is that its exchange log can write (`writer.healthy()`).
 */
export async function checkReadiness(o: { db: Database; isShuttingDown: () => boolean; checks?: ReadinessChecks | undefined }): Promise<Readiness> {
  if (o.isShuttingDown()) return { ready: false, message: 'Shutting down' };
  try {
    await Promise.race([o.db.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error('database ping timed out')), PING_TIMEOUT_MS).unref())]);
  } catch (e) {
    return { ready: false, message: 'The database is not reachable', err: e };
  }
  const failing = await o.checks?.failing();
  if (failing) return { ready: false, message: `Not ready: ${failing}` };
  return { ready: true };
}

/** Liveness says the process serves HTTP; readiness also needs the database to answer and every added check (`checkReadiness`). */
export const healthRoutes: FastifyPluginAsyncTypebox<{ db: Database; isShuttingDown: () => boolean; checks?: ReadinessChecks }> = async (app, { db, isShuttingDown, checks }) => {
  const Status = Type.Object({ status: Type.String() });
  app.get('/healthz', { config: { access: 'public' }, schema: { tags: ['system'], response: { 200: Status } } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { access: 'public' }, schema: { tags: ['system'], response: { 200: Status } } }, async (req) => {
    const readiness = await checkReadiness({ db, isShuttingDown, checks });
    if (!readiness.ready) {
      if (readiness.err !== undefined) req.log.warn({ err: readiness.err }, 'readiness: database unavailable');
      else req.log.warn({ reason: readiness.message }, 'readiness: not ready');
      throw new AppError('NOT_READY', { message: readiness.message });
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

import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.ts';
import { sourceKey } from './source.ts';
import type { RateDecision, RateLimiter } from './token-bucket.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * A route costly enough (megabytes of output, a scan of the registry) that anonymous
     * callers pay a token of their address's bucket for each call.
     */
    anonymousLimit?: 'heavy';
  }
}

export interface AnonymousLimits {
  /** Tokens a client address gains per minute (refill rate). */
  perMinute: number;
  /** Most calls in a row before the refill rate applies. */
  burst: number;
}

/** The API's buckets in the shared key space, apart from the gateway's `c:`/`s:`/`a:` keys. */
const HEAVY_KEY = 'api:heavy:';

/**
 * Anonymous calls to routes marked `anonymousLimit: 'heavy'` take one token from the bucket of
 * their client address: `req.ip` (so `TRUST_PROXY` decides whether that is the forwarded address
 * or the proxy's), IPv4 as is, IPv6 by its /64. All heavy routes share that bucket, so a loop
 * cannot dodge it by alternating exports. Signed-in staff and API tokens are not limited here:
 * they are accountable by name, and the operator revokes a misbehaving token.
 *
 * Registered after the access plugin, whose onRequest hook sets `req.principal` first.
 * The limiter is shared through Redis when REDIS_URL is set and fails open to this node's
 * buckets if Redis is down (ADR 0008).
 */
export const anonymousLimitPlugin = fp<{ limiter: RateLimiter; limits: AnonymousLimits }>(
  async (app: FastifyInstance, { limiter, limits }) => {
    const rate = limits.perMinute / 60;
    const refuse = (reply: FastifyReply, d: { retryAfterSeconds: number }) => {
      reply.header('retry-after', String(d.retryAfterSeconds));
      throw new AppError('RATE_LIMITED', {
        message: `Too many downloads from this address; retry after ${d.retryAfterSeconds} s`,
        extensions: { retryAfterSeconds: d.retryAfterSeconds },
      });
    };
    app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
      if (req.routeOptions.config?.anonymousLimit !== 'heavy' || req.principal.kind !== 'anonymous') return;
      const d: RateDecision = await limiter.take(HEAVY_KEY + sourceKey(req.ip), rate, limits.burst);
      if (!d.ok) refuse(reply, d);
    });
    // Start with shared buckets when Redis answers soon; otherwise limit locally until it does.
    app.addHook('onReady', async () => {
      if ('ready' in limiter && typeof limiter.ready === 'function') await (limiter.ready as (ms: number) => Promise<boolean>)(1000);
    });
    app.addHook('onClose', async () => limiter.close());
  },
  { name: 'onewindow-anonymous-limit', dependencies: ['onewindow-access'] },
);

import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { LocalRateLimiter } from './local-limiter.ts';
import { ALLOWED, type BucketLimit, type RateDecision, type RateLimiter } from './token-bucket.ts';

/**
 * The token-bucket rule of `token-bucket.ts` in Lua, over any number of buckets at once: refill
 * every bucket, and only if each holds a whole token take one from each. The time is Redis's
 * own (`TIME`), so the nodes' clocks do not matter. Redis runs a script atomically, so two nodes
 * can never both take the last token.
 *
 * KEYS: the buckets; ARGV: rate and burst of each, in order. Returns 0 when the call may pass,
 * else the seconds until it may (Retry-After). Each bucket is a hash {tk: tokens, ts: ms} that
 * expires once it would have refilled (plus a second), so idle keys clean themselves up.
 */
export const TAKE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local n = #KEYS
local tokens = {}
local wait = 0
for i = 1, n do
  local rate = tonumber(ARGV[2 * i - 1])
  local burst = tonumber(ARGV[2 * i])
  local v = redis.call('HMGET', KEYS[i], 'tk', 'ts')
  local tk = tonumber(v[1])
  local ts = tonumber(v[2])
  if tk == nil or ts == nil then
    tk = burst
    ts = now
  end
  if now > ts then tk = tk + (now - ts) * rate / 1000 end
  if tk > burst then tk = burst end
  tokens[i] = tk
  if tk < 1 then
    local w = math.ceil((1 - tk) / rate)
    if w < 1 then w = 1 end
    if w > wait then wait = w end
  end
end
if wait > 0 then return wait end
for i = 1, n do
  local rate = tonumber(ARGV[2 * i - 1])
  local burst = tonumber(ARGV[2 * i])
  redis.call('HSET', KEYS[i], 'tk', string.format('%.17g', tokens[i] - 1), 'ts', string.format('%.17g', now))
  redis.call('PEXPIRE', KEYS[i], math.ceil(burst * 1000 / rate) + 1000)
end
return 0
`;

const TAKE_SHA = createHash('sha1').update(TAKE_SCRIPT).digest('hex');

/** Same signature as pino's `log.warn(obj, msg)`, so the server can pass its logger. */
export type WarnFn = (detail: { err?: unknown }, message: string) => void;

/**
 * After a failed or slow answer, calls are limited on this node alone for this long, then a
 * background probe asks whether Redis answers again (and again each time it does not).
 */
export const REDIS_PAUSE_MS = 1000;

const defaultWarn: WarnFn = (detail, message) => process.emitWarning(detail.err instanceof Error ? `${message}: ${detail.err.message}` : message, 'OneWindowRateLimit');

export interface RedisRateLimiterOptions {
  /** `redis://` or `rediss://`. */
  url: string;
  /**
   * Prefix of every bucket key. The default carries a hash tag (`{rl}`) so that both keys of a
   * call land in one slot on Redis Cluster, as a multi-key script requires there.
   */
  keyPrefix?: string;
  /** A Redis answer slower than this counts as Redis being unavailable (`REDIS_COMMAND_TIMEOUT_MS`). Default 50 ms. */
  commandTimeoutMs?: number;
  /** How long calls stay local after a failed or slow answer before Redis is probed. Default `REDIS_PAUSE_MS`. */
  pauseMs?: number;
  /** Where calls go while Redis is unreachable; default a new `LocalRateLimiter`. */
  fallback?: RateLimiter;
  warn?: WarnFn;
}

/**
 * Buckets shared by every node, in Redis: one round trip (`EVALSHA` of `TAKE_SCRIPT`) per call
 * for all of its buckets.
 *
 * When Redis is unreachable (not connected, an error, or slower than `commandTimeoutMs`) the
 * limiter fails OPEN to the in-process limiter, warning once when it starts doing so and once
 * when Redis is back. A Redis that is connected but does not answer (frozen, overloaded) would
 * otherwise cost every call the timeout: after one failed or slow answer the limiter stops
 * asking it for `pauseMs`, then probes it in the background (the script on a key of its own),
 * and sends calls to it again only once it answers. The rate limit protects providers from overload and consumers from each
 * other; it is not an access control (rights are checked before it). Refusing every call of
 * every government service because the limit store is down would turn a Redis outage into a
 * national outage, while limiting per node keeps a bound (nodes × limit) on what gets through.
 */
export class RedisRateLimiter implements RateLimiter {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #fallback: RateLimiter;
  readonly #warn: WarnFn;
  readonly #pauseMs: number;
  #degraded = false;
  #closed = false;
  /** Set while calls stay local after a failed or slow answer, until a probe succeeds. */
  #probe: NodeJS.Timeout | undefined;

  constructor(options: RedisRateLimiterOptions) {
    this.#prefix = options.keyPrefix ?? 'onewindow:{rl}:';
    this.#fallback = options.fallback ?? new LocalRateLimiter();
    this.#warn = options.warn ?? defaultWarn;
    this.#pauseMs = options.pauseMs ?? REDIS_PAUSE_MS;
    this.#redis = new Redis(options.url, {
      // Fail fast instead of queueing calls while disconnected; the fallback answers them.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 50,
      connectTimeout: 2000,
      // Keep trying to reconnect in the background, at most every 2 s.
      retryStrategy: (times) => Math.min(times * 100, 2000),
    });
    // Without a listener ioredis prints every failed reconnection; one warning per outage is enough.
    this.#redis.on('error', (err: unknown) => this.#degrade(err));
  }

  /** Resolves once connected, or after `timeoutMs` (calls are limited locally until then). */
  async ready(timeoutMs = 2000): Promise<boolean> {
    if (this.#redis.status === 'ready') return true;
    return new Promise<boolean>((resolve) => {
      const onReady = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.#redis.off('ready', onReady);
        resolve(false);
      }, timeoutMs);
      this.#redis.once('ready', onReady);
    });
  }

  /** True while calls are limited per node because Redis is unavailable. */
  get degraded(): boolean {
    return this.#degraded || !this.#usable();
  }

  #usable(): boolean {
    return this.#redis.status === 'ready' && this.#probe === undefined;
  }

  take(key: string, ratePerSecond: number, burst: number): RateDecision | Promise<RateDecision> {
    if (!this.#usable()) return this.#local(undefined, this.#fallback.take(key, ratePerSecond, burst));
    return this.#redis.evalsha(TAKE_SHA, 1, this.#prefix + key, ratePerSecond, burst).then(
      (reply) => this.#decide(reply),
      (err: unknown) => this.#retry(err, [this.#prefix + key], [ratePerSecond, burst], () => this.#fallback.take(key, ratePerSecond, burst)),
    );
  }

  takeAll(limits: readonly BucketLimit[]): RateDecision | Promise<RateDecision> {
    if (!this.#usable()) return this.#local(undefined, this.#fallback.takeAll(limits));
    const keys = limits.map((l) => this.#prefix + l.key);
    const args = limits.flatMap((l) => [l.ratePerSecond, l.burst]);
    return this.#redis.evalsha(TAKE_SHA, keys.length, ...keys, ...args).then(
      (reply) => this.#decide(reply),
      (err: unknown) => this.#retry(err, keys, args, () => this.#fallback.takeAll(limits)),
    );
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#probe);
    if (this.#redis.status === 'ready') await this.#redis.quit().catch(() => this.#redis.disconnect());
    else this.#redis.disconnect();
    await this.#fallback.close();
  }

  #decide(reply: unknown): RateDecision {
    this.#recovered();
    const wait = Number(reply);
    return wait === 0 ? ALLOWED : { ok: false, retryAfterSeconds: wait };
  }

  /** First call after a Redis restart (or a SCRIPT FLUSH): the script is not cached, so load it with EVAL. */
  async #retry(err: unknown, keys: string[], args: number[], local: () => RateDecision | Promise<RateDecision>): Promise<RateDecision> {
    if (err instanceof Error && err.message.startsWith('NOSCRIPT')) {
      try {
        return this.#decide(await this.#redis.eval(TAKE_SCRIPT, keys.length, ...keys, ...args));
      } catch (again) {
        err = again;
      }
    }
    return this.#local(err, local());
  }

  #local<T>(err: unknown, decision: T): T {
    if (err !== undefined) this.#pause(err);
    // While the first connection is still being made there is nothing to warn about yet; a
    // failed connection warns through the 'error' event.
    else if (this.#redis.status !== 'connecting') this.#degrade(err);
    return decision;
  }

  /** A failed or slow answer: limit locally, and ask Redis again only once a probe succeeds. */
  #pause(err: unknown): void {
    this.#degrade(err);
    if (this.#probe === undefined && !this.#closed) this.#scheduleProbe();
  }

  #scheduleProbe(): void {
    this.#probe = setTimeout(() => {
      if (this.#closed) return;
      // The limiter's own script on a key of its own, so a Redis that answers a PING but not the
      // script (a permission, a cluster slot) stays paused instead of flapping.
      this.#redis.eval(TAKE_SCRIPT, 1, this.#prefix + 'probe', 1000, 1000).then(
        () => {
          this.#probe = undefined;
          this.#recovered();
        },
        () => this.#scheduleProbe(),
      );
    }, this.#pauseMs);
    this.#probe.unref();
  }

  #recovered(): void {
    if (!this.#degraded || this.#closed) return;
    this.#degraded = false;
    this.#warn({}, 'rate limits: Redis is available again; limits are shared across nodes');
  }

  #degrade(err: unknown): void {
    if (this.#degraded || this.#closed) return;
    this.#degraded = true;
    this.#warn({ err }, 'rate limits: Redis is unavailable; limiting on this node only until it is back');
  }
}

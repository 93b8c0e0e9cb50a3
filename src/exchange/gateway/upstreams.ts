/**
 * The upstreams the gateway forwards to: one undici `Pool` per origin (scheme, host, port) and
 * allowance of internal addresses, shared by every service at that origin, with keep-alive connections up to a bound; and one
 * circuit breaker per upstream base URL (a service's `upstreamUrl`), so a failing service does
 * not cut off a healthy neighbour on the same host. Both are created on first use and kept
 * while in use: nothing is built per call.
 *
 * Services go away (or move to another host), so an unref'd timer forgets what has not been
 * used for `idleMs` (default 10 minutes): the breakers of idle base URLs, and a pool once no
 * base URL at its origin is left, closing its connections. An origin is looked at only when its
 * pool has nothing in flight: forward takes its upstream and dispatches in the same tick, so an
 * empty pool means no call holds any of its upstreams. A base URL used again later starts over
 * with a new pool and a closed breaker, as on first use.
 *
 * Where a pool may connect: public addresses, and the internal ones (loopback, private, …) the
 * operator registered for the service's member (`upstream-addresses/`). An IP literal is checked
 * here, once; a name on every new connection, by the pool's guarded lookup.
 */
import { Pool } from 'undici';
import { canonicalIp, isInternalAddress } from '../upstream-addresses/address-policy.ts';
import { guardedLookup, localAddresses } from '../upstream-addresses/checks.ts';
import { CircuitBreaker, type BreakerOptions, type BreakerState, type BreakerStatus } from './circuit-breaker.ts';

export interface UpstreamOptions {
  /** Most connections to one origin; calls beyond it queue in the pool. Default 128. */
  maxConnectionsPerUpstream?: number;
  /** Default: 5 consecutive failures open the breaker for 10 s. */
  breaker?: BreakerOptions;
  /** Longest wait for a TCP (and TLS) connection; the service's timeout when that is shorter. Default 5 s. */
  connectTimeoutMs?: number;
  /** Milliseconds, for the breakers; injected by tests. */
  now?: () => number;
  /** Told of every breaker state change (`ExchangeMetrics` fits). */
  metrics?: BreakerObserver;
  /** An upstream base URL not used for this long is forgotten, its pool closed once no other uses it. Default 10 minutes. */
  idleMs?: number;
  /** How often idle upstreams are looked for. Default 1 minute; 0 (or less) runs no timer (`prune()` still works). */
  pruneIntervalMs?: number;
}

export interface BreakerObserver {
  setBreakerState(upstream: string, state: BreakerState): void;
  /** The upstream's breaker was forgotten (idle): its series can go. */
  forgetBreaker?(upstream: string): void;
}

export interface Upstream {
  /** The service's upstream base URL as configured; the breaker's name. */
  url: string;
  pool: Pool;
  /** The base URL's path without a trailing `/` (`''` for the root). */
  basePath: string;
  breaker: CircuitBreaker;
}

export const DEFAULT_BREAKER: BreakerOptions = { failureThreshold: 5, openMs: 10_000 };
export const DEFAULT_IDLE_MS = 10 * 60_000;
export const DEFAULT_PRUNE_INTERVAL_MS = 60_000;

interface Entry {
  upstream: Upstream;
  /** The key of its pool: the origin, plus the internal addresses the pool may reach. */
  origin: string;
  /** The injected clock's milliseconds at the last `get`. */
  usedMs: number;
}

/** A map key for a URL or origin used under an allowance of internal addresses. */
const withAllowance = (key: string, internalAddresses: readonly string[]) => (internalAddresses.length === 0 ? key : `${key} ${internalAddresses.join(' ')}`);

export class UnusableUpstreamError extends Error {
  constructor(readonly url: string) {
    super(`upstream URL ${url} is not an http(s) base URL without credentials, query or fragment, or its address is internal and not registered`);
    this.name = 'UnusableUpstreamError';
  }
}

export class Upstreams {
  readonly #byUrl = new Map<string, Entry>();
  readonly #pools = new Map<string, Pool>();
  readonly #connections: number;
  readonly #breaker: BreakerOptions;
  readonly #connectTimeoutMs: number;
  readonly #now: () => number;
  readonly #metrics: BreakerObserver | undefined;
  readonly #idleMs: number;
  readonly #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: UpstreamOptions = {}) {
    this.#connections = options.maxConnectionsPerUpstream ?? 128;
    this.#breaker = options.breaker ?? DEFAULT_BREAKER;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 5000;
    this.#now = options.now ?? Date.now;
    this.#metrics = options.metrics;
    this.#idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    const every = options.pruneIntervalMs ?? DEFAULT_PRUNE_INTERVAL_MS;
    if (every > 0) {
      // unref: an idle sweep never keeps the process alive.
      this.#timer = setInterval(() => this.prune(), every);
      this.#timer.unref();
    }
  }

  /**
   * The upstream for a service's base URL, allowed to reach `internalAddresses` (canonical IPs
   * the operator registered) besides public ones; throws `UnusableUpstreamError` for a URL it
   * cannot use, or whose IP literal host is internal and not allowed.
   */
  get(url: string, timeoutMs: number, internalAddresses: readonly string[] = []): Upstream {
    // The allowance is part of the key: the same URL under another registration is another upstream.
    const key = withAllowance(url, internalAddresses);
    const known = this.#byUrl.get(key);
    if (known !== undefined) {
      known.usedMs = this.#now();
      return known.upstream;
    }
    if (this.#closed) throw new Error('the forwarder is closed');
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new UnusableUpstreamError(url);
    }
    if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.search !== '' || parsed.hash !== '' || parsed.username !== '' || parsed.password !== '' || url.includes('#')) {
      throw new UnusableUpstreamError(url);
    }
    const literal = canonicalIp(parsed.hostname);
    if (literal !== undefined && isInternalAddress(literal, localAddresses()) && !internalAddresses.includes(literal)) throw new UnusableUpstreamError(url);
    const poolKey = withAllowance(parsed.origin, internalAddresses);
    let pool = this.#pools.get(poolKey);
    if (pool === undefined) {
      pool = new Pool(parsed.origin, {
        connections: this.#connections,
        pipelining: 1,
        // Names are resolved again on every new connection and refused when they now lead inside (DNS rebinding).
        connect: { timeout: Math.min(this.#connectTimeoutMs, timeoutMs), lookup: guardedLookup(new Set(internalAddresses)) },
      });
      this.#pools.set(poolKey, pool);
    }
    const basePath = parsed.pathname.endsWith('/') ? parsed.pathname.slice(0, -1) : parsed.pathname;
    const metrics = this.#metrics;
    const onChange = metrics === undefined ? undefined : (state: BreakerState) => metrics.setBreakerState(url, state);
    const upstream: Upstream = { url, pool, basePath, breaker: new CircuitBreaker(this.#breaker, this.#now, onChange) };
    onChange?.('closed');
    this.#byUrl.set(key, { upstream, origin: poolKey, usedMs: this.#now() });
    return upstream;
  }

  breakerStates(): Array<{ upstream: string } & BreakerStatus> {
    return [...this.#byUrl.values()].map((e) => ({ upstream: e.upstream.url, ...e.upstream.breaker.status() }));
  }

  /**
   * Forgets the base URLs unused for `idleMs` at origins with nothing in flight, and closes the
   * pools no base URL is left on. The timer calls it; returns the pools' closing.
   */
  prune(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    const now = this.#now();
    const busy = new Set<string>();
    for (const [origin, pool] of this.#pools) if (pool.stats.size > 0) busy.add(origin);
    const kept = new Set<string>();
    for (const [key, e] of this.#byUrl) {
      if (busy.has(e.origin) || now - e.usedMs < this.#idleMs) {
        kept.add(e.origin);
        continue;
      }
      this.#byUrl.delete(key);
      this.#metrics?.forgetBreaker?.(e.upstream.url);
    }
    const closing: Promise<void>[] = [];
    for (const [origin, pool] of this.#pools) {
      if (kept.has(origin)) continue;
      this.#pools.delete(origin);
      // Nothing is in flight; a failure to close idle sockets concerns no call.
      closing.push(pool.close().catch(() => {}));
    }
    return Promise.all(closing).then(() => {});
  }

  /** Waits for calls in flight, then closes every connection. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    this.#byUrl.clear();
    await Promise.all(pools.map((p) => p.close()));
  }
}

/**
 * The upstreams the gateway forwards to: one undici `Pool` per origin (scheme, host, port),
 * shared by every service at that origin, with keep-alive connections up to a bound; and one
 * circuit breaker per upstream base URL (a service's `upstreamUrl`), so a failing service does
 * not cut off a healthy neighbour on the same host. Both are created on first use and kept:
 * nothing is built per call.
 */
import { Pool } from 'undici';
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
}

export interface BreakerObserver {
  setBreakerState(upstream: string, state: BreakerState): void;
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

export class UnusableUpstreamError extends Error {
  constructor(readonly url: string) {
    super(`upstream URL ${url} is not an http(s) base URL without credentials, query or fragment`);
    this.name = 'UnusableUpstreamError';
  }
}

export class Upstreams {
  readonly #byUrl = new Map<string, Upstream>();
  readonly #pools = new Map<string, Pool>();
  readonly #connections: number;
  readonly #breaker: BreakerOptions;
  readonly #connectTimeoutMs: number;
  readonly #now: () => number;
  readonly #metrics: BreakerObserver | undefined;
  #closed = false;

  constructor(options: UpstreamOptions = {}) {
    this.#connections = options.maxConnectionsPerUpstream ?? 128;
    this.#breaker = options.breaker ?? DEFAULT_BREAKER;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 5000;
    this.#now = options.now ?? Date.now;
    this.#metrics = options.metrics;
  }

  /** The upstream for a service's base URL; throws `UnusableUpstreamError` for a URL it cannot use. */
  get(url: string, timeoutMs: number): Upstream {
    const known = this.#byUrl.get(url);
    if (known !== undefined) return known;
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
    let pool = this.#pools.get(parsed.origin);
    if (pool === undefined) {
      pool = new Pool(parsed.origin, {
        connections: this.#connections,
        pipelining: 1,
        connect: { timeout: Math.min(this.#connectTimeoutMs, timeoutMs) },
      });
      this.#pools.set(parsed.origin, pool);
    }
    const basePath = parsed.pathname.endsWith('/') ? parsed.pathname.slice(0, -1) : parsed.pathname;
    const metrics = this.#metrics;
    const onChange = metrics === undefined ? undefined : (state: BreakerState) => metrics.setBreakerState(url, state);
    const upstream: Upstream = { url, pool, basePath, breaker: new CircuitBreaker(this.#breaker, this.#now, onChange) };
    onChange?.('closed');
    this.#byUrl.set(url, upstream);
    return upstream;
  }

  breakerStates(): Array<{ upstream: string } & BreakerStatus> {
    return [...this.#byUrl.values()].map((u) => ({ upstream: u.url, ...u.breaker.status() }));
  }

  /** Waits for calls in flight, then closes every connection. */
  async close(): Promise<void> {
    this.#closed = true;
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    this.#byUrl.clear();
    await Promise.all(pools.map((p) => p.close()));
  }
}

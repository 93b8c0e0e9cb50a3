import { Agent, request } from 'undici';

/** How one call ended, as its client saw it. */
export type Outcome =
  | 'ok' // 200, the gateway's answer with our X-Road-Id
  | 'x-road' // an X-Road error (X-Road-Error header), any status
  | 'nginx' // nginx's own error page (no live node, or its timeout): Server: nginx, no X-Road-Error
  | 'other' // any other answer
  | 'network' // the connection failed
  | 'hung'; // no answer within the load's timeout

export interface CallResult {
  id: string;
  /** When the call was due (open loop: latency counts from here, so queueing is charged). */
  due: number;
  latencyMs: number;
  status: number;
  outcome: Outcome;
  /** The X-Road error type, nginx's status or the network error's code. */
  detail: string;
}

export interface LoadOptions {
  url: string;
  headers: Record<string, string>;
  /** Calls started per second (open loop). */
  rate: number;
  /** Prefix of each call's X-Road-Id (`<prefix>-<n>`), so the log can be searched for them. */
  prefix: string;
  /** A call without its whole answer after this long counts as hung. */
  timeoutMs?: number;
}

/**
 * An open-loop load generator: starts `rate` calls a second whatever the answers do (a client
 * population does not wait for the gateway), over keep-alive connections, each with its own
 * X-Road-Id, and keeps every call's outcome.
 */
export class Load {
  readonly results: CallResult[] = [];
  // Enough connections that calls held by a fault (rate × seconds) never queue in the client.
  readonly #agent = new Agent({ connections: 4000, keepAliveTimeout: 30_000 });
  #timer: NodeJS.Timeout | undefined;
  #inFlight = new Set<Promise<void>>();
  #sent = 0;
  #started = 0;

  constructor(readonly options: LoadOptions) {}

  start(): this {
    this.#started = performance.now();
    this.#timer = setInterval(() => {
      const due = Math.floor(((performance.now() - this.#started) * this.options.rate) / 1000);
      while (this.#sent < due) this.#call(this.#started + (this.#sent * 1000) / this.options.rate);
    }, 5);
    return this;
  }

  #call(due: number): void {
    const id = `${this.options.prefix}-${this.#sent++}`;
    const timeoutMs = this.options.timeoutMs ?? 30_000;
    const done = (status: number, outcome: Outcome, detail: string) => this.results.push({ id, due, latencyMs: performance.now() - due, status, outcome, detail });
    const p = (async () => {
      try {
        const res = await request(this.options.url, { dispatcher: this.#agent, headers: { ...this.options.headers, 'X-Road-Id': id }, signal: AbortSignal.timeout(timeoutMs) });
        await res.body.text();
        const xroad = res.headers['x-road-error'];
        if (typeof xroad === 'string') done(res.statusCode, 'x-road', xroad);
        else if (res.statusCode === 200 && res.headers['x-road-id'] === id) done(200, 'ok', '');
        else if (res.headers.server === 'nginx') done(res.statusCode, 'nginx', String(res.statusCode));
        else done(res.statusCode, 'other', String(res.statusCode));
      } catch (e) {
        const error = e as Error & { code?: string };
        if (error.name === 'TimeoutError' || error.name === 'AbortError') done(0, 'hung', `no answer in ${timeoutMs} ms`);
        else done(0, 'network', error.code ?? error.message);
      }
    })();
    this.#inFlight.add(p);
    void p.finally(() => this.#inFlight.delete(p));
  }

  /** Stops starting calls and waits for those under way. */
  async stop(): Promise<CallResult[]> {
    clearInterval(this.#timer);
    await Promise.all([...this.#inFlight]);
    await this.#agent.close();
    return this.results;
  }
}

/** Runs a load for `ms` while `during` does its work (started at once), then stops it. */
export async function withLoad<T>(options: LoadOptions, ms: number, during: (load: Load) => Promise<T>): Promise<{ results: CallResult[]; value: T }> {
  const load = new Load(options).start();
  try {
    const [value] = await Promise.all([during(load), new Promise((r) => setTimeout(r, ms))]);
    return { results: await load.stop(), value: value as T };
  } catch (error) {
    await load.stop();
    throw error;
  }
}

export const percentile = (values: number[], p: number): number => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

/** One line of figures for the test's diagnostics. */
export function summarise(results: CallResult[], since?: number, until?: number): string {
  const span = results.length ? (Math.max(...results.map((r) => r.due)) - Math.min(...results.map((r) => r.due))) / 1000 : 0;
  const window = results.filter((r) => (since === undefined || r.due >= since) && (until === undefined || r.due < until));
  const by = new Map<string, number>();
  for (const r of window) {
    const key = r.outcome === 'ok' ? 'ok' : `${r.outcome}:${r.detail}`;
    by.set(key, (by.get(key) ?? 0) + 1);
  }
  const ok = window.filter((r) => r.outcome === 'ok').map((r) => r.latencyMs);
  const all = window.map((r) => r.latencyMs);
  const fmt = (n: number) => (Number.isNaN(n) ? '-' : n < 10 ? n.toFixed(1) : Math.round(n).toString());
  return (
    `${window.length} calls (${span ? Math.round(results.length / span) : 0} started/s); ` +
    [...by].map(([k, n]) => `${k} ${n}`).join(', ') +
    `; ok p50 ${fmt(percentile(ok, 50))} ms, p99 ${fmt(percentile(ok, 99))} ms; all max ${fmt(Math.max(...all, 0))} ms`
  );
}

// The load generator, a child process of its own (pinned to the load core): it waits for
// commands from the benchmark over IPC and answers each with its figures.
//  - saturate: autocannon with a fixed number of connections for N seconds (closed loop);
//    every response time is kept (autocannon's own histogram has whole milliseconds only).
//  - rate: an open loop at a fixed request rate over an undici pool. Each request has an
//    intended start time; its latency counts from then, so a server that stalls is charged for
//    the requests that queued behind the stall (no coordinated omission).
import autocannon from 'autocannon';
import { Pool } from 'undici';
import { summarise } from '../lib/stats.ts';

export interface LoadTarget {
  /** http://127.0.0.1:port */
  origin: string;
  path: string;
  headers: Record<string, string>;
}

export type LoadCommand =
  | ({ kind: 'saturate'; connections: number; seconds: number } & LoadTarget)
  | ({ kind: 'rate'; rate: number; seconds: number; connections: number } & LoadTarget);

export interface LoadResult {
  /** Responses with a 2xx status. */
  ok: number;
  /** Requests that failed or answered something else. */
  failed: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
}

class Samples {
  #values = new Float64Array(1 << 16);
  #n = 0;
  push(x: number): void {
    if (this.#n === this.#values.length) {
      const grown = new Float64Array(this.#values.length * 2);
      grown.set(this.#values);
      this.#values = grown;
    }
    this.#values[this.#n++] = x;
  }
  figures(): { p50: number; p99: number; max: number } {
    const s = summarise(Array.from(this.#values.subarray(0, this.#n)));
    let max = 0;
    for (let i = 0; i < this.#n; i++) max = Math.max(max, this.#values[i]!);
    return { p50: s.p50, p99: s.p99, max };
  }
}

function saturate(c: Extract<LoadCommand, { kind: 'saturate' }>): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const samples = new Samples();
    const started = process.hrtime.bigint();
    const instance = autocannon({ url: c.origin + c.path, headers: c.headers, connections: c.connections, duration: c.seconds, pipelining: 1, timeout: 10 }, (error, result) => {
      if (error) return reject(error);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const ok = result['2xx'];
      resolve({ ok, failed: result.non2xx + result.errors + result.timeouts, seconds, perSecond: ok / seconds, ...samples.figures() });
    });
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) samples.push(ms);
    });
  });
}

async function openLoop(c: Extract<LoadCommand, { kind: 'rate' }>): Promise<LoadResult> {
  const pool = new Pool(c.origin, { connections: c.connections, pipelining: 1, keepAliveTimeout: 60_000 });
  const samples = new Samples();
  const total = Math.round(c.rate * c.seconds);
  const intervalNs = 1e9 / c.rate;
  let ok = 0;
  let failed = 0;
  let sent = 0;
  let done = 0;
  const start = process.hrtime.bigint();
  const startNs = Number(start);
  await new Promise<void>((resolve) => {
    const fire = (intendedNs: number) => {
      pool
        .request({ origin: c.origin, path: c.path, method: 'GET', headers: c.headers })
        .then(async (response) => {
          await response.body.dump();
          if (response.statusCode >= 200 && response.statusCode < 300) {
            ok++;
            samples.push((Number(process.hrtime.bigint()) - intendedNs) / 1e6);
          } else failed++;
        })
        .catch(() => failed++)
        .finally(() => {
          if (++done === total) resolve();
        });
    };
    // Timers fire about once a millisecond; each tick sends every request whose intended
    // time has come, so the rate holds without spinning the load core.
    const tick = () => {
      const now = Number(process.hrtime.bigint());
      while (sent < total && startNs + sent * intervalNs <= now) fire(startNs + sent++ * intervalNs);
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await pool.close();
  return { ok, failed, seconds, perSecond: ok / seconds, ...samples.figures() };
}

process.on('message', (command: LoadCommand | 'stop') => {
  if (command === 'stop') process.exit(0);
  (command.kind === 'saturate' ? saturate(command) : openLoop(command)).then(
    (result) => process.send?.({ type: 'result', result }),
    (error: Error) => process.send?.({ type: 'error', message: error.message }),
  );
});
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready', port: 0, pid: process.pid });

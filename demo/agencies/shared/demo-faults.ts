/**
 * DEMO-ONLY fault knobs, so gateway tests can make a reference upstream slow or broken on
 * demand without a separate fake server. They exist only in these reference services and can
 * be switched off with `allowDemoFaults: false`.
 *
 * - `X-Demo-Delay: <ms>` header or `?delayMs=<ms>` query: wait before answering (capped at
 *   MAX_DEMO_DELAY_MS, so a typo cannot hang a test run).
 * - `X-Demo-Fail: 500` answers 500 with an error body; `X-Demo-Fail: reset` destroys the
 *   connection without a response. The delay, if any, happens first.
 */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { badRequest, type Reply } from './agency.ts';

export const MAX_DEMO_DELAY_MS = 10_000;

export interface DemoFault {
  delayMs: number;
  fail?: '500' | 'reset';
}

export type DemoFaultReading = { ok: true; fault: DemoFault } | { ok: false; reply: Reply };

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Reads the knobs from a request; a malformed knob is a 400 like any other bad input. */
export function readDemoFault(headers: IncomingHttpHeaders, query: URLSearchParams): DemoFaultReading {
  const delayRaw = single(headers['x-demo-delay']) ?? query.get('delayMs') ?? undefined;
  let delayMs = 0;
  if (delayRaw !== undefined) {
    if (!/^\d{1,9}$/.test(delayRaw.trim())) {
      return { ok: false, reply: badRequest('invalid_demo_delay', 'X-Demo-Delay / delayMs must be a whole number of milliseconds.') };
    }
    delayMs = Math.min(Number(delayRaw.trim()), MAX_DEMO_DELAY_MS);
  }
  const failRaw = single(headers['x-demo-fail'])?.trim().toLowerCase();
  if (failRaw === undefined) return { ok: true, fault: { delayMs } };
  if (failRaw !== '500' && failRaw !== 'reset') {
    return { ok: false, reply: badRequest('invalid_demo_fail', 'X-Demo-Fail must be 500 or reset.') };
  }
  return { ok: true, fault: { delayMs, fail: failRaw } };
}

/** Waits `ms`, or less if the client goes away first, so a closed server never waits on timers. */
export function demoDelay(ms: number, res: ServerResponse): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    }
    res.once('close', done);
  });
}

import { setTimeout as sleep } from 'node:timers/promises';
import type { ClusterNode } from './nodes.ts';

/**
 * A GET's status and headers, or 0 when nothing answered within `timeoutMs` (well above the 2 s
 * the nodes give their readiness checks, so a busy machine is not taken for a hung probe).
 */
export async function probe(url: string, timeoutMs = 10_000): Promise<{ status: number; headers: Headers; body: string }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: res.status, headers: res.headers, body: await res.text() };
  } catch {
    return { status: 0, headers: new Headers(), body: '' };
  }
}

/** `/readyz` on both ports of every node: `node-1 portal` → status. */
export async function readiness(nodes: ClusterNode[]): Promise<Record<string, number>> {
  const entries = await Promise.all(
    nodes.flatMap((n) => [
      probe(`${n.portalUrl}/readyz`).then((r) => [`${n.settings.id} portal`, r.status] as const),
      probe(`${n.gatewayUrl}/readyz`).then((r) => [`${n.settings.id} gateway`, r.status] as const),
    ]),
  );
  return Object.fromEntries(entries);
}

/** Milliseconds until `check` holds (polled every 100 ms), or throws after `withinMs`. */
export async function timeUntil(what: string, check: () => Promise<boolean> | boolean, withinMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > withinMs) throw new Error(`${what}: not within ${withinMs} ms`);
    await sleep(100);
  }
}

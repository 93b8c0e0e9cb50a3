/**
 * Draining a `node:http` server on shutdown. `server.close()` stops accepting connections and
 * closes those idle at that moment, then waits for the rest; but a keep-alive connection under
 * load is never idle for long, and Node answers on it with `Connection: keep-alive` until the
 * client stops, so close() waited out the whole grace period. Once draining:
 *
 * - every answer not yet begun carries `Connection: close` (Node then ends the connection after
 *   it), both for requests in flight and for requests that still arrive on open connections;
 * - an answer already under way ends its connection when it finishes;
 * - connections idle now are closed at once (a client whose next request crossed the close on
 *   the wire sees a reset on a reused connection, which HTTP clients and proxies retry for
 *   idempotent requests: nginx's `proxy_next_upstream error`).
 *
 * Used by the portal's listener (under Fastify, which also stops routing new requests while it
 * closes) and by the gateway's.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export interface Drain {
  /** Whether `start()` was called. */
  readonly draining: boolean;
  /** Starts draining: call right before (or with) `server.close()`. */
  start(): void;
}

export function trackForDrain(server: Server): Drain {
  const inFlight = new Set<ServerResponse>();
  let draining = false;

  const closeAfter = (req: IncomingMessage, res: ServerResponse) => {
    if (!res.headersSent) res.setHeader('Connection', 'close');
    else res.once('finish', () => req.socket.end());
  };

  // Listens before the application's own listener (Fastify's, the gateway pipeline), so a
  // request arriving while draining is marked before its answer can begin.
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    if (draining) {
      closeAfter(req, res);
      return;
    }
    inFlight.add(res);
    const done = () => inFlight.delete(res);
    res.once('finish', done);
    res.once('close', done);
  });

  return {
    get draining() {
      return draining;
    },
    start() {
      if (draining) return;
      draining = true;
      for (const res of inFlight) closeAfter(res.req, res);
      inFlight.clear();
      server.closeIdleConnections();
    },
  };
}

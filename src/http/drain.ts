/**
 * Draining a `node:http` server on shutdown. `server.close()` stops accepting connections and
 * closes those idle at that moment, then waits for the rest; but a keep-alive connection under
 * load is never idle for long, and Node answers on it with `Connection: keep-alive` until the
 * client stops, so close() waited out the whole grace period. Once draining:
 *
 * - every answer not yet begun carries `Connection: close` (Node then ends the connection after
 *   it), both for requests in flight and for requests that still arrive on open connections;
 * - an answer already under way ends its connection when it finishes;
 * - the server stops accepting and closes the connections idle now in the same step (Node's
 *   `close()`), so no new connection is taken only to be closed as idle a moment later. A
 *   client whose request crossed the close on the wire sees a reset before any answer, which
 *   HTTP clients and proxies retry for idempotent requests (nginx's `proxy_next_upstream error`).
 *
 * Used by the portal's listener (under Fastify, which also stops routing new requests while it
 * closes) and by the gateway's.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export interface Drain {
  /** Whether `start()` was called. */
  readonly draining: boolean;
  /**
   * Starts draining: stops accepting (`server.close()`, whose own later calls are harmless;
   * its 'close' event says the last connection ended) and marks what is in flight.
   */
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
      server.close();
      server.closeIdleConnections();
    },
  };
}

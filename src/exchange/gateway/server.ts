/**
 * The gateway's own listener: a bare `node:http` server (or `node:https` with client
 * certificates when GATEWAY_TLS_CERT_FILE and GATEWAY_TLS_KEY_FILE are set) whose request
 * listener is the pipeline runner. No framework sits on the hot path. It only listens: the
 * steps are built in `assemble.ts` and run by `pipeline.ts`.
 *
 * Besides the protocol it answers `GET /healthz` (the process serves) and `GET /readyz` (this
 * node can serve calls: every readiness check passes and it is not shutting down), so a load
 * balancer can probe the port it sends calls to. Neither path is an r1 target, neither goes
 * through the pipeline or the exchange log. A failing `/readyz` is a 503 whose JSON body names
 * the failed checks, nothing more.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Config } from '../../config/schema.ts';
import { trackForDrain } from '../../http/drain.ts';
import { failingChecks, type ReadinessCheck } from '../../http/health.ts';
import { clientErrorAnswer } from './client-error.ts';
import type { GatewayLogger } from './respond.ts';

export interface ListenOptions {
  config: Config;
  logger: GatewayLogger;
  /** The request listener, made once the gateway's public URL is known (`assemble.ts`). */
  listener: (url: string) => RequestListener;
  /** What `/readyz` checks (server.ts wires them: configuration snapshot, database, exchange log). */
  readiness?: readonly ReadinessCheck[];
}

export interface RunningGateway {
  url: string;
  server: Server;
  /**
   * Stops accepting calls and waits for those in flight: idle keep-alive connections are closed,
   * answers in flight and calls still arriving on open connections carry `Connection: close`.
   */
  close(): Promise<void>;
}

/** A request head must arrive within this. */
const HEADERS_TIMEOUT_MS = 10_000;

export function gatewayTls(config: Config): boolean {
  return config.GATEWAY_TLS_CERT_FILE !== undefined && config.GATEWAY_TLS_KEY_FILE !== undefined;
}

/** GATEWAY_PUBLIC_URL, else `http(s)://GATEWAY_HOST:port` (a wildcard host shown as localhost). */
export function gatewayPublicUrl(config: Config, port: number): string {
  if (config.GATEWAY_PUBLIC_URL) return config.GATEWAY_PUBLIC_URL.replace(/\/$/, '');
  const host = config.GATEWAY_HOST ?? config.HOST;
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return `${gatewayTls(config) ? 'https' : 'http'}://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}

export async function listenGateway(options: ListenOptions): Promise<RunningGateway> {
  const { config, logger } = options;
  const tls = gatewayTls(config);
  // Node checks the head and request timeouts on this interval (30 s unless told), so the 10 s
  // head bound below could fire anywhere up to 40 s; as the portal's listener: every second.
  const connectionsCheckingInterval = Math.min(1000, Math.floor(HEADERS_TIMEOUT_MS / 4));
  const server: Server = tls
    ? createHttpsServer({
        connectionsCheckingInterval,
        cert: readFileSync(config.GATEWAY_TLS_CERT_FILE as string),
        key: readFileSync(config.GATEWAY_TLS_KEY_FILE as string),
        ...(config.GATEWAY_TLS_CA_FILE ? { ca: readFileSync(config.GATEWAY_TLS_CA_FILE) } : {}),
        requestCert: true,
        rejectUnauthorized: false,
      })
    : createHttpServer({ connectionsCheckingInterval });
  // Slow-loris bounds: a head must arrive within 10 s, a whole request within 60 s.
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.GATEWAY_PORT, config.GATEWAY_HOST ?? config.HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = gatewayPublicUrl(config, port);

  const drain = trackForDrain(server);
  const pipeline = options.listener(url);
  const readiness = options.readiness ?? [];
  server.on('request', (req, res) => {
    const path = req.url?.split('?')[0];
    if ((path === '/healthz' || path === '/readyz') && (req.method === 'GET' || req.method === 'HEAD')) {
      if (path === '/healthz') return probeAnswer(res, 200, { status: 'ok' });
      if (drain.draining) return probeAnswer(res, 503, { status: 'not ready', failed: ['shutting-down'] });
      void failingChecks(readiness, { onError: (name, err) => logger.warn({ err, check: name }, 'gateway readiness check failed') }).then((failed) =>
        failed.length === 0 ? probeAnswer(res, 200, { status: 'ready' }) : probeAnswer(res, 503, { status: 'not ready', failed }),
      );
      return;
    }
    pipeline(req, res);
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    // As Node's own handler: nothing can be said on a dead socket, or after an answer on it began.
    const answering = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
    if (!socket.writable || answering || err.code === 'ECONNRESET') return socket.destroy(err);
    const { text, detail } = clientErrorAnswer(err.code, config.GATEWAY_ERROR_STATUSES);
    logger.warn({ detail, code: err.code }, 'gateway refused a request the HTTP parser could not read');
    socket.end(text);
  });

  let closing: Promise<void> | undefined;
  return {
    url,
    server,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        // 'close' comes once the listener is closed and the last connection has ended.
        server.once('close', () => resolve());
        drain.start();
      })),
  };
}

function probeAnswer(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

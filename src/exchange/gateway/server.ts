/**
 * The gateway's own listener: a bare `node:http` server (or `node:https` with client
 * certificates when GATEWAY_TLS_CERT_FILE and GATEWAY_TLS_KEY_FILE are set) whose only request
 * listener is the pipeline runner. No framework sits on the hot path. It only listens: the
 * steps are built in `assemble.ts` and run by `pipeline.ts`.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Config } from '../../config/schema.ts';
import { clientErrorAnswer } from './client-error.ts';
import type { GatewayLogger } from './respond.ts';

export interface ListenOptions {
  config: Config;
  logger: GatewayLogger;
  /** The request listener, made once the gateway's public URL is known (`assemble.ts`). */
  listener: (url: string) => RequestListener;
}

export interface RunningGateway {
  url: string;
  server: Server;
  /** Stops accepting calls and waits for those in flight (idle keep-alive connections are closed). */
  close(): Promise<void>;
}

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
  const server: Server = tls
    ? createHttpsServer({
        cert: readFileSync(config.GATEWAY_TLS_CERT_FILE as string),
        key: readFileSync(config.GATEWAY_TLS_KEY_FILE as string),
        ...(config.GATEWAY_TLS_CA_FILE ? { ca: readFileSync(config.GATEWAY_TLS_CA_FILE) } : {}),
        requestCert: true,
        rejectUnauthorized: false,
      })
    : createHttpServer();
  // Slow-loris bounds: a head must arrive within 10 s, a whole request within 60 s.
  server.headersTimeout = 10_000;
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

  server.on('request', options.listener(url));
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
      (closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeIdleConnections();
      })),
  };
}

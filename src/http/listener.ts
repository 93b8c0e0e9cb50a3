/**
 * The portal and API listener: the Node server Fastify runs on, with slow-client bounds, and
 * problem documents for what is refused before a route sees it — by Fastify's router (a
 * malformed percent-encoding) or by Node's HTTP parser (a broken request line or header, a
 * head too large, a request that did not arrive in time). The gateway has its own listener
 * (src/exchange/gateway/server.ts) with the same bounds and X-Road error bodies instead.
 */
import { randomUUID } from 'node:crypto';
import { createServer, STATUS_CODES, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { Config } from '../config/schema.ts';
import { errorCatalog, type ErrorCode } from '../core/errors.ts';
import { problemType, sendProblem, toAppError } from './problem.ts';

type ListenerConfig = Pick<Config, 'API_HEADERS_TIMEOUT_MS' | 'API_REQUEST_TIMEOUT_MS' | 'API_IDLE_TIMEOUT_MS'>;

/** Node closes idle keep-alive connections after this; longer than the 60 s idle timeout of common load balancers, as the gateway. */
const KEEP_ALIVE_MS = 65_000;

/**
 * Whether the request line that broke the parser carries raw non-ASCII bytes: what `curl` sends
 * for `?q=استعلام` typed as it is. Browsers encode it; a person at a terminal needs to be told to.
 */
function unencodedRequestLine(raw: Buffer | undefined): boolean {
  if (raw === undefined) return false;
  const end = raw.indexOf(10);
  const line = end === -1 ? raw : raw.subarray(0, end);
  return line.some((byte) => byte >= 0x80);
}

/** What the parser's error means to a caller. */
function refusalOf(err: NodeJS.ErrnoException & { rawPacket?: Buffer }): ErrorCode {
  const code = err.code;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT' || code === 'HPE_HEADERS_TIMEOUT') return 'REQUEST_TIMEOUT';
  if (code === 'HPE_HEADER_OVERFLOW') return 'HEADERS_TOO_LARGE';
  if (unencodedRequestLine(err.rawPacket)) return 'URL_NOT_ENCODED';
  return 'MALFORMED_HTTP';
}

/** A whole HTTP/1.1 answer carrying the problem document, for a socket no request object owns. */
export function rawProblemAnswer(code: ErrorCode, requestId: string): string {
  const { status, title } = errorCatalog[code];
  const body = JSON.stringify({ type: problemType(code), title, status, detail: title, code, requestId });
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
    'Content-Type: application/problem+json; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    `X-Request-Id: ${requestId}\r\n` +
    'X-Content-Type-Options: nosniff\r\n' +
    'Connection: close\r\n\r\n' +
    body
  );
}

/** The answer in flight on a socket, if any (Node keeps it there while a request is handled). */
const inFlight = (socket: Socket) => (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;

/**
 * Node's `clientError`: the bytes could not be read as a request, or did not arrive in time.
 * Answered with a problem document and a request id of its own (there is no request to take
 * one from), then closed: what follows a broken head cannot be trusted to start a request.
 */
function answerClientError(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Socket): void {
  // As Node's own handler: nothing can be said on a dead socket, or after an answer on it began.
  if (err.code === 'ECONNRESET' || !socket.writable || inFlight(socket)?.headersSent) return void socket.destroy();
  const code = refusalOf(err);
  const requestId = randomUUID();
  this.log.info({ requestId, code, parserCode: err.code }, 'request refused before routing');
  socket.end(rawProblemAnswer(code, requestId));
  // A client that keeps the connection open (or keeps sending) after the answer loses it soon.
  setTimeout(() => socket.destroy(), 1000).unref();
}

/**
 * A connection on which nothing moved for API_IDLE_TIMEOUT_MS: a request still arriving is
 * refused as Node refuses one past its request timeout; an answer that stopped moving (a client
 * that stopped reading) or an idle keep-alive connection is closed; a request fully received
 * whose answer has not begun is our own handler's time, not the client's, and is left alone.
 */
function onIdle(server: ReturnType<typeof createServer>, socket: Socket): void {
  const response = inFlight(socket);
  if (response && !response.headersSent && response.req.complete) return;
  if (response && !response.headersSent) {
    server.emit('clientError', Object.assign(new Error('idle socket'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), socket);
    return;
  }
  socket.destroy();
}

/** Fastify's router refused the address (a broken percent-encoding, a parameter too long). */
function frameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const appError = toAppError(error);
  if (appError.code === 'INTERNAL') request.log.error({ err: error }, 'router error');
  else request.log.info({ code: appError.code, detail: error.message }, 'request refused before routing');
  // The app's onSend hooks do not run for a request no route took, so its headers are set here.
  void sendProblem(reply.header('x-request-id', request.id).header('x-content-type-options', 'nosniff'), request, appError);
}

/** Fastify options for the listener; `buildApp` spreads them into its own. */
export function listenerOptions(config: ListenerConfig): Pick<FastifyServerOptions, 'serverFactory' | 'clientErrorHandler' | 'frameworkErrors'> {
  // Node refuses a head timeout longer than the request timeout; the request bounds both.
  const headersTimeout = Math.min(config.API_HEADERS_TIMEOUT_MS, config.API_REQUEST_TIMEOUT_MS);
  const requestTimeout = config.API_REQUEST_TIMEOUT_MS;
  return {
    serverFactory: (handler) => {
      // Node checks the head and request timeouts on this interval (30 s unless told), so a
      // bound is kept to within a quarter of itself, and at least every second.
      const connectionsCheckingInterval = Math.max(25, Math.min(1000, Math.floor(headersTimeout / 4)));
      const server = createServer({ headersTimeout, requestTimeout, keepAliveTimeout: KEEP_ALIVE_MS, connectionsCheckingInterval }, handler);
      server.setTimeout(config.API_IDLE_TIMEOUT_MS, (socket: Socket) => onIdle(server, socket));
      return server;
    },
    clientErrorHandler: answerClientError as FastifyServerOptions['clientErrorHandler'],
    frameworkErrors: frameworkError as FastifyServerOptions['frameworkErrors'],
  };
}

/**
 * Gateway error answers: the X-Road error body and headers for a refused or failed call. The
 * answer is prepared (status and error type set on the call, so the log records them) before
 * the log append and written after it, so in durable mode no answer leaves before its record.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Config } from '../../config/schema.ts';
import { X_ROAD_ERROR_CONTENT_TYPE, X_ROAD_ERROR_HEADER, xroadCompatStatus, xroadErrorBody, xroadErrorStatus, type XRoadErrorType } from '../protocol/errors.ts';
import type { Exchange } from './exchange.ts';
import { GatewayFault } from './errors.ts';
import { protocolResponseHeaders } from './response-headers.ts';

export type ErrorStatuses = Config['GATEWAY_ERROR_STATUSES'];

/** What the server log needs; pino (Fastify's `app.log`) fits. */
export interface GatewayLogger {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** One JSON line on stderr, for when no logger is given. */
export const stderrLogger: GatewayLogger = {
  error: (obj, msg) => process.stderr.write(JSON.stringify({ level: 'error', msg, ...serialisable(obj) }) + '\n'),
  warn: (obj, msg) => process.stderr.write(JSON.stringify({ level: 'warn', msg, ...serialisable(obj) }) + '\n'),
};

function serialisable(obj: object): object {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v;
  return out;
}

export interface ErrorAnswer {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

export function errorStatus(type: XRoadErrorType, statuses: ErrorStatuses): number {
  return statuses === 'x-road' ? xroadCompatStatus(type) : xroadErrorStatus(type);
}

const INTERNAL_MESSAGE = 'The gateway could not process the request. Quote the detail when reporting it. / درگاه نتوانست درخواست را پردازش کند؛ هنگام گزارش، شناسهٔ detail را ذکر کنید.';

/**
 * Turns what a step threw into the answer. A `GatewayFault` keeps its code (the X-Road type) and
 * public message, and its private detail goes to the server log only; anything else is a fault: `Server.ClientProxy.InternalError` with a detail UUID that the server
 * log also carries next to the real error, and never the error's own text.
 */
export function prepareErrorAnswer(x: Exchange, error: unknown, statuses: ErrorStatuses, logger: GatewayLogger): ErrorAnswer {
  const detail = randomUUID();
  let type: XRoadErrorType;
  let message: string;
  let extra: Record<string, string> = {};
  if (error instanceof GatewayFault) {
    type = error.code;
    message = error.message;
    extra = error.headers;
    if (error.detail !== undefined) logger.warn({ detail, messageId: x.messageId, errorType: type, reason: error.detail }, 'gateway refused a call');
  } else {
    type = 'Server.ClientProxy.InternalError';
    message = INTERNAL_MESSAGE;
    logger.error({ detail, messageId: x.messageId, err: error }, 'gateway internal error');
  }
  const status = errorStatus(type, statuses);
  x.status = status;
  x.errorType = type;
  return errorAnswer(x, type, message, detail, status, extra);
}

export function errorAnswer(x: Exchange, type: XRoadErrorType, message: string, detail: string, status: number, extra: Record<string, string> = {}): ErrorAnswer {
  const body = Buffer.from(JSON.stringify(xroadErrorBody(type, message, detail)));
  const headers: [string, string][] = [['Content-Type', X_ROAD_ERROR_CONTENT_TYPE], [X_ROAD_ERROR_HEADER, type], ...protocolResponseHeaders(x)];
  for (const [name, value] of Object.entries(extra)) headers.push([name, value]);
  headers.push(['Content-Length', String(body.length)]);
  return { status, headers, body };
}

/** Ends a prepared answer: its head when not sent yet, and the held-back last chunk. */
export function endAnswer(x: Exchange): void {
  if (x.head !== undefined) x.res.writeHead(x.head.status, x.head.headers);
  x.res.end(x.finalChunk);
}

/**
 * Writes an error answer, replacing whatever headers a step had set but not sent. When the
 * head already left (a forward that failed mid-body), the only honest signal left is to cut
 * the connection, so the client cannot take a partial answer for a whole one.
 */
export function sendErrorAnswer(res: ServerResponse, answer: ErrorAnswer): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  for (const name of res.getHeaderNames()) res.removeHeader(name);
  res.writeHead(answer.status, answer.headers.flat());
  res.end(answer.body);
}

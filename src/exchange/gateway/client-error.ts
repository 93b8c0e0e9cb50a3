/**
 * What the gateway answers when Node's HTTP parser refuses a request before the pipeline sees
 * it (a malformed request line or header, a head too large, a head or body that did not arrive
 * in time): still an X-Road error — `X-Road-Error`, the JSON body with a detail UUID — so a
 * client sees the same shape for every refusal, then the connection closes, because the bytes
 * after a broken head cannot be trusted to start the next request.
 *
 * No exchange-log record: without a parsed head there is no client, service or message id to
 * record; the server log carries the detail UUID and Node's error code.
 */
import { randomUUID } from 'node:crypto';
import { xroadErrorBody, X_ROAD_ERROR_CONTENT_TYPE, X_ROAD_ERROR_HEADER } from '../protocol/errors.ts';
import type { ErrorStatuses } from './respond.ts';

interface Refusal {
  status: number;
  reason: string;
  message: string;
}

const TOO_LARGE: Refusal = {
  status: 431,
  reason: 'Request Header Fields Too Large',
  message: 'The request head is too large. / سرآیند درخواست بیش از اندازه بزرگ است.',
};
const TOO_SLOW: Refusal = {
  status: 408,
  reason: 'Request Timeout',
  message: 'The request did not arrive in time. / درخواست به‌موقع نرسید.',
};
const MALFORMED: Refusal = {
  status: 400,
  reason: 'Bad Request',
  message: 'The request is not well-formed HTTP. / درخواست، HTTP خوش‌ساخت نیست.',
};

function refusalFor(code: string | undefined): Refusal {
  if (code === 'HPE_HEADER_OVERFLOW') return TOO_LARGE;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT' || code === 'HPE_HEADERS_TIMEOUT') return TOO_SLOW;
  return MALFORMED;
}

/** The raw HTTP/1.1 answer to a request the parser refused, and the detail it carries. */
export function clientErrorAnswer(code: string | undefined, statuses: ErrorStatuses): { text: string; detail: string } {
  const refusal = refusalFor(code);
  const status = statuses === 'x-road' ? MALFORMED : refusal;
  const detail = randomUUID();
  const body = JSON.stringify(xroadErrorBody('Client.BadRequest', refusal.message, detail));
  const text =
    `HTTP/1.1 ${status.status} ${status.reason}\r\n` +
    `Content-Type: ${X_ROAD_ERROR_CONTENT_TYPE}\r\n` +
    `${X_ROAD_ERROR_HEADER}: Client.BadRequest\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'Connection: close\r\n\r\n' +
    body;
  return { text, detail };
}

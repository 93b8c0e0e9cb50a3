/**
 * forward: sends the call to the provider's upstream with undici and streams the answer back.
 *
 * - URL: the service's upstream base URL + the provider path as received (still percent-encoded,
 *   never decoded, so `%2F` and dot segments cannot climb out of the base path; parse refused
 *   them and whatever an upstream could normalise into them, and this step checks again with
 *   the same rule, `providerPathProblem`) + the query as received.
 * - Request: headers from `forwardRequestHeaders`; the body is streamed, never buffered, through
 *   a counter that enforces the service's `maxBodyBytes` (a larger Content-Length is refused
 *   before anything is sent; a stream that grows past it aborts the upstream request) and the
 *   request hasher, which gives `X-Road-Request-Hash`.
 * - Upstream: one keep-alive undici `Pool` per origin (`upstreams.ts`), the service's timeout as
 *   both headers and body timeout, and a circuit breaker per upstream. Redirects are never
 *   followed (undici's pools follow none; following one would send the consumer's request,
 *   X-Road headers and data subject to an address no access right was granted for): a 3xx
 *   passes to the consumer unmodified, `Location` included, as PR-REST §4.4 has it.
 * - Answer: the provider's status, headers (`filterResponseHeaders` + the gateway's X-Road
 *   headers) and body pass through unchanged, 4xx and 5xx included. undici hands the head and
 *   each body chunk to a dispatch handler (`Relay`) — no response stream, no promise per chunk,
 *   which is most of what a Node proxy spends per call besides the sockets. The body is written
 *   with backpressure (the handler pauses undici while the client is slow) and hashed as it
 *   goes (`x.responseHash`, the same SHA-512 construction as the request hash over the status,
 *   the headers sent and the body), EXCEPT its last chunk, which is left in `x.finalChunk`: the
 *   pipeline ends the response (`endAnswer`) once the log record is committed. The head is not
 *   sent until a second chunk arrives (until then it waits in `x.head`), so a short answer (one
 *   chunk, most JSON) is held entirely and a failure before then still gets a clean X-Road
 *   error. A refused answer (an unwritable header) aborts the upstream call, which
 *   costs that connection.
 *
 * Failures: timeout (headers or body) → `Server.ServerProxy.ServiceFailed.Timeout`; connection
 * refused, reset before the answer, DNS → `Server.ClientProxy.NetworkError`; reset or a broken
 * answer after the head arrived → `Server.ServerProxy.ServiceFailed`; breaker open →
 * `Server.ServerProxy.ServiceFailed.CircuitOpen` without trying. When part of the answer was
 * already sent to the client, an error answer is impossible: the client connection is destroyed
 * (so the client cannot take a partial answer for a whole one) and `x.status`/`x.errorType` say
 * what happened, for the log.
 *
 * Breaker: only timeouts and transport failures (network errors, a broken answer) count toward
 * opening it. A 5xx is the provider's answer, passed on unchanged, and counts as a success: it
 * proves the upstream is reachable, and what makes a provider fail is often the request itself,
 * so counting it would let one consumer that sends such requests pause the service for every
 * consumer (the breaker is per upstream, shared by all of them).
 */
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { createMessageHasher, createRequestHasher, serializeResponseHead, type MessageHasher } from '../protocol/hash.ts';
import { filterResponseHeaders, forwardRequestHeaders, headersToRaw, validateHeaders } from '../protocol/headers.ts';
import { providerPathProblem } from '../protocol/provider-path.ts';
import type { XRoadErrorType } from '../protocol/errors.ts';
import { upstreamErrorType } from './upstream-errors.ts';
import { REFUSED, type BreakerOptions, type BreakerStatus } from './circuit-breaker.ts';
import type { Exchange, Step } from './exchange.ts';
import { GatewayError } from './errors.ts';
import { protocolResponseHeaders } from './response-headers.ts';
import { UnusableUpstreamError, Upstreams, type BreakerObserver, type Upstream } from './upstreams.ts';

export interface ForwarderOptions {
  /** Most keep-alive connections to one upstream origin. Default 128. */
  maxConnectionsPerUpstream?: number;
  /** Default: 5 consecutive failures open the breaker for 10 s. */
  breaker?: BreakerOptions;
  /** Longest wait for a connection (capped by the service's timeout). Default 5 s. */
  connectTimeoutMs?: number;
  /** Milliseconds, for the breakers; injected by tests. */
  now?: () => number;
  /** Told of every breaker state change (`ExchangeMetrics` fits). */
  metrics?: BreakerObserver;
}

export interface Forwarder {
  step: Step;
  /** Waits for calls in flight, then closes the upstream connections. */
  close(): Promise<void>;
  /** One entry per upstream base URL used so far, for metrics and the operator. */
  breakerStates(): Array<{ upstream: string } & BreakerStatus>;
}

const EMPTY = Buffer.alloc(0);

/**
 * Sent with a refused oversize body: the rest of it is still on its way, and closing the
 * connection after the answer spares the server reading (and discarding) all of it.
 */
const CLOSE: Readonly<Record<string, string>> = Object.freeze({ Connection: 'close' });

/** Messages are public: they describe the call, never upstream error text. */
const MESSAGES = {
  tooLarge: 'The request body is larger than this service accepts. / بدنهٔ درخواست از حد مجاز این خدمت بزرگ‌تر است.',
  timeout: 'The service did not answer in time. / خدمت در زمان مقرر پاسخ نداد.',
  network: 'The service could not be reached. / دسترسی به خدمت ممکن نشد.',
  failed: 'The service’s answer could not be received completely. / پاسخ خدمت به‌طور کامل دریافت نشد.',
  unreadable: 'The service’s answer could not be read. / پاسخ خدمت خوانا نبود.',
  circuitOpen: 'The service is failing and calls to it are paused for a moment; retry later. / خدمت دچار خطاست و فراخوانی آن برای مدتی متوقف شده است؛ بعداً تلاش کنید.',
  unusable: 'The service’s upstream address is misconfigured. / نشانی سامانهٔ ارائه‌دهندهٔ این خدمت نادرست پیکربندی شده است.',
  unregistered: 'The service’s backend address is not registered for its provider. / نشانی سامانهٔ ارائه‌دهنده برای این عضو ثبت نشده است.',
  badPath: 'The provider path is not allowed. / مسیر درخواست‌شده مجاز نیست.',
  clientBody: 'The request body was not received completely. / بدنهٔ درخواست به‌طور کامل دریافت نشد.',
} as const;

/** Thrown inside the request body stream; identified by identity, not by message. */
class BodyLimitError extends Error {}
class ClientBodyError extends Error {}

export function upstreamPath(basePath: string, providerPath: string, query: string | undefined): string {
  // parse refused these already (the same rule, provider-path.ts); this step does not trust that it ran.
  if (providerPathProblem(providerPath) !== null) {
    throw new GatewayError('Client.BadRequest', MESSAGES.badPath);
  }
  const path = basePath + providerPath;
  return (path === '' ? '/' : path) + (query === undefined ? '' : '?' + query);
}

/**
 * The request body on its way to the upstream: counted against the limit and hashed, chunk by
 * chunk, with undici pulling (so a slow upstream slows the client down, not memory up).
 */
class RequestBody implements AsyncIterable<Buffer> {
  bytes = 0;
  /** All of the body was read (and hashed). */
  complete = false;
  error: BodyLimitError | ClientBodyError | undefined;
  #hashing = true;

  constructor(
    private readonly req: IncomingMessage,
    private readonly limit: number,
    private readonly hasher: MessageHasher,
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<Buffer> {
    try {
      // Leaving early must not destroy the client's request: that would cut the connection the
      // 413 answer has to go out on.
      for await (const chunk of this.req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
        this.bytes += chunk.length;
        if (this.bytes > this.limit) throw (this.error = new BodyLimitError());
        if (this.#hashing) this.hasher.update(chunk);
        yield chunk;
      }
    } catch (e) {
      if (this.error === undefined) this.error = new ClientBodyError('the client request body failed', { cause: e });
      throw this.error;
    }
    this.complete = true;
  }

  /** The hash of what was read; later chunks (an upstream that answered early) are not hashed. */
  digest(): string {
    this.#hashing = false;
    return this.hasher.digest();
  }
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return length !== '0';
  return req.headers['transfer-encoding'] !== undefined;
}

function messageFor(type: XRoadErrorType): string {
  switch (type) {
    case 'Server.ServerProxy.ServiceFailed.Timeout':
      return MESSAGES.timeout;
    case 'Server.ClientProxy.NetworkError':
      return MESSAGES.network;
    default:
      return MESSAGES.failed;
  }
}

/** undici's header record (names lower-cased, repeated headers as arrays) as an ordered list. */
function headerList(record: Record<string, string | string[] | undefined>): Array<readonly [string, string]> {
  const out: Array<readonly [string, string]> = [];
  for (const name in record) {
    const value = record[name];
    if (value === undefined) continue;
    if (typeof value === 'string') out.push([name, value]);
    else for (const v of value) out.push([name, v]);
  }
  return out;
}

/** Our own reasons for aborting an upstream call; never blamed on the provider. */
class RelayAbort extends Error {}

/**
 * One upstream call as an undici dispatch handler: no response stream, no promise per chunk —
 * undici hands the head and each chunk straight to these callbacks, and backpressure is the
 * controller's pause/resume. Settles `done` exactly once; `x` holds the outcome.
 */
class Relay implements Dispatcher.DispatchHandler {
  #settled = false;
  /** The upstream's head (status ≥ 200) has arrived. */
  #answered = false;
  #status = 0;
  #head: string[] = [];
  #sent = false;
  #held: Buffer | undefined;
  #hasher: MessageHasher | undefined;

  constructor(
    private readonly x: Exchange,
    private readonly upstream: Upstream,
    private readonly ticket: number,
    private readonly body: RequestBody | undefined,
    private readonly requestHasher: MessageHasher,
    private readonly done: { resolve: () => void; reject: (e: unknown) => void },
  ) {}

  /** undici tells the handler APIs apart by this method, so it must exist even with nothing to do. */
  onRequestStart(): void {}

  onResponseStart(controller: Dispatcher.DispatchController, status: number, record: Record<string, string | string[] | undefined>): void {
    // 1xx informational heads are not the answer.
    if (status < 200 || this.#settled) return;
    this.#answered = true;
    const x = this.x;
    x.requestHash = this.body === undefined ? this.requestHasher.digest() : this.body.digest();
    let headers: Array<readonly [string, string]>;
    try {
      headers = filterResponseHeaders(headerList(record));
      // A value Node would refuse to write (a control character) makes the answer unusable.
      if (!validateHeaders(headers).ok) throw new GatewayError('Server.ServerProxy.ServiceFailed', MESSAGES.unreadable);
      for (const h of protocolResponseHeaders(x)) headers.push(h);
    } catch (e) {
      this.#settle(e, 'release');
      controller.abort(new RelayAbort('the answer is refused'));
      return;
    }
    this.#status = status;
    this.#head = headersToRaw(headers);
    this.#hasher = createMessageHasher(serializeResponseHead(status, headers));
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#settled) return;
    this.#hasher!.update(chunk);
    const held = this.#held;
    this.#held = chunk;
    if (held === undefined) return;
    const res = this.x.res;
    if (!this.#sent) {
      res.writeHead(this.#status, this.#head);
      this.#sent = true;
    }
    if (!res.destroyed && res.write(held)) return;
    if (res.destroyed) return this.#clientGone(controller);
    controller.pause();
    const resume = () => {
      res.off('drain', resume);
      res.off('close', resume);
      if (res.destroyed) this.#clientGone(controller);
      else controller.resume();
    };
    res.on('drain', resume);
    res.on('close', resume);
  }

  onResponseEnd(): void {
    if (this.#settled) return;
    const x = this.x;
    x.status = this.#status;
    x.responseHash = this.#hasher!.digest();
    x.finalChunk = this.#held ?? EMPTY;
    if (!this.#sent) x.head = { status: this.#status, headers: this.#head };
    this.#settle(undefined, 'success');
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, e: Error): void {
    if (this.#settled) return;
    const x = this.x;
    if (!this.#answered) {
      const body = this.body;
      if (body === undefined) x.requestHash = this.requestHasher.digest();
      else if (body.complete) x.requestHash = body.digest();
      if (body?.error !== undefined) {
        if (body.error instanceof BodyLimitError) return this.#settle(new GatewayError('Client.RequestTooLarge', MESSAGES.tooLarge, CLOSE), 'release');
        return this.#settle(new GatewayError('Client.BadRequest', MESSAGES.clientBody), 'release');
      }
    }
    const type = e instanceof RelayAbort ? undefined : upstreamErrorType(e, this.#answered);
    // Not an upstream failure: a bug of ours, which must surface as an internal error.
    if (type === undefined) return this.#settle(e, 'release');
    if (!this.#sent) return this.#settle(new GatewayError(type, messageFor(type)), 'failure');
    // Part of the answer is out: cut the client connection so it cannot take it for a whole one.
    x.res.destroy();
    x.status = this.#status;
    x.errorType = type;
    x.finalChunk = EMPTY;
    this.#settle(undefined, 'failure');
  }

  /** The client went away mid-answer: stop reading from the upstream. */
  #clientGone(controller: Dispatcher.DispatchController): void {
    if (this.#settled) return;
    this.x.status = this.#status;
    this.x.finalChunk = EMPTY;
    this.#settle(undefined, 'release');
    controller.abort(new RelayAbort('the client went away'));
  }

  #settle(error: unknown, outcome: 'success' | 'failure' | 'release'): void {
    this.#settled = true;
    const breaker = this.upstream.breaker;
    if (outcome === 'success') breaker.success(this.ticket);
    else if (outcome === 'failure') breaker.failure(this.ticket);
    else breaker.release(this.ticket);
    if (error === undefined) this.done.resolve();
    else this.done.reject(error);
  }
}

export function createForwarder(options: ForwarderOptions = {}): Forwarder {
  const upstreams = new Upstreams(options);

  function upstreamFor(service: { upstreamUrl: string; timeoutMs: number }, internalAddresses: readonly string[]): Upstream {
    try {
      return upstreams.get(service.upstreamUrl, service.timeoutMs, internalAddresses);
    } catch (e) {
      if (e instanceof UnusableUpstreamError) throw new GatewayError('Server.ServerProxy.ServiceFailed', MESSAGES.unusable);
      throw e;
    }
  }

  function forward(x: Exchange): Promise<void> {
    const target = x.target;
    const entry = x.service;
    const consumer = x.consumer;
    if (target?.kind !== 'service' || entry === undefined || consumer === undefined) throw new Error('forward runs after parse, authenticate and resolve');
    const service = entry.service;
    const req = x.req;
    // resolve refused it already; this step does not trust that it ran.
    if (entry.registration === undefined) throw new GatewayError('Server.ServerProxy.ServiceDisabled', MESSAGES.unregistered);
    const upstream = upstreamFor(service, entry.registration.internalAddresses);
    const path = upstreamPath(upstream.basePath, target.path, target.query);

    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > service.maxBodyBytes) throw new GatewayError('Client.RequestTooLarge', MESSAGES.tooLarge, CLOSE);

    const forwarded = forwardRequestHeaders(x.headers, { client: consumer.id, messageId: x.messageId, requestId: x.requestId, consumed: x.credentialHeaders });
    if (!forwarded.ok) throw new GatewayError(forwarded.error.errorType, forwarded.error.message);
    const method = req.method ?? 'GET';
    const hasher = createRequestHasher(method, req.url ?? '', forwarded.value);
    const body = hasBody(req) ? new RequestBody(req, service.maxBodyBytes, hasher) : undefined;

    const ticket = upstream.breaker.acquire();
    if (ticket === REFUSED) {
      // Without a body the hash is complete already; a body that was never read has none.
      if (body === undefined) x.requestHash = hasher.digest();
      throw new GatewayError('Server.ServerProxy.ServiceFailed.CircuitOpen', MESSAGES.circuitOpen);
    }

    return new Promise<void>((resolve, reject) => {
      const relay = new Relay(x, upstream, ticket, body, hasher, { resolve, reject });
      upstream.pool.dispatch(
        {
          path,
          method: method as Dispatcher.HttpMethod,
          headers: headersToRaw(forwarded.value),
          // undici takes any async iterable as a body (its typings list only streams).
          body: (body ?? null) as Readable | null,
          headersTimeout: service.timeoutMs,
          bodyTimeout: service.timeoutMs,
        },
        relay,
      );
    });
  }

  return {
    step: forward,
    close: () => upstreams.close(),
    breakerStates: () => upstreams.breakerStates(),
  };
}

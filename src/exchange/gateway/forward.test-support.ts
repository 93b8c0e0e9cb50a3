/**
 * The forward step's test harness: a tiny upstream whose behaviour each test sets, and a front
 * server that runs the step the way the pipeline does — build x, run forward, then end the
 * response with x.finalChunk.
 */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createForwarder, type Forwarder } from './forward.ts';
import type { Exchange } from './exchange.ts';
import { GatewayError } from './errors.ts';
import { headersFromRaw } from '../protocol/headers.ts';
import { parseR1Target } from '../protocol/identifiers.ts';
import { xroadErrorStatus } from '../protocol/errors.ts';
import { endAnswer } from './respond.ts';
import type { ServiceEntry, SubsystemEntry } from '../snapshot/index.ts';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

export const upstream = { handler: (() => {}) as Handler, hits: 0, port: 0, server: undefined as Server | undefined };

export const consumer = {
  id: { instance: 'IR', memberClass: 'GOV', memberCode: '1111', subsystemCode: 'app' },
  key: 'IR/GOV/1111/app',
} as unknown as SubsystemEntry;

/** The consumer a call's `X-Road-Client` names (authenticate's job in the pipeline); `consumer` by default. */
function consumerOf(header: string | undefined): SubsystemEntry {
  if (header === undefined || header === consumer.key) return consumer;
  const [instance, memberClass, memberCode, subsystemCode] = header.split('/');
  return { id: { instance, memberClass, memberCode, subsystemCode }, key: header } as unknown as SubsystemEntry;
}

export function serviceEntry(over: Partial<{ upstreamUrl: string; timeoutMs: number; maxBodyBytes: number }> = {}): ServiceEntry {
  return {
    service: { upstreamUrl: `http://127.0.0.1:${upstream.port}/api/v1/`, timeoutMs: 2000, maxBodyBytes: 1_000_000, ...over },
    id: { instance: 'IR', memberClass: 'GOV', memberCode: '2222', subsystemCode: 'reg', serviceCode: 'person' },
    key: 'IR/GOV/2222/reg/person',
    // The test upstream listens on loopback: the operator allowed exactly that address.
    registration: { id: 1, internalAddresses: ['127.0.0.1'] },
  } as unknown as ServiceEntry;
}

export interface Front {
  url: string;
  forwarder: Forwarder;
  /** The last call's state after the step, and whether the step left the response open. */
  last?: { x: Exchange; error?: unknown; leftOpen: boolean };
  service: ServiceEntry;
  close(): Promise<void>;
}

export async function front(forwarder: Forwarder, service: () => ServiceEntry): Promise<Front> {
  const f = { forwarder } as Front;
  const server = createServer((req, res) => {
    const x: Exchange = {
      req,
      res,
      messageId: 'msg-' + randomUUID(),
      requestId: randomUUID(),
      receivedAt: new Date(),
      startedNs: process.hrtime.bigint(),
      snapshot: undefined as never,
      headers: headersFromRaw(req.rawHeaders),
      consumer: consumerOf(req.headers['x-road-client'] as string | undefined),
      service: service(),
    };
    const t = parseR1Target(req.url ?? '');
    assert.ok(t.ok);
    x.target = t.value;
    new Promise<void>((resolve) => resolve(forwarder.step(x))).then(
      () => {
        f.last = { x, leftOpen: !res.writableEnded };
        endAnswer(x);
      },
      (error: unknown) => {
        f.last = { x, error, leftOpen: !res.writableEnded };
        if (res.headersSent) return void res.destroy();
        const type = error instanceof GatewayError ? error.type : 'Server.ClientProxy.InternalError';
        const extra = error instanceof GatewayError ? error.headers : {};
        res.writeHead(xroadErrorStatus(type), { 'content-type': 'application/json', 'x-road-error': type, ...extra });
        res.end(JSON.stringify({ type }));
      },
    );
  });
  const port = await listen(server);
  f.url = `http://127.0.0.1:${port}`;
  f.close = async () => {
    await closeServer(server);
    await forwarder.close();
  };
  return f;
}

export interface Reply {
  status: number;
  headers: IncomingMessage['headers'];
  rawHeaders: string[];
  body: Buffer;
}

/** A plain HTTP client on a fresh connection; rejects when the gateway cuts the connection. */
export function call(base: string, path: string, o: { method?: string; headers?: Record<string, string>; body?: Buffer | Buffer[]; beforeRest?: Promise<void> } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(base + path, { method: o.method ?? 'GET', headers: { 'X-Road-Client': 'IR/GOV/1111/app', ...o.headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
      res.on('error', reject);
      res.on('aborted', () => reject(new Error('response aborted')));
    });
    req.on('error', reject);
    if (Array.isArray(o.body)) {
      const [first, ...rest] = o.body;
      req.write(first);
      void (o.beforeRest ?? Promise.resolve()).then(() => {
        for (const c of rest) req.write(c);
        req.end();
      });
    } else req.end(o.body);
  });
}

export const PATH = '/r1/IR/GOV/2222/reg/person';
/** The shared front for a test file (read through the live binding); set by `useForwardHarness`. */
export let f: Front;
const clock = 0;

/** Registers the file's hooks: one upstream whose behaviour each test sets, one front before it. */
export function useForwardHarness(): void {
  before(async () => {
    upstream.server = createServer((req, res) => {
      upstream.hits++;
      upstream.handler(req, res);
    });
    upstream.port = await listen(upstream.server);
    f = await front(createForwarder({ maxConnectionsPerUpstream: 4, breaker: { failureThreshold: 1000, openMs: 1000 }, now: () => clock }), () => f.service);
    f.service = serviceEntry();
  });

  after(async () => {
    await f.close();
    if (upstream.server) await closeServer(upstream.server);
  });
}

export function use(handler: Handler, service = serviceEntry()): void {
  upstream.handler = handler;
  upstream.hits = 0;
  f.service = service;
  f.last = undefined;
}

// ---------------------------------------------------------------------------------------------

export async function waitFor(cond: () => boolean, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

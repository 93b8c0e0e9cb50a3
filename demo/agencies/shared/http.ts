/**
 * Serves one reference agency over plain node:http: JSON in and out, no framework, so these
 * stand-ins behave like an arbitrary foreign system and share nothing with OneWindow's stack.
 *
 * Every answer is JSON; bad input is a 400, unknown paths and records a 404, other methods a
 * 405, and an unexpected exception a 500 without details (never a stack trace to a caller).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ReferenceAgency, Reply, Route } from './agency.ts';
import { badRequest, notFound } from './agency.ts';
import { demoDelay, readDemoFault } from './demo-faults.ts';

export interface AgencyServerOptions {
  /** Honour the demo-only fault knobs (see demo-faults.ts). Default true. */
  allowDemoFaults?: boolean;
}

type Match = { route: Route; params: Record<string, string> } | 'no-path' | 'bad-encoding';

function matchRoute(routes: readonly Route[], pathname: string): Match {
  const segments = pathname.split('/');
  for (const route of routes) {
    const template = route.path.split('/');
    if (template.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let matched = true;
    for (let i = 0; i < template.length && matched; i++) {
      const t = template[i] ?? '';
      const s = segments[i] ?? '';
      if (t.startsWith('{') && t.endsWith('}')) {
        try {
          params[t.slice(1, -1)] = decodeURIComponent(s);
        } catch {
          return 'bad-encoding';
        }
        matched = s.length > 0;
      } else matched = t === s;
    }
    if (matched) return { route, params };
  }
  return 'no-path';
}

function send(res: ServerResponse, reply: Reply, head: boolean, extra: Record<string, string> = {}): void {
  // A client that went away, or a failure after the answer started, leaves nothing to send.
  if (res.destroyed || res.headersSent) return;
  const body = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    ...extra,
  });
  res.end(head ? undefined : body);
}

function documentFor(agency: ReferenceAgency, req: IncomingMessage): unknown {
  // Advertise the address the caller actually reached, so a fetched document is usable as is.
  const { localAddress = '127.0.0.1', localPort } = req.socket;
  const host = localAddress.includes(':') ? `[${localAddress}]` : localAddress;
  return { ...agency.openapi, servers: [{ url: `http://${host}:${localPort}` }] };
}

function answer(agency: ReferenceAgency, req: IncomingMessage, url: URL): Reply {
  if (url.pathname === '/openapi.json') return { status: 200, body: documentFor(agency, req) };
  const match = matchRoute(agency.routes, url.pathname);
  if (match === 'no-path') return notFound('not_found', `No such endpoint: ${url.pathname}`);
  if (match === 'bad-encoding') return badRequest('malformed_path', 'The path is not valid percent-encoding.');
  return match.route.handle({ params: match.params, query: url.searchParams });
}

async function handle(agency: ReferenceAgency, options: AgencyServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const head = req.method === 'HEAD';
  if (req.method !== 'GET' && !head) {
    // Every reference endpoint is a read-only inquiry.
    send(res, { status: 405, body: { error: 'method_not_allowed', message: 'Only GET and HEAD are supported.' } }, false, { allow: 'GET, HEAD' });
    return;
  }
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://reference.invalid');
  } catch {
    return send(res, badRequest('malformed_url', 'The request target is not a valid URL.'), head);
  }
  if (options.allowDemoFaults !== false) {
    const reading = readDemoFault(req.headers, url.searchParams);
    if (!reading.ok) return send(res, reading.reply, head);
    await demoDelay(reading.fault.delayMs, res);
    if (reading.fault.fail === 'reset') {
      req.socket.destroy();
      return;
    }
    if (reading.fault.fail === '500') {
      return send(res, { status: 500, body: { error: 'demo_failure', message: 'Failure requested with X-Demo-Fail (demo only).' } }, head);
    }
  }
  send(res, answer(agency, req, url), head);
}

/** An HTTP server for `agency`, not yet listening. */
export function createAgencyServer(agency: ReferenceAgency, options: AgencyServerOptions = {}): Server {
  return createServer((req, res) => {
    handle(agency, options, req, res).catch(() => {
      send(res, { status: 500, body: { error: 'internal_error', message: 'The reference service failed unexpectedly.' } }, false);
    });
  });
}

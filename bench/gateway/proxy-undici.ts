// Contender: the bare Node proxy — node:http in front, one undici keep-alive Pool to the
// upstream, hop-by-hop headers dropped, bodies streamed. No routing, no checks, no log: the
// floor under any proxy written in Node.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { pipeline } from 'node:stream';
import { Pool } from 'undici';
import { announce, argument } from './child.ts';

const upstream = argument('upstream');
const pool = new Pool(upstream, { connections: 128, pipelining: 1, keepAliveTimeout: 60_000 });
const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host']);

function forwardable(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !hopByHop.has(name)) out[name] = value;
  return out;
}

const server = createServer((req, res) => {
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  pool.request({ method: req.method as 'GET', path: req.url ?? '/', headers: forwardable(req.headers), body: hasBody ? req : null }).then(
    (response) => {
      const headers: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(response.headers)) if (value !== undefined && !hopByHop.has(name)) headers[name] = value;
      res.writeHead(response.statusCode, headers);
      pipeline(response.body, res, () => undefined);
    },
    () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('bad gateway');
    },
  );
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => announce(server, () => pool.close()));

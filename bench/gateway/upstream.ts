// The benchmark's upstream: the smallest keep-alive HTTP service answering a fixed JSON body
// for `GET /persons/{code}`, so every contender in front of it is measured, not the upstream.
import { createServer } from 'node:http';
import { announce } from './child.ts';

const body = Buffer.from(JSON.stringify({ nationalCode: '0000000000', firstName: 'Sara', lastName: 'Ahmadi', birthDate: '1990-03-21', alive: true }));
const pattern = /^\/persons\/(\d{10})$/;

const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  const match = req.method === 'GET' && req.url ? pattern.exec(req.url) : null;
  // Drain whatever the request carries; there is none for a GET, but a proxy could send some.
  req.resume();
  if (!match) {
    res.writeHead(404, { 'content-type': 'application/json', 'content-length': 2 }).end('{}');
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
});
server.keepAliveTimeout = 60_000;
server.headersTimeout = 65_000;
server.listen(0, '127.0.0.1', () => announce(server));

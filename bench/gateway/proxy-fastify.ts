// Contender: @fastify/http-proxy (Fastify + @fastify/reply-from over undici), as its README
// sets it up, logging off.
import Fastify from 'fastify';
import proxy from '@fastify/http-proxy';
import type { Server } from 'node:http';
import { announce, argument } from './child.ts';

const app = Fastify({ logger: false, keepAliveTimeout: 60_000 });
await app.register(proxy, { upstream: argument('upstream'), prefix: '/', undici: { connections: 128, pipelining: 1, keepAliveTimeout: 60_000 } });
await app.listen({ port: 0, host: '127.0.0.1' });
announce(app.server as Server, () => app.close());

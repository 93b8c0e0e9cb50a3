import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeExchange, HEALTH_KEY, MemoryLogger } from '../../../test/support/gateway.ts';
import { GatewayError, RefusalWithReason } from './errors.ts';
import { parse } from './parse.ts';
import { errorStatus, prepareErrorAnswer } from './respond.ts';
import { protocolResponseHeaders } from './response-headers.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function parsedCall() {
  const x = fakeExchange({ url: '/r1/IR/GOV/CIVIL/registry/persons/persons/1', headers: [['X-Road-Client', HEALTH_KEY], ['X-Road-Id', 'm-1']] });
  parse(x);
  return x;
}

test('a refusal: X-Road body, X-Road-Error, the real server’s content type, protocol headers, informative status', () => {
  const x = parsedCall();
  const a = prepareErrorAnswer(x, new GatewayError('Server.ServerProxy.AccessDenied', 'no right', { 'Retry-After': '3' }), 'informative', new MemoryLogger());
  assert.equal(a.status, 403);
  assert.equal(x.status, 403);
  assert.equal(x.errorType, 'Server.ServerProxy.AccessDenied');
  const h = new Map(a.headers.map(([k, v]) => [k.toLowerCase(), v]));
  assert.equal(h.get('content-type'), 'application/json;charset=utf-8');
  assert.equal(h.get('x-road-error'), 'Server.ServerProxy.AccessDenied');
  assert.equal(h.get('x-road-client'), HEALTH_KEY);
  assert.equal(h.get('x-road-service'), 'IR/GOV/CIVIL/registry/persons');
  assert.equal(h.get('x-road-id'), 'm-1');
  assert.equal(h.get('x-road-request-id'), 'generated-id');
  assert.equal(h.get('retry-after'), '3');
  assert.equal(h.get('content-length'), String(a.body.length));
  const body = JSON.parse(String(a.body));
  assert.deepEqual(Object.keys(body), ['type', 'message', 'detail']);
  assert.match(body.detail, UUID);
});

test('x-road statuses: 500 for Server.*, 400 for the rest', () => {
  assert.equal(errorStatus('Server.ServerProxy.AccessDenied', 'x-road'), 500);
  assert.equal(errorStatus('Client.InvalidHttpMethod', 'x-road'), 400);
  assert.equal(errorStatus('Client.InvalidHttpMethod', 'informative'), 405);
});

test('a fault becomes InternalError; its text and stack stay in the server log under the detail UUID', () => {
  const x = parsedCall();
  const logger = new MemoryLogger();
  const a = prepareErrorAnswer(x, new Error('connect ECONNREFUSED 10.0.0.5:9000'), 'informative', logger);
  assert.equal(a.status, 500);
  const text = String(a.body);
  assert.ok(!text.includes('10.0.0.5') && !text.includes('at '), text);
  const body = JSON.parse(text);
  assert.equal(body.type, 'Server.ClientProxy.InternalError');
  assert.equal(logger.lines[0]?.obj.detail, body.detail);
  assert.equal((logger.lines[0]?.obj.err as Error).message, 'connect ECONNREFUSED 10.0.0.5:9000');
});

test('a refusal’s private reason goes to the server log, not to the caller', () => {
  const x = parsedCall();
  const logger = new MemoryLogger();
  const a = prepareErrorAnswer(x, new RefusalWithReason('Server.ClientProxy.SslAuthenticationFailed', 'authentication failed', 'unknown_key'), 'informative', logger);
  assert.ok(!String(a.body).includes('unknown_key'));
  assert.equal(logger.lines[0]?.obj.reason, 'unknown_key');
});

test('protocolResponseHeaders: the authenticated consumer wins over the claimed one; the hash when known', () => {
  const x = parsedCall();
  x.requestHash = 'abc=';
  assert.deepEqual(protocolResponseHeaders(x), [
    ['X-Road-Client', HEALTH_KEY],
    ['X-Road-Service', 'IR/GOV/CIVIL/registry/persons'],
    ['X-Road-Id', 'm-1'],
    ['X-Road-Request-Id', 'generated-id'],
    ['X-Road-Request-Hash', 'abc='],
  ]);
  const bare = fakeExchange({ url: '/nothing' });
  assert.deepEqual(protocolResponseHeaders(bare), [['X-Road-Id', 'generated-id'], ['X-Road-Request-Id', 'generated-id']]);
});

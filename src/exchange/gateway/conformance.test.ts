/**
 * Conformance with the public standards, end to end through real sockets: a gateway with the
 * real forwarder in front of a recording upstream. Each test names the clause it checks
 * (PR-REST = X-Road message protocol for REST r1, PR-META / PR-MREST = X-Road service metadata
 * protocols, GovStack IM = the Information Mediator directory API; shared/specs/README.md).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, get, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { EDU_KEY, HEALTH_KEY, SECRETS, secretCredentials, startTestGateway, SUBSYSTEM_IDS, testServices, testSigner, testSnapshot, TestSource, type TestGateway, type TestSigner } from '../../../test/support/gateway.ts';
import { createForwarder, type Forwarder } from './forward.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SHA512_BASE64 = /^[A-Za-z0-9+/]{86}==$/;

let upstream: Server;
let seen: { method: string; url: string; headers: IncomingMessage['headers']; raw: string[]; body: string } | undefined;
let reply: (res: ServerResponse) => void;
let forwarder: Forwarder;
let gw: TestGateway;
let eduSigner: TestSigner;

before(async () => {
  upstream = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, raw: req.rawHeaders, body };
      reply(res);
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const { port } = upstream.address() as AddressInfo;
  const services = testServices.map((s) => ({ ...s, upstreamUrl: `http://127.0.0.1:${port}/api` }));
  forwarder = createForwarder();
  eduSigner = await testSigner(SUBSYSTEM_IDS.edu);
  const credentials = [...secretCredentials, eduSigner.credential];
  gw = await startTestGateway({ source: new TestSource(testSnapshot({ services, credentials, upstreams: [{ id: 1, agencyCode: 'CIVIL', urlPrefix: `http://127.0.0.1:${port}/`, internalAddresses: ['127.0.0.1'], revokedAt: null }] })), forward: forwarder.step, env: { GATEWAY_SHARED_SECRETS: 'true' } });
});
after(async () => {
  await gw.close();
  await forwarder.close();
  upstream.closeAllConnections();
  await new Promise<void>((r) => upstream.close(() => r()));
});

/** EDU holds a right on all of `status` (a REST service) and on `GET /persons/{nationalCode}`. */
const EDU = { 'X-Road-Client': EDU_KEY, 'X-OneWindow-Client-Secret': SECRETS.edu };
const STATUS = '/r1/IR/GOV/CIVIL/registry/status';

async function call(path: string, headers: Record<string, string> = {}, method = 'GET', body?: string) {
  seen = undefined;
  const res = await request(gw.url + path, { method: method as 'GET', headers, ...(body === undefined ? {} : { body }) });
  const text = await res.body.text();
  const h = (name: string) => {
    const v = res.headers[name];
    return Array.isArray(v) ? v.join(', ') : v;
  };
  return { status: res.statusCode, h, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

function okJson(res: ServerResponse): void {
  res.setHeader('Content-Type', 'application/json');
  res.end('{"ok":true}');
}

test('PR-REST 4.1, 4.2, 4.5: the service path and query reach the provider unmodified; identifier parts are decoded one by one', async () => {
  reply = okJson;
  const r = await call('/r1/IR/GOV/CIV%49L/registry/status/v1/bar/%C3%A9%20x/?quu=1&quu=2&e=%2F%26&flag', EDU);
  assert.equal(r.status, 200, r.text);
  assert.equal(seen?.url, '/api/v1/bar/%C3%A9%20x/?quu=1&quu=2&e=%2F%26&flag');
  assert.equal(r.h('x-road-service'), 'IR/GOV/CIVIL/registry/status');
  const bare = await call(STATUS, EDU);
  assert.equal(bare.status, 200);
  assert.equal(seen?.url, '/api', 'no path after the service code: the service URL itself');
});

test('PR-REST 4.3: what the provider sees of the request headers', async () => {
  reply = okJson;
  const r = await call(
    STATUS + '/x',
    {
      ...EDU,
      'X-Road-Id': 'msg-4-3',
      'X-Road-UserId': 'IR0012345679',
      'X-Road-Issue': 'MT324223MSD',
      'X-Road-Represented-Party': 'COM/10101010101',
      'X-Road-Service': 'IR/GOV/CIVIL/registry/forged',
      'X-Road-Request-Hash': 'forged',
      'X-Road-Error': 'forged',
      'X-Road-Trace': 'extension header',
      'X-Powered-By': 'PHP/5.2.17',
      'Content-Type': 'application/json; charset=utf-8',
      Accept: 'application/xml',
      'Cache-Control': 'no-cache, no-store, must-revalidate',
      Pragma: 'no-cache',
      'User-Agent': 'consumer/1.0',
      'Proxy-Authorization': 'Basic eA==',
    },
    'POST',
    '{"q":1}',
  );
  assert.equal(r.status, 200, r.text);
  const h = seen?.headers ?? {};
  assert.equal(seen?.method, 'POST');
  assert.equal(seen?.body, '{"q":1}');
  // written by the gateway
  assert.equal(h['x-road-client'], EDU_KEY);
  assert.equal(h['x-road-id'], 'msg-4-3');
  assert.match(String(h['x-road-request-id']), UUID);
  // protocol and user headers, unchanged
  assert.equal(h['x-road-userid'], 'IR0012345679');
  assert.equal(h['x-road-issue'], 'MT324223MSD');
  assert.equal(h['x-road-represented-party'], 'COM/10101010101');
  assert.equal(h['x-road-trace'], 'extension header', 'X-Road extension headers are user headers');
  assert.equal(h['x-powered-by'], 'PHP/5.2.17');
  assert.equal(h['content-type'], 'application/json; charset=utf-8');
  assert.equal(h['accept'], 'application/xml');
  assert.equal(h['cache-control'], 'no-cache, no-store, must-revalidate');
  assert.equal(h['pragma'], 'no-cache');
  // filtered
  assert.equal(h['user-agent'], undefined);
  assert.equal(h['proxy-authorization'], undefined);
  assert.equal(h['x-road-service'], undefined);
  assert.equal(h['x-road-request-hash'], undefined);
  assert.equal(h['x-road-error'], undefined);
  assert.equal(h['x-onewindow-client-secret'], undefined, 'the consumer’s gateway credential never reaches the provider');
  assert.ok(!seen?.raw.some((v) => v === SECRETS.edu));
  assert.notEqual(h.host, new URL(gw.url).host);
});

test('PR-REST 4.7: the consumer’s Authorization and Cookie reach the provider unmodified, unless they carried its gateway credential', async () => {
  reply = okJson;
  const userToken = 'Bearer eyJhbGciOiJSUzI1NiJ9.end-user.token';
  await call(STATUS, { ...EDU, Authorization: userToken, Cookie: 'session=abc' });
  assert.equal(seen?.headers.authorization, userToken, 'authenticated by another credential: Authorization is the consumer’s to send');
  assert.equal(seen?.headers.cookie, 'session=abc');
  assert.equal(seen?.headers['x-onewindow-client-secret'], undefined);

  const assertion = await eduSigner.sign(EDU_KEY, gw.url);
  const r = await call(STATUS, { 'X-Road-Client': EDU_KEY, Authorization: `Bearer ${assertion}` });
  assert.equal(r.status, 200, r.text);
  assert.equal(seen?.headers.authorization, undefined, 'the client assertion was for the gateway alone');
  assert.ok(!seen?.raw.some((v) => v.includes(assertion)));
});

test('PR-REST 4.4: a redirect is not followed but passed to the consumer unmodified', async () => {
  reply = (res) => {
    res.writeHead(302, { Location: 'https://elsewhere.example/moved' });
    res.end();
  };
  const r = await call(STATUS + '/old', EDU);
  assert.equal(r.status, 302);
  assert.equal(r.h('location'), 'https://elsewhere.example/moved');
  assert.equal(r.h('x-road-error'), undefined);
  assert.equal(r.h('x-road-service'), 'IR/GOV/CIVIL/registry/status');
});

test('PR-REST 4.3: the caller’s X-Road-Id comes back unchanged; X-Road-Request-Id is a separate identifier', async () => {
  reply = okJson;
  const id = 'consumer id 42, "quoted" (v1)';
  const r = await call(STATUS, { ...EDU, 'X-Road-Id': id });
  assert.equal(r.h('x-road-id'), id);
  assert.equal(seen?.headers['x-road-id'], id);
  const generated = await call(STATUS, EDU);
  assert.match(String(generated.h('x-road-id')), UUID);
  assert.match(String(generated.h('x-road-request-id')), UUID);
  assert.notEqual(generated.h('x-road-id'), generated.h('x-road-request-id'));
});

test('PR-REST 4.3: Accept defaults to application/json', async () => {
  reply = okJson;
  await call(STATUS, EDU);
  assert.equal(seen?.headers.accept, 'application/json');
});

test('PR-REST 4.3, 4.6 category 1: the provider’s answer passes unchanged, with the gateway’s X-Road headers', async () => {
  reply = (res) => {
    res.statusCode = 405;
    res.setHeader('Content-Type', 'application/json;charset=utf-8');
    res.setHeader('Server', 'nginx/1.25');
    res.setHeader('X-Powered-By', 'PHP/5.2.17');
    res.setHeader('X-Road-Trace', 'provider extension');
    res.setHeader('X-Road-Request-Hash', 'forged');
    res.setHeader('X-Road-Error', 'Server.Forged');
    res.setHeader('X-Road-Client', 'IR/GOV/FORGED/x');
    res.setHeader('Cache-Control', 'max-age=60');
    res.end('{"status":405,"error":"Method Not Allowed"}');
  };
  const r = await call(STATUS + '/pet/findByStatus', { ...EDU, 'X-Road-Id': 'fa2e18a5-c2cb-4d09-b994-f57727f7c3fb' }, 'PUT', '{}');
  assert.equal(r.status, 405);
  assert.equal(r.text, '{"status":405,"error":"Method Not Allowed"}');
  assert.equal(r.h('content-type'), 'application/json;charset=utf-8');
  assert.equal(r.h('x-powered-by'), 'PHP/5.2.17');
  assert.equal(r.h('cache-control'), 'max-age=60');
  assert.equal(r.h('x-road-trace'), 'provider extension');
  assert.equal(r.h('server'), undefined);
  assert.equal(r.h('x-road-error'), undefined, 'no X-Road-Error: the error is the provider’s');
  assert.equal(r.h('x-road-client'), EDU_KEY);
  assert.equal(r.h('x-road-service'), 'IR/GOV/CIVIL/registry/status');
  assert.equal(r.h('x-road-id'), 'fa2e18a5-c2cb-4d09-b994-f57727f7c3fb');
  assert.match(String(r.h('x-road-request-id')), UUID);
  assert.match(String(r.h('x-road-request-hash')), SHA512_BASE64);
  assert.notEqual(r.h('x-road-request-hash'), 'forged');
  assert.equal(gw.writer.records.at(-1)?.requestHash, r.h('x-road-request-hash'), 'the hash the log vouches for');
});

test('PR-REST 4.3: X-Road-Id is generated when missing; the request hash covers the body', async () => {
  reply = okJson;
  const a = await call(STATUS, { ...EDU, 'Content-Type': 'text/plain' }, 'POST', 'one');
  const b = await call(STATUS, { ...EDU, 'Content-Type': 'text/plain' }, 'POST', 'two');
  assert.match(String(a.h('x-road-id')), UUID);
  assert.equal(seen?.headers['x-road-id'], b.h('x-road-id'), 'the provider sees the generated id too');
  assert.notEqual(a.h('x-road-id'), b.h('x-road-id'));
  assert.match(String(a.h('x-road-request-hash')), SHA512_BASE64);
  assert.notEqual(a.h('x-road-request-hash'), b.h('x-road-request-hash'));
});

test('PR-REST 4.6 categories 3 and 4: gateway errors are JSON {type, message, detail} with X-Road-Error', async () => {
  const cases: Array<{ path: string; headers: Record<string, string>; type: string; status: number }> = [
    { path: STATUS, headers: {}, type: 'Client.InvalidClientIdentifier', status: 400 },
    { path: STATUS, headers: { 'X-Road-Client': 'IR/GOV' }, type: 'Client.InvalidClientIdentifier', status: 400 },
    { path: '/r1/IR/GOV/CIVIL', headers: EDU, type: 'Client.BadRequest', status: 400 },
    { path: '/r1/IR/GOV/CI%ZZ/registry/status', headers: EDU, type: 'Client.BadRequest', status: 400 },
    { path: STATUS, headers: { ...EDU, 'X-Road-UserId': 'not-prefixed' }, type: 'Client.BadRequest', status: 400 },
    { path: '/r1/IR/GOV/CIVIL/registry/persons/persons/0012345679/guardians', headers: EDU, type: 'Server.ServerProxy.AccessDenied', status: 403 },
  ];
  for (const c of cases) {
    const r = await call(c.path, c.headers);
    const label = `${c.path} ${JSON.stringify(c.headers)}`;
    assert.equal(r.status, c.status, label + ' ' + r.text);
    assert.equal(r.h('x-road-error'), c.type, label);
    assert.equal(r.h('content-type'), 'application/json;charset=utf-8', label);
    const body = r.json();
    assert.deepEqual(Object.keys(body).sort(), ['detail', 'message', 'type'], label);
    assert.equal(body.type, c.type);
    assert.equal(typeof body.message, 'string');
    assert.match(String(body.detail), UUID);
    assert.match(String(r.h('x-road-id')), UUID, label);
  }
});

test('PR-REST 4.2: a provider path that a URL library would normalise (encoded dot segments) is refused, never passed on', async () => {
  // node:http sends the target as written; undici and fetch would resolve the dot segments first.
  const { status, error } = await new Promise<{ status: number; error: unknown }>((resolve, reject) => {
    const { hostname, port } = new URL(gw.url);
    const req = get({ hostname, port, path: STATUS + '/a/%2E%2E/b', headers: EDU }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, error: res.headers['x-road-error'] }));
    });
    req.on('error', reject);
  });
  assert.deepEqual([status, error], [400, 'Client.BadRequest']);
});

test('PR-REST 4.6 category 2: a provider that cannot be reached is a gateway error', async () => {
  reply = (res) => res.destroy();
  const r = await call(STATUS, EDU);
  assert.ok(r.status >= 500 && r.status < 600, String(r.status));
  assert.match(String(r.h('x-road-error')), /^Server\.(ServerProxy|ClientProxy)\./);
  assert.deepEqual(Object.keys(r.json()).sort(), ['detail', 'message', 'type']);
});

test('PR-META 2: listClients at the root, JSON on Accept: application/json, clientList XML on Accept: text/xml', async () => {
  const json = await call('/listClients', { Accept: 'application/json' });
  assert.equal(json.status, 200);
  assert.match(String(json.h('content-type')), /^application\/json/);
  const members = json.json().member as Array<{ id: Record<string, string>; name: string; subsystem_name?: string }>;
  assert.deepEqual(members[1], { id: { member_class: 'GOV', member_code: 'CIVIL', subsystem_code: 'registry', object_type: 'SUBSYSTEM', xroad_instance: 'IR' }, name: 'Civil Registry', subsystem_name: 'registry system' });
  assert.ok(members.every((m) => ['MEMBER', 'SUBSYSTEM'].includes(m.id.object_type ?? '')));
  assert.equal(((await call('/listClients?xRoadInstance=EE', { Accept: 'application/json' })).json().member as unknown[]).length, 0);
  const xml = await call('/listClients', { Accept: 'text/xml' });
  assert.equal(xml.status, 200);
  assert.match(String(xml.h('content-type')), /^text\/xml/);
  assert.match(xml.text, /<ns2:clientList [^>]*xmlns:ns2="http:\/\/x-road\.eu\/xsd\/xroad\.xsd"/);
  assert.match(xml.text, /<ns2:id ns1:objectType="MEMBER"><ns1:xRoadInstance>IR<\/ns1:xRoadInstance>/);
});

test('GovStack IM 8.1: member discovery also under /r1/listClients', async () => {
  const r = await call('/r1/listClients', { Accept: 'application/json' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json(), (await call('/listClients', { Accept: 'application/json' })).json());
});

test('PR-MREST 4, 5: listMethods, allowedMethods and getOpenAPI under /r1, snake_case, with the X-Road response headers', async () => {
  const lm = await call('/r1/IR/GOV/CIVIL/registry/listMethods', { 'X-Road-Client': HEALTH_KEY });
  assert.equal(lm.status, 200);
  const services = lm.json().service as Array<Record<string, unknown>>;
  assert.deepEqual(services.map((s) => s.service_code), ['persons', 'status'], 'metaservices are never listed');
  assert.deepEqual(Object.keys(services[1] ?? {}).sort(), ['endpoint_list', 'member_class', 'member_code', 'object_type', 'service_code', 'service_type', 'subsystem_code', 'xroad_instance']);
  assert.deepEqual([services[0]?.service_type, services[1]?.service_type, services[0]?.object_type], ['OPENAPI', 'REST', 'SERVICE']);
  assert.equal(lm.h('x-road-client'), HEALTH_KEY);
  assert.equal(lm.h('x-road-service'), 'IR/GOV/CIVIL/registry/listMethods');
  assert.match(String(lm.h('x-road-id')), UUID);
  assert.match(String(lm.h('x-road-request-hash')), SHA512_BASE64);
  const am = await call('/r1/IR/GOV/CIVIL/registry/allowedMethods', EDU);
  const allowed = am.json().service as Array<{ service_code: string; endpoint_list: Array<{ method: string; path: string }> }>;
  assert.deepEqual(allowed.find((s) => s.service_code === 'persons')?.endpoint_list, [{ method: 'GET', path: '/persons/*' }, { method: 'GET', path: '/persons/search' }]);
  const oa = await call('/r1/IR/GOV/CIVIL/registry/getOpenAPI?serviceCode=persons', { 'X-Road-Client': HEALTH_KEY });
  assert.equal(oa.status, 200);
  assert.equal(oa.json().openapi, '3.0.3');
  assert.equal((await call('/r1/IR/GOV/CIVIL/registry/getOpenAPI', { 'X-Road-Client': HEALTH_KEY })).status, 400);
});

test('GovStack IM directory: both path forms, its client header names and camelCase answers', async () => {
  const forms: Array<[string, Record<string, string>]> = [
    ['/IR/GOV/CIVIL/registry/listMethods', { 'Information-Mediator-Client': HEALTH_KEY }],
    ['/r1/IR/GOV/CIVIL/registry/listMethods', { 'X-GovStack-Client': HEALTH_KEY }],
  ];
  for (const [path, headers] of forms) {
    const r = await call(path + '?serviceId=persons', headers);
    assert.equal(r.status, 200, path);
    assert.equal(r.h('content-type'), 'application/json; charset=utf-8');
    const item = (r.json().member as Array<Record<string, unknown>>)[0];
    assert.deepEqual(Object.keys(item ?? {}).sort(), ['applicationCode', 'endpointList', 'instanceId', 'memberClass', 'memberCode', 'objectType', 'serviceCode', 'serviceType', 'serviceVersion']);
    assert.equal(item?.objectType, 'SERVICE');
    assert.ok(Array.isArray((item?.endpointList as { member: unknown }).member));
  }
  const clients = await call('/listClients?instanceId=IR');
  const first = (clients.json().member as Array<{ name: string; id: Record<string, string> }>)[1];
  assert.deepEqual(first, { name: 'Civil Registry', id: { objectType: 'APPLICATION', instanceId: 'IR', memberClass: 'GOV', memberCode: 'CIVIL', applicationCode: 'registry' } });
  const allowed = await call('/IR/GOV/CIVIL/registry/allowedMethods', { 'Information-Mediator-Client': EDU_KEY, 'X-OneWindow-Client-Secret': SECRETS.edu });
  assert.deepEqual((allowed.json().member as Array<{ serviceCode: string }>).map((s) => s.serviceCode), ['persons', 'status']);
  const oa = await call('/IR/GOV/CIVIL/registry/getOpenAPI?serviceCode=persons', { 'Information-Mediator-Client': HEALTH_KEY });
  assert.equal(oa.status, 200);
  assert.equal(oa.h('content-type'), 'application/json; charset=utf-8');
  for (const code of ['', '_invalid']) assert.equal((await call(`/IR/GOV/CIVIL/registry/getOpenAPI?serviceCode=${code}`, { 'Information-Mediator-Client': HEALTH_KEY })).status, 400, code);
  assert.equal((await call('/IR/GOV/CIVIL/registry/getOpenAPI', { 'Information-Mediator-Client': HEALTH_KEY })).status, 400);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EDU_KEY, fakeExchange, HEALTH_KEY, testSnapshot } from '../../../test/support/gateway.ts';
import type { Exchange } from './exchange.ts';
import { GatewayError } from './errors.ts';
import { requestHash } from '../protocol/hash.ts';
import { createMetaservices } from './metaservices.ts';
import { parse } from './parse.ts';

const answer = createMetaservices({ publicUrl: 'https://gw.example/' });

/** A header of the answer the step prepared (written with its body by the runner). */
function headerOf(x: Exchange, name: string): string | undefined {
  const h = x.head?.headers ?? [];
  for (let i = 0; i < h.length; i += 2) if (h[i]!.toLowerCase() === name) return h[i + 1];
  return undefined;
}

function meta(url: string, headers: Array<[string, string]> = [], authenticated?: string): { x: Exchange; body: unknown } {
  const snapshot = testSnapshot();
  const x = fakeExchange({ url, headers, snapshot });
  parse(x);
  if (authenticated) x.consumer = snapshot.subsystem(authenticated);
  answer(x);
  assert.equal(x.status, 200);
  assert.equal(headerOf(x, 'content-type'), x.dialect === 'govstack' ? 'application/json; charset=utf-8' : 'application/json;charset=utf-8');
  assert.ok(x.responseHash);
  return { x, body: JSON.parse(String(x.finalChunk)) };
}

function refusedType(url: string, headers: Array<[string, string]>): string {
  const x = fakeExchange({ url, headers, snapshot: testSnapshot() });
  parse(x);
  try {
    answer(x);
  } catch (e) {
    assert.ok(e instanceof GatewayError);
    return e.type;
  }
  assert.fail('answered');
}

test('listClients, X-Road snake_case: members then their active subsystems; instance filter', () => {
  const { body } = meta('/listClients');
  const { member } = body as { member: Array<{ id: Record<string, string>; name: string; subsystem_name?: string }> };
  assert.deepEqual(member[0], { id: { member_class: 'GOV', member_code: 'CIVIL', object_type: 'MEMBER', xroad_instance: 'IR' }, name: 'Civil Registry' });
  assert.deepEqual(member[1], { id: { member_class: 'GOV', member_code: 'CIVIL', subsystem_code: 'registry', object_type: 'SUBSYSTEM', xroad_instance: 'IR' }, name: 'Civil Registry', subsystem_name: 'registry system' });
  assert.ok(!member.some((m) => m.id.subsystem_code === 'archive'), 'disabled subsystems are not listed');
  assert.equal(member.length, 6);
  assert.deepEqual((meta('/listClients?xRoadInstance=EE').body as { member: unknown[] }).member, []);
});

test('listClients, GovStack camelCase', () => {
  const { body } = meta('/listClients?instanceId=IR');
  const { member } = body as { member: Array<{ id: Record<string, string> }> };
  assert.deepEqual(member[1], { name: 'Civil Registry', id: { objectType: 'APPLICATION', instanceId: 'IR', memberClass: 'GOV', memberCode: 'CIVIL', applicationCode: 'registry' } });
});

test('listMethods in both dialects, with the serviceCode / serviceId filter', () => {
  const { body, x } = meta('/r1/IR/GOV/CIVIL/registry/listMethods', [['X-Road-Client', HEALTH_KEY]]);
  const { service } = body as { service: Array<Record<string, unknown>> };
  assert.deepEqual(service.map((s) => s.service_code), ['persons', 'status'], 'the disabled service is not listed');
  assert.deepEqual(service[0], {
    member_class: 'GOV', member_code: 'CIVIL', object_type: 'SERVICE', service_code: 'persons', service_type: 'OPENAPI', subsystem_code: 'registry', xroad_instance: 'IR',
    endpoint_list: [{ method: 'GET', path: '/persons/*' }, { method: 'GET', path: '/persons/*/guardians' }, { method: 'POST', path: '/persons/search' }, { method: 'GET', path: '/persons/search' }],
  });
  assert.equal(headerOf(x, 'x-road-service'), 'IR/GOV/CIVIL/registry/listMethods');
  const g = meta('/IR/GOV/CIVIL/registry/listMethods?serviceId=status', [['Information-Mediator-Client', HEALTH_KEY]]).body as { member: Array<Record<string, unknown>> };
  assert.deepEqual(g.member, [{ objectType: 'SERVICE', serviceType: 'REST', instanceId: 'IR', memberClass: 'GOV', memberCode: 'CIVIL', applicationCode: 'registry', serviceCode: 'status', endpointList: { member: [{ method: '*', path: '**' }] } }]);
  const v = meta('/r1/IR/GOV/CIVIL/registry/listMethods?serviceId=persons', [['X-GovStack-Client', HEALTH_KEY]]).body as { member: Array<Record<string, unknown>> };
  assert.equal(v.member[0]?.serviceVersion, 'v1');
});

test('allowedMethods lists only what the calling client may call', () => {
  const healthList = meta('/r1/IR/GOV/CIVIL/registry/allowedMethods', [['X-Road-Client', HEALTH_KEY]], HEALTH_KEY).body as { service: Array<{ service_code: string; endpoint_list: unknown[] }> };
  assert.deepEqual(healthList.service.map((s) => s.service_code), ['persons']);
  assert.equal(healthList.service[0]?.endpoint_list.length, 4);
  const eduList = meta('/r1/IR/GOV/CIVIL/registry/allowedMethods', [['X-Road-Client', EDU_KEY]], EDU_KEY).body as { service: Array<{ service_code: string; endpoint_list: unknown[] }> };
  // `GET /persons/{nationalCode}` also covers the declared `GET /persons/search` (a template
  // parameter matches any one segment, as in X-Road); authorize lets exactly that through too.
  assert.deepEqual(eduList.service.map((s) => [s.service_code, s.endpoint_list]), [
    ['persons', [{ method: 'GET', path: '/persons/*' }, { method: 'GET', path: '/persons/search' }]],
    ['status', [{ method: '*', path: '**' }]],
  ]);
  const g = meta('/IR/GOV/CIVIL/registry/allowedMethods?serviceId=status', [['X-Road-Client', EDU_KEY]], EDU_KEY).body as { member: Array<{ serviceCode: string }> };
  assert.deepEqual(g.member.map((s) => s.serviceCode), ['status']);
});

test('getOpenAPI: the document with the gateway as its only server; errors for unknown or missing service', () => {
  const { body } = meta('/r1/IR/GOV/CIVIL/registry/getOpenAPI?serviceCode=persons', [['X-Road-Client', HEALTH_KEY]]);
  const doc = body as { servers: unknown; paths: Record<string, Record<string, unknown>> };
  assert.deepEqual(doc.servers, [{ url: 'https://gw.example/r1/IR/GOV/CIVIL/registry/persons' }]);
  assert.ok(!JSON.stringify(doc).includes('internal'), 'the provider’s upstream address does not leak');
  assert.ok(!JSON.stringify(doc).includes('10.0.0.5'));
  assert.deepEqual(doc.paths['/persons/{nationalCode}'], { get: { summary: 'person' } });
  assert.equal(refusedType('/r1/IR/GOV/CIVIL/registry/getOpenAPI?serviceCode=nosuch', [['X-Road-Client', HEALTH_KEY]]), 'Server.ServerProxy.UnknownService');
  assert.equal(refusedType('/r1/IR/GOV/CIVIL/registry/getOpenAPI?serviceCode=status', [['X-Road-Client', HEALTH_KEY]]), 'Server.ServerProxy.UnknownService');
  assert.equal(refusedType('/r1/IR/GOV/CIVIL/registry/getOpenAPI?serviceCode=archive', [['X-Road-Client', HEALTH_KEY]]), 'Server.ServerProxy.UnknownService');
  assert.equal(refusedType('/r1/IR/GOV/CIVIL/registry/getOpenAPI', [['X-Road-Client', HEALTH_KEY]]), 'Client.BadRequest');
  assert.equal(refusedType('/r1/IR/GOV/NOBODY/registry/listMethods', [['X-Road-Client', HEALTH_KEY]]), 'Server.ClientProxy.UnknownMember');
});

test('listClients answers the clientList XML when asked for XML only; JSON otherwise and always in GovStack form', () => {
  const snapshot = testSnapshot();
  const run = (url: string, headers: Array<[string, string]>) => {
    const x = fakeExchange({ url, headers, snapshot });
    parse(x);
    answer(x);
    return { type: headerOf(x, 'content-type'), body: String(x.finalChunk) };
  };
  const xml = run('/listClients', [['Accept', 'text/xml']]);
  assert.equal(xml.type, 'text/xml;charset=utf-8');
  assert.match(xml.body, /^<\?xml version="1\.0" encoding="UTF-8"/);
  assert.match(xml.body, /<ns2:member><ns2:id ns1:objectType="SUBSYSTEM"><ns1:xRoadInstance>IR<\/ns1:xRoadInstance><ns1:memberClass>GOV<\/ns1:memberClass><ns1:memberCode>CIVIL<\/ns1:memberCode><ns1:subsystemCode>registry<\/ns1:subsystemCode><\/ns2:id><ns2:name>Civil Registry<\/ns2:name><ns2:subsystemName>registry system<\/ns2:subsystemName><\/ns2:member>/);
  assert.equal(xml.body.match(/<ns2:member>/g)?.length, 6);
  assert.equal(run('/listClients', [['Accept', 'application/xml']]).type, 'text/xml;charset=utf-8');
  for (const accept of [undefined, '*/*', 'application/json', 'text/xml, application/json']) {
    const r = run('/listClients', accept === undefined ? [] : [['Accept', accept]]);
    assert.equal(r.type, 'application/json;charset=utf-8', String(accept));
    assert.equal((JSON.parse(r.body) as { member: unknown[] }).member.length, 6);
  }
  const gov = run('/listClients?instanceId=IR', [['Accept', 'text/xml']]);
  assert.equal(gov.type, 'application/json; charset=utf-8');
});

test('metaservice answers carry X-Road-Request-Hash over the request as received', () => {
  const headers: Array<[string, string]> = [['X-Road-Client', HEALTH_KEY], ['Accept', 'application/json']];
  const { x } = meta('/r1/IR/GOV/CIVIL/registry/listMethods', headers);
  const expected = requestHash('GET', '/r1/IR/GOV/CIVIL/registry/listMethods', headers);
  assert.equal(x.requestHash, expected);
  assert.equal(headerOf(x, 'x-road-request-hash'), expected);
  assert.equal(Buffer.from(expected, 'base64').length, 64, 'a SHA-512 digest');
  assert.ok(headerOf(meta('/listClients').x, 'x-road-request-hash'));
});

test('GovStack answers say application/json; charset=utf-8 (the form the GovStack suite compares)', () => {
  const { x } = meta('/IR/GOV/CIVIL/registry/getOpenAPI?serviceCode=persons', [['Information-Mediator-Client', HEALTH_KEY]]);
  assert.equal(headerOf(x, 'content-type'), 'application/json; charset=utf-8');
  assert.equal(headerOf(meta('/r1/IR/GOV/CIVIL/registry/getOpenAPI?serviceCode=persons', [['X-Road-Client', HEALTH_KEY]]).x, 'content-type'), 'application/json;charset=utf-8');
});

test('getOpenAPI: a serviceCode outside the identifier characters is a bad request, not an unknown service', () => {
  assert.equal(refusedType('/r1/IR/GOV/CIVIL/registry/getOpenAPI?serviceCode=_invalid', [['X-Road-Client', HEALTH_KEY]]), 'Client.BadRequest');
  assert.equal(refusedType('/IR/GOV/CIVIL/registry/getOpenAPI?serviceCode=a%2Fb', [['Information-Mediator-Client', HEALTH_KEY]]), 'Client.BadRequest');
  assert.equal(refusedType('/IR/GOV/CIVIL/registry/getOpenAPI?serviceCode=', [['Information-Mediator-Client', HEALTH_KEY]]), 'Client.BadRequest');
});

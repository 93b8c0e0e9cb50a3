import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeExchange, HEALTH_KEY, testServices, testSnapshot } from '../../../test/support/gateway.ts';
import { compileEndpoint } from '../protocol/endpoints.ts';
import type { Exchange } from './exchange.ts';
import { GatewayError } from './errors.ts';
import { parse } from './parse.ts';
import { bestEndpoint, resolve } from './resolve.ts';

function resolved(url: string, method = 'GET', headers: Array<[string, string]> = [], snapshot = testSnapshot()): Exchange {
  const x = fakeExchange({ url, method, headers: [['X-Road-Client', HEALTH_KEY], ...headers], snapshot });
  parse(x);
  resolve(x);
  return x;
}

function refusedType(url: string, method = 'GET'): string {
  try {
    resolved(url, method);
  } catch (e) {
    assert.ok(e instanceof GatewayError, String(e));
    return e.type;
  }
  assert.fail('resolved');
}

test('the service, its endpoint and the data subject from a path parameter', () => {
  const x = resolved('/r1/IR/GOV/CIVIL/registry/persons/persons/0012345679/guardians');
  assert.equal(x.service?.key, 'IR/GOV/CIVIL/registry/persons');
  assert.equal(x.endpoint?.pattern.path, '/persons/{nationalCode}/guardians');
  assert.equal(x.dataSubject, '0012345679');
});

test('unknown member or subsystem, unknown service, disabled service or provider', () => {
  assert.equal(refusedType('/r1/IR/GOV/NOBODY/registry/persons/x'), 'Server.ClientProxy.UnknownMember');
  assert.equal(refusedType('/r1/IR/GOV/CIVIL/nosuch/persons/x'), 'Server.ClientProxy.UnknownMember');
  assert.equal(refusedType('/r1/IR/GOV/CIVIL/registry/nosuch/x'), 'Server.ServerProxy.UnknownService');
  assert.equal(refusedType('/r1/IR/GOV/CIVIL/registry/archive/x'), 'Server.ServerProxy.ServiceDisabled');
});

test('a service whose upstream lies outside every registration of its member is not forwarded', () => {
  const url = '/r1/IR/GOV/CIVIL/registry/persons/persons/0012345679';
  const refuse = (snapshot: ReturnType<typeof testSnapshot>) => assert.throws(() => resolved(url, 'GET', [], snapshot), (e: GatewayError) => e.type === 'Server.ServerProxy.ServiceDisabled');
  refuse(testSnapshot({ upstreams: [] }));
  refuse(testSnapshot({ upstreams: [{ id: 1, agencyCode: 'HEALTH', urlPrefix: 'http://civil.internal.example:9000/', internalAddresses: [], revokedAt: null }] }));
  refuse(testSnapshot({ upstreams: [{ id: 1, agencyCode: 'CIVIL', urlPrefix: 'http://civil.internal.example:9000/other/', internalAddresses: [], revokedAt: null }] }));
  assert.equal(resolved(url).service?.registration?.id, 1);
});

test('an OPENAPI service refuses what it does not declare; a REST service passes it on', () => {
  assert.equal(refusedType('/r1/IR/GOV/CIVIL/registry/persons/admin'), 'Server.ServerProxy.UnknownService');
  assert.equal(refusedType('/r1/IR/GOV/CIVIL/registry/persons/persons/1', 'DELETE'), 'Server.ServerProxy.UnknownService');
  const x = resolved('/r1/IR/GOV/CIVIL/registry/status/anything/at/all', 'POST');
  assert.equal(x.endpoint?.pattern.path, '/**');
});

test('the most specific endpoint wins', () => {
  assert.equal(resolved('/r1/IR/GOV/CIVIL/registry/persons/persons/search').endpoint?.pattern.path, '/persons/search');
  const eps = [{ method: 'GET', path: '/**' }, { method: 'GET', path: '/a/{id}' }, { method: 'GET', path: '/a/b' }].map(compileEndpoint);
  assert.equal(bestEndpoint(eps, 'GET', '/a/b')?.pattern.path, '/a/b');
  assert.equal(bestEndpoint(eps, 'GET', '/a/c')?.pattern.path, '/a/{id}');
  assert.equal(bestEndpoint(eps, 'POST', '/a/c'), undefined);
});

test('data subject: a repeated, empty or malformed one is refused as Client.InvalidDataSubject; an absent one passes', () => {
  assert.equal(refusedType('/r1/IR/GOV/CIVIL/registry/status/x?nationalCode=1234567210&nationalCode=1234567210'), 'Client.InvalidDataSubject');
  assert.equal(refusedType('/r1/IR/GOV/CIVIL/registry/status/x?nationalCode=1&nationalCode=2'), 'Client.InvalidDataSubject');
  assert.equal(refusedType('/r1/IR/GOV/CIVIL/registry/status/x?nationalCode='), 'Client.InvalidDataSubject');
  assert.equal(refusedType('/r1/IR/GOV/CIVIL/registry/persons/persons/TRK-123'), 'Client.InvalidDataSubject');
  assert.equal(refusedType('/r1/IR/GOV/CIVIL/registry/persons/persons/0012345678'), 'Client.InvalidDataSubject', 'wrong check digit');
  assert.equal(resolved('/r1/IR/GOV/CIVIL/registry/persons/persons/' + encodeURIComponent('۰۰۱۲۳۴۵۶۷۹')).dataSubject, '0012345679');
  assert.equal(resolved('/r1/IR/GOV/CIVIL/registry/persons/persons/search').dataSubject, undefined, 'no {nationalCode} in the matched endpoint');
  assert.equal(resolved('/r1/IR/GOV/CIVIL/registry/status/x?nationalCode=%DB%B0%DB%B0%DB%B1%DB%B2%DB%B3%DB%B4%DB%B5%DB%B6%DB%B7%DB%B9').dataSubject, '0012345679');
  assert.equal(resolved('/r1/IR/GOV/CIVIL/registry/status/x?other=0012345678').dataSubject, undefined);
});

test('data subject from a header', () => {
  const services = testServices.map((s) => (s.code === 'status' ? { ...s, dataSubject: { in: 'header' as const, name: 'X-National-Code' } } : s));
  const snap = testSnapshot({ services });
  assert.equal(resolved('/r1/IR/GOV/CIVIL/registry/status/x', 'GET', [['x-national-code', ' 0012345679 ']], snap).dataSubject, '0012345679');
  assert.throws(
    () => resolved('/r1/IR/GOV/CIVIL/registry/status/x', 'GET', [['X-National-Code', '0012345679'], ['X-National-Code', '0012345679']], snap),
    (e) => e instanceof GatewayError && e.type === 'Client.InvalidDataSubject',
  );
  assert.equal(resolved('/r1/IR/GOV/CIVIL/registry/status/x', 'GET', [], snap).dataSubject, undefined);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeExchange, HEALTH_KEY } from '../../../test/support/gateway.ts';
import type { Exchange } from './exchange.ts';
import { GatewayError } from './errors.ts';
import { MAX_ISSUE_LENGTH, parse, protocolHeaders } from './parse.ts';
import { pickClientHeader, singleHeader } from '../protocol/headers.ts';

const SERVICE = '/r1/IR/GOV/CIVIL/registry/persons/persons/0012345679';

function parsed(init: Parameters<typeof fakeExchange>[0]): Exchange {
  const x = fakeExchange(init);
  parse(x);
  return x;
}

function refused(init: Parameters<typeof fakeExchange>[0]): GatewayError {
  const x = fakeExchange(init);
  try {
    parse(x);
  } catch (e) {
    assert.ok(e instanceof GatewayError, String(e));
    return e;
  }
  assert.fail('parse accepted the call');
}

test('a service call: target, claimed client, user id, purpose, the caller’s message id', () => {
  const x = parsed({ url: SERVICE + '?full=1', headers: [['X-Road-Client', HEALTH_KEY], ['X-Road-Id', 'abc-123'], ['X-Road-UserId', 'IR0012345679'], ['X-Road-Issue', ' case 42 ']] });
  assert.equal(x.target?.kind, 'service');
  assert.equal(x.target?.kind === 'service' && x.target.path, '/persons/0012345679');
  assert.deepEqual(x.claimedClient, { instance: 'IR', memberClass: 'GOV', memberCode: 'HEALTH', subsystemCode: 'insurance' });
  assert.equal(x.userId, 'IR0012345679');
  assert.equal(x.purpose, 'case 42');
  assert.equal(x.messageId, 'abc-123');
  assert.equal(x.dialect, 'xroad');
});

test('a printable X-Road-Id is kept as sent; an unusable one is replaced by the generated one, not refused', () => {
  for (const id of ['has space', 'semi;colon', '"quoted", (v1)', 'x'.repeat(255)]) {
    const x = parsed({ url: SERVICE, headers: [['X-Road-Client', HEALTH_KEY], ['X-Road-Id', id]] });
    assert.equal(x.messageId, id);
  }
  for (const id of ['', 'x'.repeat(256), 'caf\u00e9']) {
    const x = parsed({ url: SERVICE, headers: [['X-Road-Client', HEALTH_KEY], ['X-Road-Id', id]] });
    assert.equal(x.messageId, 'generated-id', id);
  }
});

test('malformed identifiers and targets are Client.BadRequest (or the protocol version error)', () => {
  const h: Array<[string, string]> = [['X-Road-Client', HEALTH_KEY]];
  assert.equal(refused({ url: '/r1/IR/GOV/CIVIL/registry', headers: h }).type, 'Client.BadRequest');
  assert.equal(refused({ url: '/r1/IR/GOV/CI%2FVIL/registry/persons', headers: h }).type, 'Client.BadRequest');
  assert.equal(refused({ url: '/r1/IR/GOV/CIVIL/registry/persons/../admin', headers: h }).type, 'Client.BadRequest');
  assert.equal(refused({ url: '/r1/IR/GOV/CIVIL/registry/persons/a%2fb', headers: h }).type, 'Client.BadRequest');
  assert.equal(refused({ url: '/somewhere/else', headers: h }).type, 'Client.BadRequest');
  assert.equal(refused({ url: '/', headers: h }).type, 'Client.BadRequest');
  assert.equal(refused({ url: '/r2/IR/GOV/CIVIL/registry/persons', headers: h }).type, 'Client.InvalidProtocolVersion');
  assert.equal(refused({ url: '/r1/' + 'x'.repeat(9000), headers: h }).type, 'Client.BadRequest');
});

test('provider path segments an upstream may normalise into .. or / are Client.BadRequest before anything else runs', () => {
  const h: Array<[string, string]> = [['X-Road-Client', HEALTH_KEY]];
  for (const path of ['/persons/..;/admin', '/persons/%2e%2e%3b/admin', '/persons/%252e%252e/admin', '/persons/a%252fb', '/persons//admin', '//persons', '/persons/search;x']) {
    const e = refused({ url: '/r1/IR/GOV/CIVIL/registry/persons' + path, headers: h });
    assert.equal(e.type, 'Client.BadRequest', path);
  }
});

test('header injection and control characters are refused before anything else', () => {
  assert.equal(refused({ url: SERVICE, headers: [['X-Road-Client', HEALTH_KEY], ['X-Road-Issue', 'a\r\nX-Road-Error: fake']] }).type, 'Client.BadRequest');
  assert.equal(refused({ url: SERVICE, headers: [['X-Road-Client', HEALTH_KEY], ['X-Other', 'a\0b']] }).type, 'Client.BadRequest');
  assert.equal(refused({ url: SERVICE, headers: [['X-Road-Client', HEALTH_KEY], ['X-Road-Issue', 'tab\there']] }).type, 'Client.BadRequest');
  assert.equal(refused({ url: SERVICE, headers: [['X-Road-Client', HEALTH_KEY], ['X-Road-Issue', 'x'.repeat(MAX_ISSUE_LENGTH + 1)]] }).type, 'Client.BadRequest');
});

test('client header: missing, malformed, a member where a subsystem is needed, conflicting names', () => {
  assert.equal(refused({ url: SERVICE }).type, 'Client.InvalidClientIdentifier');
  assert.equal(refused({ url: SERVICE, headers: [['X-Road-Client', 'IR/GOV']] }).type, 'Client.InvalidClientIdentifier');
  assert.equal(refused({ url: SERVICE, headers: [['X-Road-Client', 'IR/GOV/HE LTH/x']] }).type, 'Client.InvalidClientIdentifier');
  assert.equal(refused({ url: SERVICE, headers: [['X-Road-Client', 'IR/GOV/HEALTH']] }).type, 'Client.InvalidClientIdentifier');
  assert.equal(refused({ url: SERVICE, headers: [['X-Road-Client', HEALTH_KEY], ['Information-Mediator-Client', 'IR/GOV/EDU/schools']] }).type, 'Client.InvalidClientIdentifier');
  assert.equal(refused({ url: SERVICE, headers: [['X-Road-Client', HEALTH_KEY], ['X-Road-Client', HEALTH_KEY]] }).type, 'Client.InvalidClientIdentifier');
});

test('duplicate protocol headers and a bad user id or represented party are refused', () => {
  const h = (extra: Array<[string, string]>) => ({ url: SERVICE, headers: [['X-Road-Client', HEALTH_KEY] as [string, string], ...extra] });
  assert.equal(refused(h([['X-Road-UserId', 'IR1'], ['X-Road-UserId', 'IR2']])).type, 'Client.BadRequest');
  assert.equal(refused(h([['X-Road-Issue', 'a'], ['x-road-issue', 'b']])).type, 'Client.BadRequest');
  assert.equal(refused(h([['X-Road-UserId', '0012345679']])).type, 'Client.BadRequest');
  assert.equal(refused(h([['X-Road-Represented-Party', 'a/b/c']])).type, 'Client.BadRequest');
});

test('methods: TRACE and CONNECT never cross; metaservices answer GET only', () => {
  assert.equal(refused({ method: 'TRACE', url: SERVICE, headers: [['X-Road-Client', HEALTH_KEY]] }).type, 'Client.InvalidHttpMethod');
  assert.equal(refused({ method: 'POST', url: '/listClients' }).type, 'Client.InvalidHttpMethod');
  assert.equal(refused({ method: 'DELETE', url: '/r1/IR/GOV/CIVIL/registry/listMethods', headers: [['X-Road-Client', HEALTH_KEY]] }).type, 'Client.InvalidHttpMethod');
  for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']) parsed({ method, url: SERVICE, headers: [['X-Road-Client', HEALTH_KEY]] });
});

test('listClients needs no client; its instance filter in either dialect', () => {
  assert.deepEqual(parsed({ url: '/listClients' }).listClients, { instance: undefined });
  const x = parsed({ url: '/listClients?xRoadInstance=IR' });
  assert.deepEqual([x.listClients, x.dialect], [{ instance: 'IR' }, 'xroad']);
  const g = parsed({ url: '/listClients?instanceId=IR' });
  assert.deepEqual([g.listClients, g.dialect], [{ instance: 'IR' }, 'govstack']);
  assert.equal(parsed({ url: '/listClients', headers: [['Information-Mediator-Client', HEALTH_KEY]] }).dialect, 'govstack');
});

test('metaservices: a member may list methods; allowedMethods needs a subsystem; GovStack paths and header names', () => {
  const m = parsed({ url: '/r1/IR/GOV/CIVIL/registry/listMethods', headers: [['X-Road-Client', 'IR/GOV/HEALTH']] });
  assert.equal(m.target?.kind === 'metaservice' && m.target.metaservice, 'listMethods');
  assert.equal(refused({ url: '/r1/IR/GOV/CIVIL/registry/listMethods' }).type, 'Client.InvalidClientIdentifier');
  assert.equal(refused({ url: '/r1/IR/GOV/CIVIL/registry/allowedMethods', headers: [['X-Road-Client', 'IR/GOV/HEALTH']] }).type, 'Client.InvalidClientIdentifier');
  const g = parsed({ url: '/IR/GOV/CIVIL/registry/allowedMethods?serviceId=persons', headers: [['X-Road-Client', HEALTH_KEY]] });
  assert.equal(g.dialect, 'govstack');
  assert.equal(g.target?.kind === 'metaservice' && g.target.query, 'serviceId=persons');
  for (const name of ['Information-Mediator-Client', 'X-GovStack-Client']) {
    const x = parsed({ url: '/r1/IR/GOV/CIVIL/registry/listMethods', headers: [[name, HEALTH_KEY]] });
    assert.equal(x.dialect, 'govstack');
    assert.deepEqual(x.claimedClient?.memberCode, 'HEALTH');
  }
  assert.equal(refused({ url: '/r1/IR/GOV/CIVIL/registry/listMethods/extra', headers: [['X-Road-Client', HEALTH_KEY]] }).type, 'Client.BadRequest');
});

test('the one-pass header reader agrees with pickClientHeader and singleHeader', () => {
  const lists: Array<Array<[string, string]>> = [
    [],
    [['X-Road-Client', HEALTH_KEY]],
    [['x-govstack-client', HEALTH_KEY]],
    [['Information-Mediator-Client', ' ' + HEALTH_KEY + ' '], ['X-Road-Client', HEALTH_KEY]],
    [['Information-Mediator-Client', HEALTH_KEY], ['X-GovStack-Client', 'IR/GOV/EDU/schools']],
    [['X-Road-Client', HEALTH_KEY], ['x-road-client', HEALTH_KEY]],
    [['X-Road-Id', 'a'], ['x-road-ID', 'b']],
    [['X-Road-Issue', 'a'], ['X-Road-UserId', 'IR1'], ['X-Road-Represented-Party', 'COM/1'], ['Xylophone', '1'], ['If-None-Match', '"x"']],
  ];
  for (const list of lists) {
    let mine: unknown;
    try {
      const h = protocolHeaders(list);
      mine = { client: h.client, id: h.id, userId: h.userId, issue: h.issue, party: h.party };
    } catch (e) {
      mine = (e as GatewayError).type;
    }
    let theirs: unknown;
    const picked = pickClientHeader(list);
    if (!picked.ok) theirs = picked.error.errorType;
    else {
      const one = (n: string) => {
        const r = singleHeader(list, n);
        if (!r.ok) throw new Error(r.error.errorType);
        return r.value;
      };
      try {
        theirs = { client: picked.value, id: one('x-road-id'), userId: one('x-road-userid'), issue: one('x-road-issue'), party: one('x-road-represented-party') };
      } catch (e) {
        theirs = (e as Error).message;
      }
    }
    assert.deepEqual(mine, theirs, JSON.stringify(list));
  }
});

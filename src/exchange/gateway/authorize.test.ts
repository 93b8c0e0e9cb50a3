import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EDU_KEY, fakeExchange, HEALTH_KEY, testRights, testSnapshot } from '../../../test/support/gateway.ts';
import { authorize } from './authorize.ts';
import type { Exchange } from './exchange.ts';
import { GatewayError } from './errors.ts';
import { parse } from './parse.ts';
import { resolve } from './resolve.ts';

function call(client: string, url: string, method = 'GET', snapshot = testSnapshot()): Exchange {
  const x = fakeExchange({ url, method, headers: [['X-Road-Client', client]], snapshot });
  parse(x);
  // authenticate's result, without credentials: these tests are about rights.
  x.consumer = snapshot.subsystem(client);
  resolve(x);
  return x;
}

function denied(x: Exchange): void {
  assert.throws(() => authorize(x), (e) => e instanceof GatewayError && e.type === 'Server.ServerProxy.AccessDenied');
  assert.equal(x.right, undefined);
}

const PERSON = '/r1/IR/GOV/CIVIL/registry/persons/persons/0012345679';

test('a whole-service right covers every endpoint', () => {
  for (const [url, method] of [[PERSON, 'GET'], [PERSON + '/guardians', 'GET'], ['/r1/IR/GOV/CIVIL/registry/persons/persons/search', 'POST']] as const) {
    const x = call(HEALTH_KEY, url, method);
    authorize(x);
    assert.equal(x.right?.right.id, 100);
  }
});

test('an endpoint-limited right covers only its endpoints', () => {
  const x = call(EDU_KEY, PERSON);
  authorize(x);
  assert.equal(x.right?.right.id, 101);
  denied(call(EDU_KEY, PERSON + '/guardians'));
  denied(call(EDU_KEY, '/r1/IR/GOV/CIVIL/registry/persons/persons/search', 'POST'));
});

test('one consumer cannot use another consumer’s right', () => {
  // EDU may call status; HEALTH may not.
  authorize(call(EDU_KEY, '/r1/IR/GOV/CIVIL/registry/status/x'));
  denied(call(HEALTH_KEY, '/r1/IR/GOV/CIVIL/registry/status/x'));
});

test('a revoked right is absent from the next snapshot, and the next call is denied', () => {
  const before = testSnapshot();
  authorize(call(HEALTH_KEY, PERSON, 'GET', before));
  const after = testSnapshot({ rights: testRights.filter((r) => r.id !== 100) });
  denied(call(HEALTH_KEY, PERSON, 'GET', after));
});

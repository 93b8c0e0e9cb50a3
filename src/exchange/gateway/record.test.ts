import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeExchange, HEALTH_KEY } from '../../../test/support/gateway.ts';
import { parse } from './parse.ts';
import { toExchangeRecord } from './record.ts';
import { resolve } from './resolve.ts';

test('a resolved call: consumer, service, endpoint, path without query, user, subject, purpose, hashes, latency', () => {
  const x = fakeExchange({ url: '/r1/IR/GOV/CIVIL/registry/persons/persons/0012345679?x=1', headers: [['X-Road-Client', HEALTH_KEY], ['X-Road-Id', 'm-1'], ['X-Road-UserId', 'IR0012345679'], ['X-Road-Issue', 'case 9']] });
  parse(x);
  x.consumer = x.snapshot.subsystem(HEALTH_KEY);
  resolve(x);
  x.status = 200;
  x.requestHash = 'rq';
  x.responseHash = 'rs';
  const r = toExchangeRecord(x, x.startedNs + 2_500_000n);
  assert.deepEqual(r, {
    messageId: 'm-1',
    at: x.receivedAt,
    consumer: HEALTH_KEY,
    service: 'IR/GOV/CIVIL/registry/persons',
    method: 'GET',
    path: '/persons/0012345679',
    endpoint: 'GET /persons/{nationalCode}',
    userId: 'IR0012345679',
    representedParty: null,
    dataSubject: '0012345679',
    purpose: 'case 9',
    status: 200,
    errorType: null,
    latencyMs: 2.5,
    requestHash: 'rq',
    responseHash: 'rs',
  });
});

test('the represented party is logged in its decoded form, next to the user who acted', () => {
  const x = fakeExchange({ url: '/r1/IR/GOV/CIVIL/registry/persons/persons/0012345679', headers: [['X-Road-Client', HEALTH_KEY], ['X-Road-UserId', 'IR0012345679'], ['X-Road-Represented-Party', ' COM/10101010104 ']] });
  parse(x);
  assert.deepEqual([toExchangeRecord(x, x.startedNs).userId, toExchangeRecord(x, x.startedNs).representedParty], ['IR0012345679', 'COM/10101010104']);
  const y = fakeExchange({ url: '/r1/IR/GOV/CIVIL/registry/persons/persons/0012345679', headers: [['X-Road-Client', HEALTH_KEY], ['X-Road-Represented-Party', '10101010104']] });
  parse(y);
  assert.equal(toExchangeRecord(y, y.startedNs).representedParty, '10101010104');
});

test('refused early: claimed client, target as parsed, or the raw path cut and cleaned', () => {
  const x = fakeExchange({ url: '/r1/IR/GOV/CIVIL/registry/nosuch/a?b', headers: [['X-Road-Client', HEALTH_KEY]] });
  parse(x);
  x.status = 404;
  x.errorType = 'Server.ServerProxy.UnknownService';
  const r = toExchangeRecord(x, x.startedNs);
  assert.deepEqual([r.consumer, r.service, r.path, r.endpoint, r.errorType], [HEALTH_KEY, 'IR/GOV/CIVIL/registry/nosuch', '/a', null, 'Server.ServerProxy.UnknownService']);

  const y = fakeExchange({ url: '/junk/' + 'x'.repeat(5000) + '?q' });
  const ry = toExchangeRecord(y, y.startedNs);
  assert.equal(ry.path.length, 1024);
  assert.equal(ry.service, null);
  assert.equal(ry.consumer, null);

  const m = fakeExchange({ url: '/listClients' });
  parse(m);
  assert.deepEqual([toExchangeRecord(m, m.startedNs).service, toExchangeRecord(m, m.startedNs).path], ['listClients', '']);
  const l = fakeExchange({ url: '/r1/IR/GOV/CIVIL/registry/listMethods', headers: [['X-Road-Client', 'IR/GOV/HEALTH']] });
  parse(l);
  assert.deepEqual([toExchangeRecord(l, l.startedNs).service, toExchangeRecord(l, l.startedNs).consumer], ['IR/GOV/CIVIL/registry/listMethods', 'IR/GOV/HEALTH']);
});

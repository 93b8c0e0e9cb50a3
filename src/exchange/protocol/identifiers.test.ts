import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatClientId,
  formatServiceId,
  parseClientHeader,
  parseR1Target,
  r1MetaservicePath,
  r1ServicePath,
  sameClient,
  type R1Target,
  type ServiceId,
} from './identifiers.ts';

function ok(target: string): R1Target {
  const r = parseR1Target(target);
  if (!r.ok) assert.fail(`expected ${target} to parse, got ${r.error.reason}: ${r.error.message}`);
  return r.value;
}

function reason(target: string): string {
  const r = parseR1Target(target);
  assert.equal(r.ok, false, `expected ${target} to be refused`);
  return r.ok ? '' : r.error.reason;
}

test('an r1 target yields the service id, the provider path as received, and the query', () => {
  assert.deepEqual(ok('/r1/IR/GOV/1234/CIVREG/person/v1/persons/0012345678%20x?full=true&a=%2F'), {
    kind: 'service',
    service: { instance: 'IR', memberClass: 'GOV', memberCode: '1234', subsystemCode: 'CIVREG', serviceCode: 'person' },
    path: '/v1/persons/0012345678%20x',
    query: 'full=true&a=%2F',
  });
  assert.deepEqual(ok('/r1/IR/GOV/1234/CIVREG/person'), {
    kind: 'service',
    service: { instance: 'IR', memberClass: 'GOV', memberCode: '1234', subsystemCode: 'CIVREG', serviceCode: 'person' },
    path: '',
    query: undefined,
  });
  const trailing = ok('/r1/IR/GOV/1234/CIVREG/person/');
  assert.equal(trailing.kind === 'service' && trailing.path, '/');
});

test('identifier parts are percent-decoded one by one and may use the whole allowed set', () => {
  const t = ok("/r1/IR/GOV/12%2B34/S'(x)+,-.=%3F/svc.1");
  assert.equal(t.kind, 'service');
  if (t.kind === 'service') {
    assert.equal(t.service.memberCode, '12+34');
    assert.equal(t.service.subsystemCode, "S'(x)+,-.=?");
    assert.equal(t.service.serviceCode, 'svc.1');
  }
});

test('malformed identifiers are refused with a typed reason and Client.BadRequest', () => {
  assert.equal(reason('/r1/IR/GOV/12%2F34/SUB/svc'), 'bad_character', 'encoded slash inside a part');
  assert.equal(reason('/r1/IR/GOV/12%2f34/SUB/svc'), 'bad_character', 'lower-case encoded slash');
  assert.equal(reason('/r1/IR//1234/SUB/svc'), 'empty_part');
  assert.equal(reason('/r1/IR/GOV/1234//svc/x'), 'empty_part');
  assert.equal(reason('/r1/IR/GOV/12_34/SUB/svc'), 'bad_character', 'underscore is outside the allowed set');
  assert.equal(reason('/r1/IR/GOV/%D8%A7/SUB/svc'), 'bad_character', 'non-ASCII letter');
  assert.equal(reason('/r1/IR/GOV/12%0A34/SUB/svc'), 'bad_character', 'encoded newline');
  assert.equal(reason('/r1/IR/GOV/12%0034/SUB/svc'), 'bad_character', 'encoded NUL');
  assert.equal(reason('/r1/IR/GOV/1234/SUB%/svc'), 'bad_encoding');
  assert.equal(reason('/r1/IR/GOV/%C3%28/SUB/svc'), 'bad_encoding', 'invalid UTF-8');
  assert.equal(reason('/r1/IR/GOV/../SUB/svc'), 'dot_segment');
  assert.equal(reason('/r1/IR/GOV/%2E%2E/SUB/svc'), 'dot_segment');
  assert.equal(reason('/r1/IR/GOV/1234/SUB'), 'too_few_parts');
  assert.equal(reason('/r1/IR/GOV/1234'), 'too_few_parts');
  assert.equal(reason('/r1/IR/GOV/' + 'x'.repeat(256) + '/SUB/svc'), 'too_long');
  assert.equal(reason('/r1/IR/GOV/1 4/SUB/svc'), 'bad_character');
  assert.equal(reason('/x1/IR/GOV/1234/SUB/svc'), 'not_r1');
  assert.equal(reason('r1/IR/GOV/1234/SUB/svc'), 'not_r1');
  const r = parseR1Target('/r1/IR/GOV/12%2F34/SUB/svc');
  assert.ok(!r.ok);
  assert.equal(r.error.errorType, 'Client.BadRequest');
  assert.equal(r.error.part, 'memberCode');
});

test('another protocol version is its own error type', () => {
  const r = parseR1Target('/r2/IR/GOV/1234/SUB/svc');
  assert.ok(!r.ok);
  assert.equal(r.error.reason, 'unsupported_version');
  assert.equal(r.error.errorType, 'Client.InvalidProtocolVersion');
});

test('the provider path refuses traversal and encoded separators but keeps other encodings', () => {
  assert.equal(reason('/r1/IR/GOV/1234/SUB/svc/a/../admin'), 'dot_segment');
  assert.equal(reason('/r1/IR/GOV/1234/SUB/svc/a/%2e%2E/admin'), 'dot_segment');
  assert.equal(reason('/r1/IR/GOV/1234/SUB/svc/a/./b'), 'dot_segment');
  assert.equal(reason('/r1/IR/GOV/1234/SUB/svc/a%2F..%2Fadmin'), 'encoded_separator');
  assert.equal(reason('/r1/IR/GOV/1234/SUB/svc/a%5cb'), 'encoded_separator');
  assert.equal(reason('/r1/IR/GOV/1234/SUB/svc/a%0d%0aX'), 'bad_character');
  const t = ok('/r1/IR/GOV/1234/SUB/svc/%D9%85%DB%8C%D9%84%D8%A7%D8%AF/..x');
  assert.equal(t.kind === 'service' && t.path, '/%D9%85%DB%8C%D9%84%D8%A7%D8%AF/..x');
});

test('the provider path refuses what an upstream may normalise: ..;, ;-parameters, encoded and double-encoded dots and slashes, //', () => {
  assert.equal(reason('/r1/IR/GOV/1234/SUB/svc/a/..;/admin'), 'dot_segment');
  assert.equal(reason('/r1/IR/GOV/1234/SUB/svc/a/%2e%2e%3b/admin'), 'dot_segment');
  assert.equal(reason('/r1/IR/GOV/1234/SUB/svc/a/%252e%252e/admin'), 'dot_segment');
  assert.equal(reason('/r1/IR/GOV/1234/SUB/svc/a%252f..%252fadmin'), 'encoded_separator');
  assert.equal(reason('/r1/IR/GOV/1234/SUB/svc/a//admin'), 'empty_segment');
  assert.equal(reason('/r1/IR/GOV/1234/SUB/svc//'), 'empty_segment');
  assert.equal(reason('/r1/IR/GOV/1234/SUB/svc/a/%' + '2525252525' + '2e'), 'nested_encoding');
  const r = parseR1Target('/r1/IR/GOV/1234/SUB/svc/a/..;/admin');
  assert.ok(!r.ok);
  assert.equal(r.error.errorType, 'Client.BadRequest');
  assert.equal(r.error.part, 'path');
  assert.equal(reason('/r1/IR/GOV/1234/SUB/svc/items/export;x'), 'path_parameter');
  // A single trailing slash stays allowed.
  for (const path of ['/', '/a/', '/a/b/']) {
    const t = ok('/r1/IR/GOV/1234/SUB/svc' + path);
    assert.equal(t.kind === 'service' && t.path, path);
  }
});

test('metaservice names in the service position address the provider subsystem', () => {
  for (const name of ['listMethods', 'allowedMethods', 'getOpenAPI'] as const) {
    assert.deepEqual(ok(`/r1/IR/GOV/1234/CIVREG/${name}?serviceCode=person`), {
      kind: 'metaservice',
      metaservice: name,
      provider: { instance: 'IR', memberClass: 'GOV', memberCode: '1234', subsystemCode: 'CIVREG' },
      query: 'serviceCode=person',
    });
  }
  assert.equal(reason('/r1/IR/GOV/1234/CIVREG/listMethods/extra'), 'too_many_parts');
  // case matters, as in X-Road: this is an ordinary service code
  assert.equal(ok('/r1/IR/GOV/1234/CIVREG/listmethods').kind, 'service');
});

test('X-Road-Client parses members and subsystems and refuses malformed values', () => {
  assert.deepEqual(parseClientHeader('IR/GOV/1234/SUB'), { ok: true, value: { instance: 'IR', memberClass: 'GOV', memberCode: '1234', subsystemCode: 'SUB' } });
  assert.deepEqual(parseClientHeader('IR/GOV/1234'), { ok: true, value: { instance: 'IR', memberClass: 'GOV', memberCode: '1234' } });
  assert.deepEqual(parseClientHeader('IR/GOV/12%2B34/SUB'), { ok: true, value: { instance: 'IR', memberClass: 'GOV', memberCode: '12+34', subsystemCode: 'SUB' } });
  const cases: Array<[string | undefined, string]> = [
    [undefined, 'empty_part'],
    ['', 'empty_part'],
    ['IR/GOV', 'too_few_parts'],
    ['IR/GOV/1234/SUB/extra', 'too_many_parts'],
    ['IR//1234/SUB', 'empty_part'],
    ['IR/GOV/12%2F34/SUB', 'bad_character'],
    ['IR/GOV/1234/SU B', 'bad_character'],
    ['IR/GOV/1234/%E0%A4%A', 'bad_encoding'],
  ];
  for (const [value, expected] of cases) {
    const r = parseClientHeader(value);
    assert.ok(!r.ok, `expected ${String(value)} to be refused`);
    assert.equal(r.error.reason, expected, String(value));
    assert.equal(r.error.errorType, 'Client.InvalidClientIdentifier');
  }
});

test('formatting round-trips through parsing', () => {
  const service: ServiceId = { instance: 'IR', memberClass: 'GOV', memberCode: '12+34', subsystemCode: 'A?B', serviceCode: 'person' };
  assert.equal(formatServiceId(service), 'IR/GOV/12%2B34/A%3FB/person');
  assert.equal(formatServiceId({ ...service, serviceVersion: 'v2' }), 'IR/GOV/12%2B34/A%3FB/person/v2');
  assert.equal(r1ServicePath(service, '/x/1'), '/r1/IR/GOV/12%2B34/A%3FB/person/x/1');
  const back = ok(r1ServicePath(service, '/x/1') + '?q=1');
  assert.deepEqual(back, { kind: 'service', service, path: '/x/1', query: 'q=1' });

  const client = { instance: 'IR', memberClass: 'GOV', memberCode: '1234', subsystemCode: 'SUB' };
  assert.equal(formatClientId(client), 'IR/GOV/1234/SUB');
  assert.equal(formatClientId({ instance: 'IR', memberClass: 'GOV', memberCode: '1234' }), 'IR/GOV/1234');
  const parsed = parseClientHeader(formatClientId(client));
  assert.ok(parsed.ok && sameClient(parsed.value, client));
  assert.equal(r1MetaservicePath(client, 'listMethods'), '/r1/IR/GOV/1234/SUB/listMethods');
  assert.ok(!sameClient(client, { instance: 'IR', memberClass: 'GOV', memberCode: '1234' }));
});

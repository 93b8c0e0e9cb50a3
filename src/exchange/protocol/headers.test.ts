import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  forwardRequestHeaders,
  forwardResponseHeaders,
  headersFromRaw,
  headersToRaw,
  parseRepresentedParty,
  parseUserId,
  pickClientHeader,
  validateHeaders,
  type HeaderList,
} from './headers.ts';

const client = { instance: 'IR', memberClass: 'GOV', memberCode: '1111', subsystemCode: 'CONSUMER' };
const service = { instance: 'IR', memberClass: 'GOV', memberCode: '2222', subsystemCode: 'CIVREG', serviceCode: 'person' };

function forward(list: HeaderList, extra: Partial<Parameters<typeof forwardRequestHeaders>[1]> = {}): HeaderList {
  const r = forwardRequestHeaders(list, { client, messageId: 'msg-1', ...extra });
  if (!r.ok) assert.fail(`${r.error.reason}: ${r.error.message}`);
  return r.value;
}

test('request forwarding drops hop-by-hop, Host, User-Agent, gateway credentials and gateway-written X-Road headers; extensions and the rest pass in order', () => {
  const out = forward(
    headersFromRaw([
      'Host', 'gateway.example',
      'Connection', 'keep-alive, X-Custom',
      'Keep-Alive', 'timeout=5',
      'Transfer-Encoding', 'chunked',
      'TE', 'trailers',
      'Upgrade', 'websocket',
      'Proxy-Authorization', 'Basic eA==',
      'User-Agent', 'curl/8',
      'X-Custom', 'named in Connection',
      'Content-Type', 'application/json',
      'Accept', 'application/xml',
      'Cache-Control', 'no-cache',
      'If-None-Match', '"abc"',
      'X-Request-Tag', 'user header',
      'X-Road-Client', 'IR/GOV/9999/FORGED',
      'X-Road-Id', 'client-chosen-id',
      'X-Road-UserId', 'IR0012345678',
      'X-Road-Issue', 'case 42',
      'X-Road-Represented-Party', 'COM/10101010101',
      'X-Road-Service', 'IR/GOV/2222/CIVREG/forged',
      'X-Road-Request-Hash', 'forged',
      'X-Road-Error', 'forged',
      'X-Road-Request-Id', 'forged',
      'X-Road-Security-Server', 'IR/GOV/1111/ss1',
      'X-Road-Foo', 'extension',
      'X-Forwarded-For', '10.0.0.1',
      'Authorization', 'Bearer gateway-credential',
      'X-OneWindow-Client-Secret', 'demo-secret',
      'Information-Mediator-Client', 'IR/GOV/1111/CONSUMER',
    ]),
  );
  assert.deepEqual(out, [
    ['Content-Type', 'application/json'],
    ['Accept', 'application/xml'],
    ['Cache-Control', 'no-cache'],
    ['If-None-Match', '"abc"'],
    ['X-Request-Tag', 'user header'],
    ['X-Road-UserId', 'IR0012345678'],
    ['X-Road-Issue', 'case 42'],
    ['X-Road-Represented-Party', 'COM/10101010101'],
    ['X-Road-Foo', 'extension'],
    ['X-Road-Client', 'IR/GOV/1111/CONSUMER'],
    ['X-Road-Id', 'msg-1'],
  ]);
});

test('a header named in Connection is dropped whatever its case, but protocol headers survive it', () => {
  const out = forward([
    ['connection', 'x-custom,  X-Other , X-Road-UserId'],
    ['X-CUSTOM', '1'],
    ['x-other', '2'],
    ['x-kept', '3'],
    ['x-road-userid', 'IR0012345678'],
  ]);
  assert.deepEqual(out.map(([n]) => n), ['x-kept', 'x-road-userid', 'X-Road-Client', 'X-Road-Id', 'Accept']);
});

test('Accept defaults to application/json only when absent', () => {
  assert.deepEqual(forward([]), [['X-Road-Client', 'IR/GOV/1111/CONSUMER'], ['X-Road-Id', 'msg-1'], ['Accept', 'application/json']]);
  assert.deepEqual(forward([['accept', 'text/csv']]).filter(([n]) => n.toLowerCase() === 'accept'), [['accept', 'text/csv']]);
});

test('the request id is passed on when given, and consumed credentials can be configured', () => {
  const out = forward([['Authorization', 'Bearer provider-key'], ['Cookie', 'a=b']], { requestId: 'req-9', consumed: new Set() });
  assert.deepEqual(out, [
    ['Authorization', 'Bearer provider-key'],
    ['Cookie', 'a=b'],
    ['X-Road-Client', 'IR/GOV/1111/CONSUMER'],
    ['X-Road-Id', 'msg-1'],
    ['X-Road-Request-Id', 'req-9'],
    ['Accept', 'application/json'],
  ]);
});

test('header injection attempts are refused with Client.BadRequest', () => {
  for (const value of ['a\r\nX-Road-Client: IR/GOV/9/X', 'a\nb', 'a\rb', 'a\0b']) {
    const r = forwardRequestHeaders([['X-Road-Issue', value]], { client, messageId: 'm' });
    assert.ok(!r.ok, JSON.stringify(value));
    assert.equal(r.error.reason, 'header_injection');
    assert.equal(r.error.errorType, 'Client.BadRequest');
    assert.equal(r.error.header, 'X-Road-Issue');
  }
  const ctl = validateHeaders([['X-A', 'a\x07b']]);
  assert.ok(!ctl.ok && ctl.error.reason === 'bad_header_value');
  assert.ok(validateHeaders([['X-A', 'tab\tis fine']]).ok);
  const name = validateHeaders([['X A', 'v']]);
  assert.ok(!name.ok && name.error.reason === 'bad_header_name');
  // a message id chosen by the gateway from client input is checked too
  const id = forwardRequestHeaders([], { client, messageId: 'x\r\ny' });
  assert.ok(!id.ok && id.error.reason === 'header_injection');
});

test('a protocol header given twice is refused', () => {
  const r = forwardRequestHeaders([['X-Road-UserId', 'IR1'], ['x-road-userid', 'IR2']], { client, messageId: 'm' });
  assert.ok(!r.ok);
  assert.equal(r.error.reason, 'duplicate_header');
});

test('response forwarding drops hop-by-hop, Server and the X-Road headers the gateway writes, keeps extensions, and adds the gateway ones', () => {
  const out = forwardResponseHeaders(
    [
      ['Connection', 'close, X-Secret'],
      ['X-Secret', 'hop'],
      ['Transfer-Encoding', 'chunked'],
      ['Server', 'nginx/1.2'],
      ['Content-Type', 'application/json'],
      ['Cache-Control', 'max-age=60'],
      ['X-Road-Error', 'Server.ServerProxy.AccessDenied'],
      ['x-road-request-hash', 'fake'],
      ['X-Road-Id', 'fake'],
      ['X-Road-Client', 'IR/GOV/9/FAKE'],
      ['X-Road-Service', 'IR/GOV/9/FAKE/x'],
      ['X-Road-Request-Id', 'fake'],
      ['X-Road-Foo', 'extension'],
      ['Set-Cookie', 'a=b'],
    ],
    { client, service, messageId: 'msg-1', requestId: 'req-1', requestHash: 'aGFzaA==' },
  );
  assert.deepEqual(out, [
    ['Content-Type', 'application/json'],
    ['Cache-Control', 'max-age=60'],
    ['X-Road-Foo', 'extension'],
    ['Set-Cookie', 'a=b'],
    ['X-Road-Client', 'IR/GOV/1111/CONSUMER'],
    ['X-Road-Service', 'IR/GOV/2222/CIVREG/person'],
    ['X-Road-Id', 'msg-1'],
    ['X-Road-Request-Id', 'req-1'],
    ['X-Road-Request-Hash', 'aGFzaA=='],
  ]);
});

test('raw header conversion keeps order and duplicates', () => {
  const raw = ['A', '1', 'b', '2', 'A', '3'];
  assert.deepEqual(headersFromRaw(raw), [['A', '1'], ['b', '2'], ['A', '3']]);
  assert.deepEqual(headersToRaw(headersFromRaw(raw)), raw);
});

test('X-Road-UserId is a two-letter country prefix and an identifier', () => {
  assert.deepEqual(parseUserId('IR0012345678'), { ok: true, value: { country: 'IR', id: '0012345678' } });
  assert.deepEqual(parseUserId('EE38001085718'), { ok: true, value: { country: 'EE', id: '38001085718' } });
  for (const bad of ['', 'IR', 'ir0012345678', 'I0012345678', '0012345678', 'IR 0012345678', 'IR00/12', 'IR' + '1'.repeat(65)]) {
    const r = parseUserId(bad);
    assert.ok(!r.ok, bad);
    assert.equal(r.error.reason, 'bad_user_id');
  }
});

test('X-Road-Represented-Party is [CLASS/]CODE', () => {
  assert.deepEqual(parseRepresentedParty('COM/10101010101'), { ok: true, value: { partyClass: 'COM', partyCode: '10101010101' } });
  assert.deepEqual(parseRepresentedParty('10101010101'), { ok: true, value: { partyCode: '10101010101' } });
  for (const bad of ['', 'A/B/C', 'COM/', 'COM/1%2F2']) assert.ok(!parseRepresentedParty(bad).ok, bad);
});

test('the client header is read under its X-Road and GovStack names', () => {
  assert.deepEqual(pickClientHeader([['X-Road-Client', 'IR/GOV/1/S']]), { ok: true, value: { dialect: 'xroad', value: 'IR/GOV/1/S' } });
  assert.deepEqual(pickClientHeader([['X-GovStack-Client', 'IR/GOV/1/S']]), { ok: true, value: { dialect: 'govstack', value: 'IR/GOV/1/S' } });
  assert.deepEqual(pickClientHeader([['Information-Mediator-Client', 'IR/GOV/1/S']]), { ok: true, value: { dialect: 'govstack', value: 'IR/GOV/1/S' } });
  assert.deepEqual(pickClientHeader([]), { ok: true, value: { dialect: 'xroad', value: undefined } });
  const conflict = pickClientHeader([['X-Road-Client', 'IR/GOV/1/S'], ['Information-Mediator-Client', 'IR/GOV/2/S']]);
  assert.ok(!conflict.ok && conflict.error.reason === 'conflicting_client_headers' && conflict.error.errorType === 'Client.InvalidClientIdentifier');
  const twice = pickClientHeader([['X-Road-Client', 'IR/GOV/1/S'], ['X-Road-Client', 'IR/GOV/1/S']]);
  assert.ok(!twice.ok && twice.error.reason === 'duplicate_header');
});

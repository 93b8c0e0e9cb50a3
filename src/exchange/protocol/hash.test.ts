import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createMessageHasher, createRequestHasher, requestHash, serializeRequestHead, serializeResponseHead } from './hash.ts';

const sha512 = (b: Buffer | string) => createHash('sha512').update(b).digest();

const headers = [
  ['Content-Type', 'application/json'],
  ['X-Road-Client', 'IR/GOV/1111/CONSUMER'],
  ['X-Road-Id', 'a4d5b1e2-0000-4000-8000-000000000001'],
] as const;
const target = '/r1/IR/GOV/2222/CIVREG/person/persons/0012345678?full=true';
// Written out by hand so a change in the serialisation is caught, not mirrored.
const head = 'POST\r\n/r1/IR/GOV/2222/CIVREG/person/persons/0012345678?full=true\r\ncontent-type: application/json\r\nx-road-client: IR/GOV/1111/CONSUMER\r\nx-road-id: a4d5b1e2-0000-4000-8000-000000000001\r\n';

test('the head is serialised as method, target and lower-cased header lines', () => {
  assert.equal(serializeRequestHead('post', target, headers).toString('latin1'), head);
  assert.equal(serializeResponseHead(200, [['Content-Type', 'text/plain']]).toString('latin1'), '200\r\ncontent-type: text/plain\r\n');
});

test('with a body: base64(SHA-512(SHA-512(head) || SHA-512(body)))', () => {
  const body = '{"nationalCode":"0012345678"}';
  const expected = createHash('sha512').update(Buffer.concat([sha512(head), sha512(body)])).digest('base64');
  assert.equal(requestHash('POST', target, headers, body), expected);
  assert.notEqual(expected, sha512(head).toString('base64'));
});

test('without a body (or an empty one): base64(SHA-512(head))', () => {
  const expected = sha512(head.replace(/^POST/, 'GET')).toString('base64');
  assert.equal(requestHash('GET', target, headers), expected);
  assert.equal(requestHash('GET', target, headers, ''), expected);
  assert.equal(requestHash('GET', target, headers, new Uint8Array(0)), expected);
});

test('known vectors computed outside Node (printf | sha512sum | xxd -r -p | base64)', () => {
  // printf 'GET\r\n/r1/A/B/C/D/s\r\n' | sha512sum | cut -d' ' -f1 | xxd -r -p | base64 -w0
  assert.equal(requestHash('GET', '/r1/A/B/C/D/s', []), '+97TLr3+dQlo75LCUdozUIYVmFtaIwo85T1IRF1qKjTYMowduumxP/4RFNtwFpP8N+gTftPYaEAYDb+nxnBO4Q==');
  // the same for head 'POST\r\n/r1/A/B/C/D/s\r\ncontent-type: application/json\r\n' and body '{"a":1}',
  // then the two binary digests concatenated, hashed and base64-encoded
  assert.equal(
    requestHash('POST', '/r1/A/B/C/D/s', [['Content-Type', 'application/json']], '{"a":1}'),
    'IabXnW7cKIH9FWC6RGI6jwZ+HlcSn3f/cH7iuDzEGBATrMNrKGjgR0cwpZifLkSReseIAcex3oFjR8IqeZ3jHA==',
  );
});

test('streaming chunks give the same hash as one body, whatever the chunking', () => {
  const body = Buffer.from('x'.repeat(100_000) + 'میلاد', 'utf8');
  const whole = requestHash('PUT', target, headers, body);
  const h = createRequestHasher('PUT', target, headers);
  for (let i = 0; i < body.length; i += 7919) h.update(body.subarray(i, i + 7919));
  assert.equal(h.digest(), whole);
});

test('different targets, header order or values change the hash', () => {
  const base = requestHash('GET', target, headers);
  assert.notEqual(requestHash('GET', target + '&x=1', headers), base);
  assert.notEqual(requestHash('GET', target, [...headers].reverse()), base);
  assert.notEqual(requestHash('DELETE', target, headers), base);
  assert.equal(requestHash('GET', target, headers.map(([n, v]) => [n.toUpperCase(), v] as const)), base, 'names are case-insensitive');
});

test('a hasher is single-use and refuses characters that cannot come from the wire', () => {
  const h = createMessageHasher(Buffer.from('x'));
  h.digest();
  assert.throws(() => h.digest());
  assert.throws(() => h.update('y'));
  assert.throws(() => serializeRequestHead('GET', '/r1/ا', []), RangeError);
});

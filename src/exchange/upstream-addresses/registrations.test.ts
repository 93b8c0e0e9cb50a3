import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coveringRegistration, covers, normalisePrefix, overlap, parseUpstream } from './registrations.ts';

const parsed = (url: string) => {
  const p = parseUpstream(url);
  assert.ok(p, url);
  return p;
};
const registration = (url: string, revokedAt: string | null = null) => ({ urlPrefix: normalisePrefix(parsed(url)), revokedAt });

test('a prefix is normalised: lower-case host, default port dropped, dot segments resolved, ending with /', () => {
  assert.equal(normalisePrefix(parsed('HTTPS://Api.Agency.Example:443/a/../b')), 'https://api.agency.example/b/');
  assert.equal(normalisePrefix(parsed('http://127.0.0.1:8090')), 'http://127.0.0.1:8090/');
  assert.equal(normalisePrefix(parsed('http://[::1]:80/x/')), 'http://[::1]/x/');
  assert.equal(normalisePrefix(parsed('http://2130706433/')), 'http://127.0.0.1/', 'numeric IPv4 forms are one address');
});

test('only http(s) base URLs without credentials, query or fragment are upstreams', () => {
  for (const bad of ['ftp://a/', 'https://u:p@a/', 'https://a/?x=1', 'https://a/#f', 'https://a/?', 'not a url', 'file:///etc/passwd']) assert.equal(parseUpstream(bad), undefined, bad);
});

test('a registration covers its own scheme, host and port, and paths under its prefix on a segment boundary', () => {
  const r = registration('https://api.agency.example/inquiries/');
  assert.ok(covers(r, parsed('https://api.agency.example/inquiries')));
  assert.ok(covers(r, parsed('https://api.agency.example/inquiries/v2/')));
  assert.ok(covers(r, parsed('https://API.agency.example:443/inquiries/x')));
  for (const outside of [
    'https://api.agency.example/inquiries-admin/',
    'https://api.agency.example/',
    'https://api.agency.example/inquiries/../admin/',
    'https://api.agency.example/inquiries/%2e%2e/admin/',
    'http://api.agency.example/inquiries/',
    'https://api.agency.example:8443/inquiries/',
    'https://api.agency.example.evil.example/inquiries/',
    'https://evil.example/api.agency.example/inquiries/',
  ]) {
    assert.equal(covers(r, parsed(outside)), false, outside);
  }
});

test('revoked registrations cover nothing', () => {
  const url = parsed('https://a.example/x/');
  assert.equal(coveringRegistration([registration('https://a.example/', '2026-01-01T00:00:00Z')], url), undefined);
  assert.ok(coveringRegistration([registration('https://a.example/', '2026-01-01T00:00:00Z'), registration('https://a.example/x/')], url));
});

test('two prefixes overlap on the same host and port when one path holds the other, whatever the scheme', () => {
  assert.ok(overlap(parsed('https://a.example/x/'), parsed('https://a.example/')));
  assert.ok(overlap(parsed('http://a.example:443/'), parsed('https://a.example/y/')));
  assert.equal(overlap(parsed('https://a.example/x/'), parsed('https://a.example/y/')), false);
  assert.equal(overlap(parsed('https://a.example/'), parsed('https://a.example:8443/')), false);
  assert.equal(overlap(parsed('https://a.example/'), parsed('https://b.example/')), false);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalIp, isInternalAddress } from './address-policy.ts';

test('loopback, private, link-local, CGNAT, multicast, reserved and unspecified addresses are internal, in both families', () => {
  for (const ip of ['127.0.0.1', '127.255.0.9', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '198.18.0.1', '::1', '::', 'fe80::1', 'fc00::1', 'fd12:3456::1', 'ff02::1']) {
    assert.equal(isInternalAddress(ip), true, ip);
  }
});

test('IPv4 carried in IPv6 (mapped, NAT64) is judged by the IPv4 address', () => {
  for (const ip of ['::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '64:ff9b::a9fe:a9fe', '64:ff9b::127.0.0.1']) assert.equal(isInternalAddress(ip), true, ip);
  assert.equal(isInternalAddress('::ffff:8.8.8.8'), false);
});

test('public addresses are not internal; this host\'s own addresses are', () => {
  for (const ip of ['8.8.8.8', '203.0.113.5', '172.32.0.1', '2001:db8::1', '2a00:1450::1']) assert.equal(isInternalAddress(ip), false, ip);
  assert.equal(isInternalAddress('203.0.113.5', new Set(['203.0.113.5'])), true, 'an interface address of this host reaches its own ports');
  assert.equal(isInternalAddress('::ffff:203.0.113.5', new Set(['203.0.113.5'])), true);
});

test('anything that is not an IP address is never trusted; addresses are compared canonically', () => {
  assert.equal(isInternalAddress('example.gov'), true);
  assert.equal(canonicalIp('[::FFFF:127.0.0.1]'), '::ffff:7f00:1');
  assert.equal(canonicalIp('2001:DB8:0:0::1'), '2001:db8::1');
  assert.equal(canonicalIp('127.0.0.1'), '127.0.0.1');
  assert.equal(canonicalIp('localhost'), undefined);
});

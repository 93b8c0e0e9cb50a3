import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sourceKey } from './source.ts';

test('sourceKey: IPv4 as is, IPv4-mapped as IPv4, IPv6 by its /64', () => {
  assert.equal(sourceKey('192.0.2.7'), '192.0.2.7');
  assert.equal(sourceKey('::ffff:192.0.2.7'), '192.0.2.7');
  assert.equal(sourceKey('2001:db8:0:12:abcd::1'), '2001:db8:0:12::/64');
  assert.equal(sourceKey('2001:0DB8:0000:0012:1:2:3:4'), '2001:db8:0:12::/64');
  assert.equal(sourceKey('2001:db8::1'), '2001:db8:0:0::/64');
  assert.equal(sourceKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
  assert.equal(sourceKey('::1'), '0:0:0:0::/64');
  assert.equal(sourceKey('::'), '0:0:0:0::/64');
  assert.equal(sourceKey('64:ff9b::192.0.2.7'), '64:ff9b:0:0::/64');
  assert.equal(sourceKey(undefined), 'unknown');
});

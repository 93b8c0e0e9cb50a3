import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileEndpoint, endpointMatches } from './endpoints.ts';

test('method * matches any method; otherwise methods must agree', () => {
  assert.ok(endpointMatches({ method: '*', path: '/a' }, 'DELETE', '/a'));
  assert.ok(endpointMatches({ method: 'get', path: '/a' }, 'GET', '/a'));
  assert.ok(!endpointMatches({ method: 'GET', path: '/a' }, 'POST', '/a'));
});

test('{param} matches exactly one non-empty segment', () => {
  const p = { method: 'GET', path: '/persons/{nationalCode}' };
  assert.ok(endpointMatches(p, 'GET', '/persons/0012345678'));
  assert.ok(endpointMatches(p, 'GET', '/persons/%D9%85'));
  assert.ok(!endpointMatches(p, 'GET', '/persons/'));
  assert.ok(!endpointMatches(p, 'GET', '/persons'));
  assert.ok(!endpointMatches(p, 'GET', '/persons/1/guardians'));
  assert.ok(endpointMatches({ method: 'GET', path: '/persons/{id}/guardians' }, 'GET', '/persons/1/guardians'));
});

test('* inside a segment stays within the segment; ** spans segments', () => {
  assert.ok(endpointMatches({ method: 'GET', path: '/files/*.json' }, 'GET', '/files/a.json'));
  assert.ok(!endpointMatches({ method: 'GET', path: '/files/*.json' }, 'GET', '/files/a/b.json'));
  assert.ok(!endpointMatches({ method: 'GET', path: '/files/*.json' }, 'GET', '/files/a.jsonx'));
  assert.ok(endpointMatches({ method: 'GET', path: '/persons/*' }, 'GET', '/persons/1'));
  assert.ok(!endpointMatches({ method: 'GET', path: '/persons/*' }, 'GET', '/persons/1/x'));
  const all = { method: '*', path: '/**' };
  for (const path of ['', '/', '/a', '/a/b/c']) assert.ok(endpointMatches(all, 'PATCH', path), path);
  assert.ok(endpointMatches({ method: 'GET', path: '/a/**/z' }, 'GET', '/a/z'));
  assert.ok(endpointMatches({ method: 'GET', path: '/a/**/z' }, 'GET', '/a/b/c/z'));
  assert.ok(!endpointMatches({ method: 'GET', path: '/a/**/z' }, 'GET', '/a/b/c'));
});

test('literals are exact: no prefix matches, case matters, regex characters are literal', () => {
  assert.ok(!endpointMatches({ method: 'GET', path: '/persons' }, 'GET', '/persons/1'));
  assert.ok(!endpointMatches({ method: 'GET', path: '/persons' }, 'GET', '/Persons'));
  assert.ok(!endpointMatches({ method: 'GET', path: '/a.c' }, 'GET', '/abc'));
  assert.ok(endpointMatches({ method: 'GET', path: '/a(1)' }, 'GET', '/a(1)'));
  assert.ok(endpointMatches({ method: 'GET', path: '/a' }, 'GET', '/a?x=1'), 'a query does not take part');
  assert.ok(!endpointMatches({ method: 'GET', path: '/a' }, 'GET', 'a'));
});

test('a compiled endpoint can be reused', () => {
  const c = compileEndpoint({ method: 'GET', path: '/level/{nationalCode}' });
  assert.ok(c.matches('GET', '/level/1'));
  assert.ok(!c.matches('GET', '/level'));
  assert.deepEqual(c.pattern, { method: 'GET', path: '/level/{nationalCode}' });
});

test('params returns the {param} segments as received, or null when the endpoint does not match', () => {
  const c = compileEndpoint({ method: 'GET', path: '/persons/{nationalCode}/cards/{card}' });
  assert.deepEqual(c.params('get', '/persons/0012345678/cards/%DB%B1'), { nationalCode: '0012345678', card: '%DB%B1' });
  assert.equal(c.params('POST', '/persons/1/cards/2'), null);
  assert.equal(c.params('GET', '/persons/1/cards'), null);
  assert.deepEqual(compileEndpoint({ method: '*', path: '/**' }).params('GET', '/a/b'), {});
  const rest = compileEndpoint({ method: 'GET', path: '/a/**/{id}/x' });
  assert.deepEqual(rest.params('GET', '/a/b/c/7/x'), { id: '7' });
  assert.equal(rest.params('GET', '/a/b/c/7/y'), null);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_DECODINGS, providerPathProblem } from './provider-path.ts';

test('segments a Java upstream would turn into a dot segment are refused: ..; and its encodings, double-encoded dots', () => {
  const refused: Array<[string, string]> = [
    ['/a/..;/admin', 'dot_segment'],
    ['/a/..;jsessionid=1/admin', 'dot_segment'],
    ['/a/.;/b', 'dot_segment'],
    ['/a/%2e%2e%3b/admin', 'dot_segment'],
    ['/a/%2E%2E%3Bx=1/admin', 'dot_segment'],
    ['/a/.%2e/admin', 'dot_segment'],
    ['/a/%252e%252e/admin', 'dot_segment'],
    ['/a/%25252e%25252e/admin', 'dot_segment'],
    ['/a/%252e%252e%253b/admin', 'dot_segment'],
    ['/a/...', 'dot_segment'],
    ['/a/..%20/admin', 'dot_segment'],
    // Unicode compatibility forms that NFKC folds to dots (FULLWIDTH FULL STOP, TWO DOT LEADER).
    ['/a/%EF%BC%8E%EF%BC%8E/admin', 'dot_segment'],
    ['/a/%E2%80%A5/admin', 'dot_segment'],
    ['/..', 'dot_segment'],
    ['/.', 'dot_segment'],
  ];
  for (const [path, reason] of refused) assert.equal(providerPathProblem(path), reason, path);
});

test('encoded separators at any depth of encoding are refused', () => {
  for (const path of ['/a%2Fb', '/a%2fb', '/a%5Cb', '/a\\b', '/a%252fb', '/a%25252Fb', '/a%255cb', '/a%EF%BC%8Fb', '/a%EF%BC%BCb', '/x;p=%2F']) {
    assert.equal(providerPathProblem(path), 'encoded_separator', path);
  }
});

test('empty segments are refused, except a single trailing slash', () => {
  for (const path of ['//', '//a', '/a//b', '/a//', '/a/b//', '/a/%20/b', '/a/%20%20']) {
    assert.equal(providerPathProblem(path), 'empty_segment', path);
  }
  for (const path of ['', '/', '/a/', '/a/b/']) assert.equal(providerPathProblem(path), null, path);
});

test('encodings that stay ambiguous after the bounded decoding are refused; bad UTF-8 is bad_encoding', () => {
  // A dot encoded MAX_DECODINGS + 1 times still holds an escape after the last decoding.
  assert.equal(providerPathProblem('/a/%' + '25'.repeat(MAX_DECODINGS) + '2e'), 'nested_encoding');
  assert.equal(providerPathProblem('/a/%' + '25'.repeat(MAX_DECODINGS - 1) + '2e'), 'dot_segment');
  // A lenient decoder would decode the %2e and keep %ZZ; a strict one would fail: unknowable.
  assert.equal(providerPathProblem('/a/%252e%25ZZ'), 'nested_encoding');
  assert.equal(providerPathProblem('/a/%25C0%25AE%25C0%25AE'), 'nested_encoding', 'an overlong dot behind a second encoding');
  assert.equal(providerPathProblem('/a/%C0%AE%C0%AE'), 'bad_encoding', 'an overlong dot');
  assert.equal(providerPathProblem('/a/%ZZ'), 'bad_encoding');
  assert.equal(providerPathProblem('/a/%u002e%u002e'), 'bad_encoding');
  assert.equal(providerPathProblem('/a/%00'), 'bad_character');
  assert.equal(providerPathProblem('/a/%25%30%30'), 'bad_character', '%00 once decoded twice');
  assert.equal(providerPathProblem('relative'), 'bad_character');
});

test('a ; in any encoding is refused: Java servers drop ;-parameters before routing, so the right matched here is not the endpoint served', () => {
  for (const path of ['/items/export;x', '/items/export;', '/cars;color=red/doors', '/a/;x/b', '/;', '/items/export%3Bx', '/items/export%253bx', '/items/export%EF%BC%9Bx', '/items/export%CD%BEx']) {
    assert.equal(providerPathProblem(path), 'path_parameter', path);
  }
});

test('legitimate paths pass: dots inside names, a literal %, double-encoded ordinary characters, non-ASCII', () => {
  const allowed = [
    '/persons/1234567210',
    '/persons/1234567210/guardians',
    '/v1.2/file.tar.gz',
    '/..x',
    '/.well-known/x',
    '/a..b',
    '/search/100%25',
    '/search/50%25off',
    '/%2541',
    '/%D9%85%DB%8C%D9%84%D8%A7%D8%AF',
    '/' + encodeURIComponent('۱۲۳۴۵۶۷۲۱۰'),
    '/a%20b',
    '/a+b',
  ];
  for (const path of allowed) assert.equal(providerPathProblem(path), null, path);
});

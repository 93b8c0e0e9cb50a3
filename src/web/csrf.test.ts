import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyRequest } from 'fastify';
import { csrfTokenMatches, isSameOriginRequest } from './csrf.ts';

const request = (headers: Record<string, string>, host = 'window.example:8080') => ({ headers, host }) as unknown as FastifyRequest;

test('the synchronizer token must match exactly', () => {
  assert.equal(csrfTokenMatches('abc', 'abc'), true);
  assert.equal(csrfTokenMatches('abc', 'abd'), false);
  assert.equal(csrfTokenMatches('abc', 'abcd'), false, 'a longer value is not a match');
  assert.equal(csrfTokenMatches('abc', ''), false);
  assert.equal(csrfTokenMatches('', ''), false, 'a session without a token accepts nothing');
  assert.equal(csrfTokenMatches('abc', undefined), false);
  assert.equal(csrfTokenMatches('abc', ['abc']), false, 'a repeated field is not a token');
});

test('a request from another origin is refused when the browser says so', () => {
  assert.equal(isSameOriginRequest(request({})), true, 'no headers prove nothing');
  assert.equal(isSameOriginRequest(request({ 'sec-fetch-site': 'same-origin', origin: 'https://window.example:8080' })), true);
  assert.equal(isSameOriginRequest(request({ 'sec-fetch-site': 'none' })), true, 'typed or bookmarked by the person');
  assert.equal(isSameOriginRequest(request({ 'sec-fetch-site': 'cross-site' })), false);
  assert.equal(isSameOriginRequest(request({ 'sec-fetch-site': 'same-site' })), false, 'a sibling subdomain is another origin');
  assert.equal(isSameOriginRequest(request({ origin: 'https://evil.example' })), false);
  assert.equal(isSameOriginRequest(request({ origin: 'https://window.example' })), false, 'another port');
  assert.equal(isSameOriginRequest(request({ origin: 'null' })), false);
  assert.equal(isSameOriginRequest(request({ origin: 'http://localhost' }, 'localhost:80')), true, 'default port');
  assert.equal(isSameOriginRequest(request({ origin: 'https://window.example' }, 'window.example')), true);
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestApp, type TestApp } from '../support/app.ts';

describe('favicon', () => {
  let t: TestApp;
  before(async () => {
    t = await openTestApp('embedded');
  });
  after(() => t.close());

  test('every page links the SVG favicon, served like the other static files with a cache lifetime', async () => {
    for (const url of ['/', '/services?lang=en', '/staff/login', '/no-such-page']) {
      const res = await t.app.inject({ url, headers: { accept: 'text/html' } });
      assert.match(res.body, /<link rel="icon" href="\/static\/favicon\.svg" type="image\/svg\+xml"\/>/, url);
    }
    const icon = await t.app.inject({ url: '/static/favicon.svg' });
    assert.equal(icon.statusCode, 200);
    assert.match(icon.headers['content-type'] as string, /^image\/svg\+xml/);
    assert.match(icon.headers['cache-control'] as string, /max-age=86400/);
    assert.match(icon.body, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });
});

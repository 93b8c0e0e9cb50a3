import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig, publicUrl } from './load.ts';
import { configurationMarkdown } from './docs.ts';

test('defaults give a working development configuration', () => {
  const c = loadConfig({});
  assert.equal(c.PORT, 8080);
  assert.equal(c.DATA_DIR, './data');
  assert.equal(c.DEMO_DATA, 'off');
  assert.equal(publicUrl(c), 'http://127.0.0.1:8080');
});

test('wrong values stop start-up with a message naming each setting', () => {
  assert.throws(() => loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' }), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    const text = e.problems.join('\n');
    for (const key of ['PORT', 'LOG_LEVEL', 'DATABASE_URL']) assert.match(text, new RegExp(key));
    return true;
  });
  assert.throws(() => loadConfig({ INSIGHTS_TARGETS: '[{"id":"x","level":9}]' }), /INSIGHTS_TARGETS/);
});

test('booleans are read from their usual spellings, anything else is refused', () => {
  assert.equal(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY, true);
  assert.equal(loadConfig({ TRUST_PROXY: '0' }).TRUST_PROXY, false);
  assert.throws(() => loadConfig({ TRUST_PROXY: 'maybe' }), /TRUST_PROXY/);
});

/** The secrets production must be given (each refused at its development default). */
const productionSecrets = { OIDC_PAIRWISE_SALT: 'a-production-pairwise-salt', OIDC_COOKIE_KEYS: 'a-production-cookie-key' };

test('production refuses the development OpenID Connect secrets', () => {
  assert.throws(() => loadConfig({ NODE_ENV: 'production' }), /OIDC_PAIRWISE_SALT[\s\S]*OIDC_COOKIE_KEYS/);
  assert.equal(loadConfig({ NODE_ENV: 'production', ...productionSecrets }).OIDC_PAIRWISE_SALT, 'a-production-pairwise-salt');
});

test('production refuses the demo dataset', () => {
  assert.throws(() => loadConfig({ NODE_ENV: 'production', DEMO_DATA: 'if-empty' }), /DEMO_DATA/);
  assert.throws(() => loadConfig({ NODE_ENV: 'production' }, { DEMO_DATA: 'if-empty' }), /refused in production/);
  assert.equal(loadConfig({ NODE_ENV: 'production', ...productionSecrets }).DEMO_DATA, 'off');
});

test('docs/configuration.md lists every setting (run `npm run docs` when this fails)', () => {
  const onDisk = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
  assert.equal(onDisk, configurationMarkdown());
});

test('the demo turns on shared secrets for its consumers, unless a setting says otherwise', () => {
  assert.equal(loadConfig({}).GATEWAY_SHARED_SECRETS, false);
  assert.equal(loadConfig({}, { DEMO_DATA: 'if-empty' }).GATEWAY_SHARED_SECRETS, true);
  assert.equal(loadConfig({ DEMO_DATA: 'if-empty', GATEWAY_SHARED_SECRETS: 'false' }).GATEWAY_SHARED_SECRETS, false);
  assert.throws(() => loadConfig({ NODE_ENV: 'production' }, { DEMO_DATA: 'if-empty' }), (e: Error) => /DEMO_DATA/.test(e.message) && !/GATEWAY_SHARED_SECRETS/.test(e.message));
});

test('messages: written to the log on a laptop, none in production unless a provider is set; log refused in production', () => {
  assert.deepEqual([loadConfig({}).SMS_SENDER, loadConfig({}).EMAIL_SENDER], ['log', 'log']);
  const production = loadConfig({ NODE_ENV: 'production', ...productionSecrets });
  assert.deepEqual([production.SMS_SENDER, production.EMAIL_SENDER], ['none', 'none']);
  assert.throws(() => loadConfig({ NODE_ENV: 'production', SMS_SENDER: 'log' }), /SMS_SENDER: writing text messages/);
  assert.throws(() => loadConfig({ NODE_ENV: 'production', EMAIL_SENDER: 'log' }), /EMAIL_SENDER: writing e-mail/);
  assert.throws(() => loadConfig({ SMS_SENDER: 'http' }), /SMS_HTTP_URL: SMS_SENDER=http needs/);
  assert.throws(() => loadConfig({ EMAIL_SENDER: 'smtp' }), /SMTP_URL: EMAIL_SENDER=smtp needs/);
  assert.throws(() => loadConfig({ SMTP_URL: 'http://mail.example' }), /SMTP_URL/);
  const configured = loadConfig({ NODE_ENV: 'production', ...productionSecrets, SMS_SENDER: 'http', SMS_HTTP_URL: 'https://sms.example/send', EMAIL_SENDER: 'smtp', SMTP_URL: 'smtps://relay.example:465' });
  assert.deepEqual([configured.SMS_SENDER, configured.EMAIL_SENDER], ['http', 'smtp']);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { credential, EDU_KEY, fakeExchange, HEALTH_KEY, SECRETS, secretCredentials, SUBSYSTEM_IDS, testSigner, testSnapshot, testSubsystems } from '../../../test/support/gateway.ts';
import type { ExchangeSnapshot } from '../snapshot.ts';
import { createAuthenticate, type AuthenticateOptions } from './authenticate.ts';
import { GatewayError, type Exchange, type Step } from './exchange.ts';
import { parse } from './parse.ts';
import { RefusalWithReason } from './respond.ts';

const AUD = 'https://gateway.example';
const SERVICE = '/r1/IR/GOV/CIVIL/registry/persons/persons/0012345678';
let nowMs = Date.now();
const now = () => new Date(nowMs);

const health = await testSigner(SUBSYSTEM_IDS.health);
const edu = await testSigner(SUBSYSTEM_IDS.edu);
const expired = await testSigner(SUBSYSTEM_IDS.health, { notAfter: '2020-01-01T00:00:00Z' });
const snapshot = testSnapshot({ credentials: [...secretCredentials, health.credential, edu.credential, expired.credential] });

function auth(options: Partial<AuthenticateOptions> = {}): Step {
  return createAuthenticate({ audience: AUD, sharedSecrets: false, clientCa: false, now, ...options });
}

function call(headers: Array<[string, string]>, url = SERVICE, snap: ExchangeSnapshot = snapshot): Exchange {
  const x = fakeExchange({ url, headers, snapshot: snap });
  parse(x);
  return x;
}

async function refusal(step: Step, x: Exchange): Promise<string> {
  try {
    await step(x);
  } catch (e) {
    assert.ok(e instanceof GatewayError);
    assert.equal(e.type, 'Server.ClientProxy.SslAuthenticationFailed');
    assert.ok(!/unknown|signature|kid|expired/i.test(e.message), 'the public message does not say why');
    return e instanceof RefusalWithReason ? e.reason : 'no reason';
  }
  assert.fail('the call was authenticated');
}

const bearer = (t: string): [string, string] => ['Authorization', `Bearer ${t}`];

test('a valid client assertion authenticates its subsystem', async () => {
  const step = auth();
  const x = call([['X-Road-Client', HEALTH_KEY], bearer(await health.sign(HEALTH_KEY, AUD))]);
  await step(x);
  assert.equal(x.consumer?.key, HEALTH_KEY);
});

test('a verified assertion is reused without another signature check; revoking the key ends it at once', async () => {
  const step = auth();
  const token = await health.sign(HEALTH_KEY, AUD);
  const first = call([['X-Road-Client', HEALTH_KEY], bearer(token)]);
  assert.ok(step(first) instanceof Promise, 'the first use verifies the signature');
  await step(first);
  const again = call([['X-Road-Client', HEALTH_KEY], bearer(token)]);
  assert.equal(step(again), undefined, 'later uses are answered synchronously from the cache');
  assert.equal(again.consumer?.key, HEALTH_KEY);
  const revoked = testSnapshot({ credentials: [edu.credential] });
  assert.equal(await refusal(step, call([['X-Road-Client', HEALTH_KEY], bearer(token)], SERVICE, revoked)), 'unknown_key');
});

test('bad assertions: wrong audience, expired, too long-lived, wrong key, unknown key, other issuer, garbage', async () => {
  const step = auth();
  const t = Math.floor(nowMs / 1000);
  const h = (token: string) => call([['X-Road-Client', HEALTH_KEY], bearer(token)]);
  assert.equal(await refusal(step, h(await health.sign(HEALTH_KEY, 'https://other.example'))), 'ERR_JWT_CLAIM_VALIDATION_FAILED');
  assert.equal(await refusal(step, h(await health.sign(HEALTH_KEY, AUD, { iat: t - 400, exp: t - 100 }))), 'ERR_JWT_EXPIRED');
  assert.equal(await refusal(step, h(await health.sign(HEALTH_KEY, AUD, { iat: t, exp: t + 301 }))), 'lifetime_too_long');
  assert.equal(await refusal(step, h(await health.sign(HEALTH_KEY, AUD, { iat: t + 200, exp: t + 300 }))), 'issued_in_future');
  // Signed by EDU's key but naming HEALTH's key id: the signature does not verify.
  assert.equal(await refusal(step, h(await edu.sign(HEALTH_KEY, AUD, { kid: health.kid }))), 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  assert.equal(await refusal(step, h(await health.sign(HEALTH_KEY, AUD, { kid: 'not-registered' }))), 'unknown_key');
  assert.equal(await refusal(step, h(await health.sign(HEALTH_KEY, AUD, { sub: EDU_KEY }))), 'ERR_JWT_CLAIM_VALIDATION_FAILED');
  assert.equal(await refusal(step, h('not.a.jwt!')), 'malformed');
  assert.equal(await refusal(step, call([['X-Road-Client', HEALTH_KEY], ['Authorization', 'Basic abc']])), 'not_bearer');
});

test('a credential only authenticates its own subsystem, when active and not past notAfter', async () => {
  const step = auth();
  // EDU's valid assertion, claiming to be HEALTH: iss/sub must equal X-Road-Client.
  assert.equal(await refusal(step, call([['X-Road-Client', HEALTH_KEY], bearer(await edu.sign(EDU_KEY, AUD))])), 'ERR_JWT_CLAIM_VALIDATION_FAILED');
  // EDU's key, with iss/sub forged to HEALTH: the key belongs to EDU.
  assert.equal(await refusal(step, call([['X-Road-Client', HEALTH_KEY], bearer(await edu.sign(HEALTH_KEY, AUD))])), 'client_mismatch');
  assert.equal(await refusal(step, call([['X-Road-Client', HEALTH_KEY], bearer(await expired.sign(HEALTH_KEY, AUD))])), 'credential_expired');
  const disabled = testSnapshot({ subsystems: testSubsystems.map((s) => (s.id === SUBSYSTEM_IDS.health ? { ...s, status: 'disabled' as const } : s)), credentials: [health.credential] });
  assert.equal(await refusal(step, call([['X-Road-Client', HEALTH_KEY], bearer(await health.sign(HEALTH_KEY, AUD))], SERVICE, disabled)), 'subsystem_disabled');
});

test('shared secrets count only when GATEWAY_SHARED_SECRETS is on', async () => {
  const headers: Array<[string, string]> = [['X-Road-Client', HEALTH_KEY], ['X-OneWindow-Client-Secret', SECRETS.health]];
  assert.equal(await refusal(auth(), call(headers)), 'no_credential');
  const x = call(headers);
  await auth({ sharedSecrets: true })(x);
  assert.equal(x.consumer?.key, HEALTH_KEY);
  assert.equal(await refusal(auth({ sharedSecrets: true }), call([['X-Road-Client', HEALTH_KEY], ['X-OneWindow-Client-Secret', 'wrong']])), 'unknown_secret');
  assert.equal(await refusal(auth({ sharedSecrets: true }), call([['X-Road-Client', HEALTH_KEY], ['X-OneWindow-Client-Secret', SECRETS.edu]])), 'client_mismatch');
  const expiredSecret = testSnapshot({ credentials: [credential(SUBSYSTEM_IDS.health, 'secret', secretCredentials[0]?.fingerprint ?? '', { notAfter: new Date(nowMs - 1000).toISOString() })] });
  assert.equal(await refusal(auth({ sharedSecrets: true }), call(headers, SERVICE, expiredSecret)), 'credential_expired');
});

test('no credential, or two Authorization headers, is refused', async () => {
  assert.equal(await refusal(auth(), call([['X-Road-Client', HEALTH_KEY]])), 'no_credential');
  const token = await health.sign(HEALTH_KEY, AUD);
  assert.equal(await refusal(auth(), call([['X-Road-Client', HEALTH_KEY], bearer(token), bearer(token)])), 'duplicate_credential_header');
});

test('listClients and listMethods need no credential; allowedMethods does', async () => {
  const step = auth();
  assert.equal(step(call([], '/listClients')), undefined);
  const list = call([['X-Road-Client', HEALTH_KEY]], '/r1/IR/GOV/CIVIL/registry/listMethods');
  assert.equal(step(list), undefined);
  assert.equal(list.consumer, undefined);
  assert.equal(await refusal(step, call([['X-Road-Client', HEALTH_KEY]], '/r1/IR/GOV/CIVIL/registry/allowedMethods')), 'no_credential');
});

test('a cached assertion stops working when it expires', async () => {
  const step = auth();
  const t = Math.floor(nowMs / 1000);
  const token = await health.sign(HEALTH_KEY, AUD, { iat: t, exp: t + 60 });
  await step(call([['X-Road-Client', HEALTH_KEY], bearer(token)]));
  const saved = nowMs;
  nowMs += 120_000;
  try {
    assert.equal(await refusal(step, call([['X-Road-Client', HEALTH_KEY], bearer(token)])), 'expired');
  } finally {
    nowMs = saved;
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { credential, EDU_KEY, fakeExchange, HEALTH_KEY, SECRETS, secretCredentials, SUBSYSTEM_IDS, testSigner, testSnapshot, testSubsystems } from '../../../test/support/gateway.ts';
import type { ExchangeSnapshot } from '../snapshot/index.ts';
import { createAuthenticate, type AuthenticateOptions } from './authenticate.ts';
import { REFUSAL_MAX_MS } from './client-assertion.ts';
import type { Exchange, Step } from './exchange.ts';
import { GatewayError, RefusalWithReason } from './errors.ts';
import { parse } from './parse.ts';

const AUD = 'https://gateway.example';
const SERVICE = '/r1/IR/GOV/CIVIL/registry/persons/persons/0012345679';
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
  assert.equal(await refusal(step, h(await health.sign(HEALTH_KEY, AUD, { iat: t - 400, exp: t - 100 }))), 'expired');
  assert.equal(await refusal(step, h(await health.sign(HEALTH_KEY, AUD, { iat: t, exp: t + 301 }))), 'lifetime_too_long');
  assert.equal(await refusal(step, h(await health.sign(HEALTH_KEY, AUD, { iat: t + 200, exp: t + 300 }))), 'issued_in_future');
  // Signed by EDU's key but naming HEALTH's key id: the signature does not verify.
  assert.equal(await refusal(step, h(await edu.sign(HEALTH_KEY, AUD, { kid: health.kid }))), 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  assert.equal(await refusal(step, h(await health.sign(HEALTH_KEY, AUD, { kid: 'not-registered' }))), 'unknown_key');
  assert.equal(await refusal(step, h(await health.sign(HEALTH_KEY, AUD, { sub: EDU_KEY }))), 'subject_mismatch');
  assert.equal(await refusal(step, h('not.a.jwt!')), 'malformed');
  assert.equal(await refusal(step, call([['X-Road-Client', HEALTH_KEY], ['Authorization', 'Basic abc']])), 'not_bearer');
});

test('a credential only authenticates its own subsystem, when active and not past notAfter', async () => {
  const step = auth();
  // EDU's valid assertion, claiming to be HEALTH: iss/sub must equal X-Road-Client.
  const eduToken = await edu.sign(EDU_KEY, AUD);
  assert.equal(await refusal(step, call([['X-Road-Client', HEALTH_KEY], bearer(eduToken)])), 'issuer_mismatch');
  // That refusal was about the call, not the token: EDU itself still gets in with it.
  const own = call([['X-Road-Client', EDU_KEY], bearer(eduToken)]);
  await step(own);
  assert.equal(own.consumer?.key, EDU_KEY);
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

/** An authenticate step that counts its signature checks. */
function counted(options: Partial<AuthenticateOptions['assertions']> = {}): { step: Step; checks: () => number } {
  let n = 0;
  const step = auth({ assertions: { ...options, onSignatureCheck: () => n++ } });
  return { step, checks: () => n };
}

test('a refused assertion is refused again from the cache, without another signature check', async () => {
  const { step, checks } = counted();
  // Signed by EDU's key but naming HEALTH's key id: only the signature check can tell.
  const forged = await edu.sign(HEALTH_KEY, AUD, { kid: health.kid });
  const x = () => call([['X-Road-Client', HEALTH_KEY], bearer(forged)]);
  assert.equal(await refusal(step, x()), 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  assert.equal(checks(), 1);
  let sync: unknown;
  try {
    step(x());
  } catch (e) {
    sync = e;
  }
  assert.ok(sync instanceof RefusalWithReason, 'refused synchronously, with no promise');
  assert.equal(sync.type, 'Server.ClientProxy.SslAuthenticationFailed', 'the same X-Road error as before');
  assert.equal(sync.reason, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  // Concurrent first uses of another bad token share one check too.
  const other = await edu.sign(HEALTH_KEY, AUD, { kid: health.kid, iat: Math.floor(nowMs / 1000) - 1 });
  const y = () => call([['X-Road-Client', HEALTH_KEY], bearer(other)]);
  await Promise.all([refusal(step, y()), refusal(step, y()), refusal(step, y())]);
  assert.equal(checks(), 2);
});

test('a refusal lasts until the token expires, at most a minute; an expired token costs no signature check', async () => {
  const { step, checks } = counted();
  const saved = nowMs;
  const t = Math.floor(nowMs / 1000);
  try {
    const longLived = await edu.sign(HEALTH_KEY, AUD, { kid: health.kid, iat: t, exp: t + 240 });
    const h = (token: string) => call([['X-Road-Client', HEALTH_KEY], bearer(token)]);
    await refusal(step, h(longLived));
    nowMs = saved + REFUSAL_MAX_MS - 1;
    await refusal(step, h(longLived));
    assert.equal(checks(), 1);
    nowMs = saved + REFUSAL_MAX_MS;
    await refusal(step, h(longLived));
    assert.equal(checks(), 2, 'checked again after a minute');

    nowMs = saved;
    const shortLived = await edu.sign(HEALTH_KEY, AUD, { kid: health.kid, iat: t, exp: t + 5 });
    await refusal(step, h(shortLived));
    assert.equal(checks(), 3);
    nowMs = saved + 40_000; // past exp + 30 s skew
    assert.equal(await refusal(step, h(shortLived)), 'expired');
    assert.equal(checks(), 3, 'refused as expired on its unverified claims');
    assert.equal(await refusal(step, h(await health.sign(HEALTH_KEY, AUD, { iat: t - 400, exp: t - 100 }))), 'expired');
    assert.equal(checks(), 3);
  } finally {
    nowMs = saved;
  }
});

test('an unknown key id is refused from the cache only while the snapshot is the same', async () => {
  const { step, checks } = counted();
  const later = await testSigner(SUBSYSTEM_IDS.health);
  const token = await later.sign(HEALTH_KEY, AUD);
  const h = (snap: ExchangeSnapshot) => call([['X-Road-Client', HEALTH_KEY], bearer(token)], SERVICE, snap);
  assert.equal(await refusal(step, h(snapshot)), 'unknown_key');
  assert.throws(() => step(h(snapshot)), (e) => e instanceof RefusalWithReason && e.reason === 'unknown_key', 'from the cache: no promise');
  // The key is registered: the next snapshot accepts the same token at once.
  const registered = testSnapshot({ credentials: [...secretCredentials, later.credential] });
  const x = h(registered);
  await step(x);
  assert.equal(x.consumer?.key, HEALTH_KEY);
  assert.equal(checks(), 1);
});

test('a token not yet valid is remembered only until it is', async () => {
  const { step } = counted();
  const saved = nowMs;
  const t = Math.floor(nowMs / 1000);
  try {
    const early = await health.sign(HEALTH_KEY, AUD, { iat: t + 40, exp: t + 100 });
    const h = () => call([['X-Road-Client', HEALTH_KEY], bearer(early)]);
    assert.equal(await refusal(step, h()), 'issued_in_future');
    nowMs = saved + 10_000 + 1000; // iat - 30 s skew has passed
    const x = h();
    await step(x);
    assert.equal(x.consumer?.key, HEALTH_KEY);
  } finally {
    nowMs = saved;
  }
});

test('the refusal cache is bounded', async () => {
  const { step, checks } = counted({ refusalCacheSize: 2 });
  const t = Math.floor(nowMs / 1000);
  const tokens = await Promise.all([1, 2, 3].map((i) => edu.sign(HEALTH_KEY, AUD, { kid: health.kid, iat: t - i })));
  const h = (token: string) => call([['X-Road-Client', HEALTH_KEY], bearer(token)]);
  for (const token of tokens) await refusal(step, h(token));
  assert.equal(checks(), 3);
  await refusal(step, h(tokens[2]!));
  assert.equal(checks(), 3, 'the newest is still remembered');
  await refusal(step, h(tokens[0]!));
  assert.equal(checks(), 4, 'the oldest was dropped to keep two');
});

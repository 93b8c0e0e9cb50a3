import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssertionRejected } from './client-assertion.ts';
import { GatewayError, GatewayFault, RefusalWithReason } from './errors.ts';

test('every gateway error has the shape of AppError: stable code, status, public message, private detail', () => {
  const errors: GatewayFault[] = [
    new GatewayError('Client.RateLimitExceeded', 'slow down', { 'Retry-After': '2' }),
    new RefusalWithReason('Server.ClientProxy.SslAuthenticationFailed', 'not accepted', 'unknown_key'),
    new AssertionRejected('expired'),
  ];
  assert.deepEqual(
    errors.map((e) => [e instanceof GatewayFault, e.code, e.type, e.status, e.message, e.detail]),
    [
      [true, 'Client.RateLimitExceeded', 'Client.RateLimitExceeded', 429, 'slow down', undefined],
      [true, 'Server.ClientProxy.SslAuthenticationFailed', 'Server.ClientProxy.SslAuthenticationFailed', 401, 'not accepted', 'unknown_key'],
      [true, 'Server.ClientProxy.SslAuthenticationFailed', 'Server.ClientProxy.SslAuthenticationFailed', 401, 'Client authentication failed: the client assertion is not accepted.', 'expired'],
    ],
  );
  assert.deepEqual(errors[0]?.headers, { 'Retry-After': '2' });
  // The private reason is never in the public message.
  assert.ok(!errors[2]!.message.includes('expired'));
  assert.equal((errors[1] as RefusalWithReason).reason, 'unknown_key');
  assert.equal((errors[2] as AssertionRejected).reason, 'expired');
});

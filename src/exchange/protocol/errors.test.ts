import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  X_ROAD_ERROR_CONTENT_TYPE,
  X_ROAD_ERROR_HEADER,
  isXRoadErrorType,
  xroadCompatStatus,
  xroadErrorBody,
  xroadErrorStatus,
  xroadErrorTypes,
} from './errors.ts';

test('the list of error types and statuses is stable: clients match on these strings', () => {
  const table = Object.fromEntries(xroadErrorTypes.map((t) => [t, xroadErrorStatus(t)]));
  assert.deepEqual(table, {
    'Client.BadRequest': 400,
    'Client.InvalidClientIdentifier': 400,
    'Client.InvalidProtocolVersion': 400,
    'Client.InvalidHttpMethod': 405,
    'Client.RequestTooLarge': 413,
    'Client.RateLimitExceeded': 429,
    'Client.InvalidDataSubject': 400,
    'Server.ClientProxy.SslAuthenticationFailed': 401,
    'Server.ClientProxy.UnknownMember': 404,
    'Server.ServerProxy.UnknownService': 404,
    'Server.ServerProxy.AccessDenied': 403,
    'Server.ServerProxy.ServiceDisabled': 503,
    'Server.ClientProxy.NetworkError': 502,
    'Server.ServerProxy.ServiceFailed': 502,
    'Server.ServerProxy.ServiceFailed.Timeout': 504,
    'Server.ServerProxy.ServiceFailed.CircuitOpen': 503,
    'Server.ClientProxy.LoggingFailed': 500,
    'Server.ClientProxy.InternalError': 500,
  });
});

test('every type uses one of the real server prefixes', () => {
  for (const t of xroadErrorTypes) assert.match(t, /^(Client|Server\.ClientProxy|Server\.ServerProxy)\.[A-Z][A-Za-z]+(\.[A-Z][A-Za-z]+)?$/);
});

test('compatibility statuses follow the real server: 500 for Server.*, 400 otherwise', () => {
  assert.equal(xroadCompatStatus('Server.ServerProxy.AccessDenied'), 500);
  assert.equal(xroadCompatStatus('Server.ServerProxy.ServiceFailed.Timeout'), 500);
  assert.equal(xroadCompatStatus('Client.RateLimitExceeded'), 400);
  assert.equal(xroadCompatStatus('Client.InvalidClientIdentifier'), 400);
});

test('the error body has exactly type, message and detail', () => {
  const body = xroadErrorBody('Server.ServerProxy.AccessDenied', 'Request is not allowed: SERVICE:IR/GOV/1234/SUB/person', '7f1c2d1e-8a43-4f7a-9f62-0d1b6c2a4e10');
  assert.deepEqual(JSON.parse(JSON.stringify(body)), {
    type: 'Server.ServerProxy.AccessDenied',
    message: 'Request is not allowed: SERVICE:IR/GOV/1234/SUB/person',
    detail: '7f1c2d1e-8a43-4f7a-9f62-0d1b6c2a4e10',
  });
  assert.equal(X_ROAD_ERROR_HEADER, 'X-Road-Error');
  assert.equal(X_ROAD_ERROR_CONTENT_TYPE, 'application/json;charset=utf-8');
});

test('isXRoadErrorType accepts listed types only', () => {
  assert.ok(isXRoadErrorType('Client.BadRequest'));
  assert.ok(!isXRoadErrorType('Client.Nope'));
  assert.ok(!isXRoadErrorType('toString'));
});

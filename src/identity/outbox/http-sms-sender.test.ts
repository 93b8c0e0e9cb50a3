import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpSmsSender } from './http-sms-sender.ts';
import { SendFailure } from './sender.ts';

const message = { id: 42, channel: 'sms' as const, recipient: '+989121234567', subject: null, body: 'کد ورود: ۴۸۲۹۱۳', purpose: 'sign-in-code' };

/** A provider on loopback that answers each request as `answer` says and keeps what it received. */
async function provider(answer: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
  const seen: { headers: IncomingMessage['headers']; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      answer(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
  return { url, seen, close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) };
}

const failure = async (p: Promise<unknown>): Promise<SendFailure> => {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof SendFailure, String(e));
    return e;
  }
  assert.fail('the send did not fail');
};

test('posts the message as JSON with the token and an idempotency key; the provider id is kept', async () => {
  const p = await provider((_req, res) => res.writeHead(202, { 'content-type': 'application/json' }).end('{"id":"abc-1"}'));
  try {
    const sent = await new HttpSmsSender({ url: p.url, token: 's3cret', timeoutMs: 2000 }).send(message);
    assert.deepEqual(sent, { providerId: 'abc-1' });
    assert.deepEqual(JSON.parse(p.seen[0]!.body), { to: '+989121234567', text: 'کد ورود: ۴۸۲۹۱۳', reference: '42' });
    assert.equal(p.seen[0]!.headers.authorization, 'Bearer s3cret');
    assert.equal(p.seen[0]!.headers['idempotency-key'], 'onewindow-42');
  } finally {
    await p.close();
  }
});

test('a 4xx refusal is permanent; 429, 5xx and a timeout may pass later', async () => {
  for (const [status, permanent] of [[400, true], [422, true], [429, false], [408, false], [503, false]] as const) {
    const p = await provider((_req, res) => res.writeHead(status).end('nope'));
    try {
      const e = await failure(new HttpSmsSender({ url: p.url, timeoutMs: 2000 }).send(message));
      assert.equal(e.permanent, permanent, `status ${status}`);
      assert.match(e.message, new RegExp(`answered ${status}`));
    } finally {
      await p.close();
    }
  }
  const silent = await provider(() => {});
  try {
    const started = Date.now();
    const e = await failure(new HttpSmsSender({ url: silent.url, timeoutMs: 200 }).send(message));
    assert.equal(e.permanent, false);
    assert.ok(Date.now() - started < 2000, 'the timeout bounds the wait');
  } finally {
    await silent.close();
  }
});

test('an unreachable provider may pass later', async () => {
  const p = await provider(() => {});
  await p.close();
  const e = await failure(new HttpSmsSender({ url: p.url, timeoutMs: 1000 }).send(message));
  assert.equal(e.permanent, false);
  assert.match(e.message, /unreachable/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { SmtpSender } from './smtp-sender.ts';
import { SendFailure } from './sender.ts';

/** A real SMTP server on loopback (no TLS): it keeps each message, and refuses some recipients as told. */
async function mailServer(refuse: Record<string, { code: number; text: string }> = {}) {
  const received: { from: string; to: string[]; data: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const r = refuse[address.address];
      if (!r) return callback();
      const error = Object.assign(new Error(r.text), { responseCode: r.code });
      callback(error);
    },
    onData(stream, session, callback) {
      let data = '';
      stream.setEncoding('utf8');
      stream.on('data', (c: string) => (data += c));
      stream.on('end', () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const message = { id: 7, channel: 'email' as const, recipient: 'citizen@mail.example', subject: 'Your sign-in code', body: 'Your code is 482913.', purpose: 'sign-in-code' };

test('sends through a real SMTP server: sender, recipient, subject and body arrive', async () => {
  const smtp = await mailServer();
  const sender = new SmtpSender(smtp.url, 'OneWindow <no-reply@onewindow.example>', 5000);
  try {
    const sent = await sender.send(message);
    assert.ok(sent.providerId, 'the Message-ID is kept');
    assert.equal(smtp.received.length, 1);
    const [mail] = smtp.received;
    assert.equal(mail!.from, 'no-reply@onewindow.example');
    assert.deepEqual(mail!.to, ['citizen@mail.example']);
    assert.match(mail!.data, /^Subject: Your sign-in code\r?$/m);
    assert.match(mail!.data, /Your code is 482913\./);
    assert.match(mail!.data, /^X-OneWindow-Message: 7\r?$/im);
  } finally {
    await sender.close();
    await smtp.close();
  }
});

test('a 5xx refusal is permanent, a 4xx one and an unreachable server may pass later', async () => {
  const smtp = await mailServer({ 'nobody@mail.example': { code: 550, text: 'No such mailbox' }, 'busy@mail.example': { code: 451, text: 'Try again later' } });
  const sender = new SmtpSender(smtp.url, 'no-reply@onewindow.example', 5000);
  try {
    for (const [to, permanent] of [['nobody@mail.example', true], ['busy@mail.example', false]] as const) {
      await assert.rejects(sender.send({ ...message, recipient: to }), (e) => e instanceof SendFailure && e.permanent === permanent);
    }
  } finally {
    await sender.close();
    await smtp.close();
  }
  const gone = new SmtpSender(smtp.url, 'no-reply@onewindow.example', 1000);
  await assert.rejects(gone.send(message), (e) => e instanceof SendFailure && !e.permanent);
  await gone.close();
});

import { request } from 'undici';
import { SendFailure, type MessageSender, type OutgoingMessage } from './sender.ts';

export interface HttpSmsSenderOptions {
  /** The SMS provider's send endpoint (`SMS_HTTP_URL`). */
  url: string;
  /** Sent as `Authorization: Bearer …` (`SMS_HTTP_TOKEN`). */
  token?: string;
  /** The longest a send may take, in milliseconds (`SMS_HTTP_TIMEOUT_MS`). */
  timeoutMs: number;
}

/**
 * An SMS provider's HTTP API: `POST url` with `{ "to", "text", "reference" }` as JSON, the
 * outbox id as `reference` and as `Idempotency-Key` (so a provider that honours it sends a
 * retried message once). Any 2xx is accepted; the provider's id of the message is read from
 * `id` or `messageId` in a JSON answer. A 4xx other than 408 and 429 is the provider refusing
 * this message (permanent); 408, 429, 5xx, a timeout or a network error may pass later. A
 * provider with another request shape sits behind a small adapter of its own.
 */
export class HttpSmsSender implements MessageSender {
  readonly channel = 'sms' as const;

  constructor(private readonly options: HttpSmsSenderOptions) {}

  async send(m: OutgoingMessage): Promise<{ providerId?: string }> {
    let res;
    try {
      res = await request(this.options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': `onewindow-${m.id}`,
          ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
        },
        body: JSON.stringify({ to: m.recipient, text: m.body, reference: String(m.id) }),
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
      });
    } catch (e) {
      throw new SendFailure(`SMS provider unreachable: ${(e as Error).message}`, false);
    }
    const text = await res.body.text().catch(() => '');
    if (res.statusCode >= 200 && res.statusCode < 300) return providerIdOf(text);
    const permanent = res.statusCode >= 400 && res.statusCode < 500 && res.statusCode !== 408 && res.statusCode !== 429;
    throw new SendFailure(`SMS provider answered ${res.statusCode}: ${text.slice(0, 200)}`, permanent);
  }
}

function providerIdOf(text: string): { providerId?: string } {
  try {
    const body = JSON.parse(text) as { id?: unknown; messageId?: unknown };
    const id = body.id ?? body.messageId;
    return typeof id === 'string' || typeof id === 'number' ? { providerId: String(id).slice(0, 200) } : {};
  } catch {
    return {};
  }
}

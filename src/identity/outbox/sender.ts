/**
 * Where messages leave the window: one interface per channel, so the SMS provider or the mail
 * server is a setting, not code (`from-config.ts`). A sender throws `SendFailure` to say
 * whether trying again can help.
 */
export type Channel = 'sms' | 'email';

export interface OutgoingMessage {
  /** The outbox id: a provider that accepts an idempotency key gets it, so a retry is not sent twice. */
  id: number;
  channel: Channel;
  /** A mobile number (E.164, e.g. +989121234567) or an e-mail address. */
  recipient: string;
  subject: string | null;
  body: string;
  /** Why it is sent (e.g. `sign-in-code`): for the record, never shown to the recipient. */
  purpose: string;
}

export interface MessageSender {
  readonly channel: Channel;
  /** Resolves with the provider's id of the message, when it gives one. */
  send(message: OutgoingMessage): Promise<{ providerId?: string }>;
  close?(): Promise<void>;
}

/**
 * A send that did not happen. `permanent`: the provider refused this message (a bad number, a
 * rejected address) and sending it again would be refused again; otherwise (network, timeout,
 * the provider's 5xx or 429) a later attempt may succeed.
 */
export class SendFailure extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'SendFailure';
  }
}

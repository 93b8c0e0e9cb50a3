import type { Channel, MessageSender, OutgoingMessage } from './sender.ts';

export interface LoggedMessage {
  at: string;
  channel: Channel;
  recipient: string;
  subject: string | null;
  body: string;
  purpose: string;
}

/**
 * Development and the demo: a message is "sent" by writing it to the server log, and the last
 * few are kept in memory for the demo's own page, so one-time codes can be read without a phone.
 * Refused in production (config/load.ts).
 */
export class LogSender implements MessageSender {
  readonly #recent: LoggedMessage[] = [];

  constructor(
    readonly channel: Channel,
    private readonly log: (line: LoggedMessage) => void,
    private readonly keep = 50,
  ) {}

  async send(m: OutgoingMessage): Promise<{ providerId?: string }> {
    const line: LoggedMessage = { at: new Date().toISOString(), channel: m.channel, recipient: m.recipient, subject: m.subject, body: m.body, purpose: m.purpose };
    this.log(line);
    this.#recent.unshift(line);
    this.#recent.length = Math.min(this.#recent.length, this.keep);
    return {};
  }

  /** The last messages sent, newest first. */
  recent(): readonly LoggedMessage[] {
    return this.#recent;
  }
}

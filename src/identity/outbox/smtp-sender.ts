import nodemailer, { type Transporter } from 'nodemailer';
import { SendFailure, type MessageSender, type OutgoingMessage } from './sender.ts';

/**
 * E-mail through an SMTP server (`SMTP_URL`, e.g. `smtp://relay.example:587` or `smtps://…`),
 * with nodemailer (ADR 0016). A 5xx reply refuses this message for good (no such mailbox); a 4xx
 * reply, a timeout or a lost connection may pass later.
 */
export class SmtpSender implements MessageSender {
  readonly channel = 'email' as const;
  readonly #transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
    timeoutMs: number,
  ) {
    // The URL carries host, port, security and credentials; the timeouts come from the settings.
    const { protocol, hostname, port, username, password } = new URL(url);
    const secure = protocol === 'smtps:';
    this.#transport = nodemailer.createTransport({
      host: hostname,
      port: port ? Number(port) : secure ? 465 : 587,
      secure,
      ...(username ? { auth: { user: decodeURIComponent(username), pass: decodeURIComponent(password) } } : {}),
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
  }

  async send(m: OutgoingMessage): Promise<{ providerId?: string }> {
    try {
      const info = await this.#transport.sendMail({ from: this.from, to: m.recipient, subject: m.subject ?? '', text: m.body, headers: { 'X-OneWindow-Message': String(m.id) } });
      return info.messageId ? { providerId: String(info.messageId).slice(0, 200) } : {};
    } catch (e) {
      const code = (e as { responseCode?: number }).responseCode;
      throw new SendFailure(`SMTP: ${(e as Error).message}`, code !== undefined && code >= 500);
    }
  }

  async close(): Promise<void> {
    this.#transport.close();
  }
}

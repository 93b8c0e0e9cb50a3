import type { Config } from '../../config/schema.ts';
import type { Database } from '../../db/database.ts';
import { OutboxDispatcher } from './dispatcher.ts';
import { HttpSmsSender } from './http-sms-sender.ts';
import { LogSender, type LoggedMessage } from './log-sender.ts';
import { SmtpSender } from './smtp-sender.ts';
import type { Channel, MessageSender } from './sender.ts';

type OutboxConfig = Pick<Config, 'SMS_SENDER' | 'SMS_HTTP_URL' | 'SMS_HTTP_TOKEN' | 'EMAIL_SENDER' | 'SMTP_URL' | 'MAIL_FROM' | 'MESSAGE_SEND_TIMEOUT_MS' | 'OUTBOX_POLL_MS' | 'OUTBOX_MAX_ATTEMPTS'>;

/** Each channel's sender as the settings choose it; `none` leaves the channel without one. */
export function sendersFromConfig(config: OutboxConfig, log: (line: LoggedMessage) => void): Partial<Record<Channel, MessageSender>> {
  const senders: Partial<Record<Channel, MessageSender>> = {};
  if (config.SMS_SENDER === 'log') senders.sms = new LogSender('sms', log);
  if (config.SMS_SENDER === 'http') senders.sms = new HttpSmsSender({ url: config.SMS_HTTP_URL!, ...(config.SMS_HTTP_TOKEN ? { token: config.SMS_HTTP_TOKEN } : {}), timeoutMs: config.MESSAGE_SEND_TIMEOUT_MS });
  if (config.EMAIL_SENDER === 'log') senders.email = new LogSender('email', log);
  if (config.EMAIL_SENDER === 'smtp') senders.email = new SmtpSender(config.SMTP_URL!, config.MAIL_FROM, config.MESSAGE_SEND_TIMEOUT_MS);
  return senders;
}

export function outboxFromConfig(db: Database, config: OutboxConfig, hooks: { log: (line: LoggedMessage) => void; onError: (err: unknown) => void }): OutboxDispatcher {
  return new OutboxDispatcher(db, sendersFromConfig(config, hooks.log), { pollMs: config.OUTBOX_POLL_MS, maxAttempts: config.OUTBOX_MAX_ATTEMPTS, onError: hooks.onError });
}

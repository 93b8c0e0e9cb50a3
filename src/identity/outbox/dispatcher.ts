import type { Database } from '../../db/database.ts';
import { SendFailure, type Channel, type MessageSender, type OutgoingMessage } from './sender.ts';
import { claimDueMessages, markFailed, markRetry, markSent } from './outbox-repository.ts';

export interface DispatcherOptions {
  /** How often the outbox is looked at when nothing nudged it (`OUTBOX_POLL_MS`). */
  pollMs: number;
  /** Attempts before a message is given up (`OUTBOX_MAX_ATTEMPTS`). */
  maxAttempts: number;
  /** Messages claimed at once. Default 20. */
  batch?: number;
  /** How long a claim lasts; a node that has not finished by then is presumed dead. Default 60 s. */
  leaseMs?: number;
  /** The wait after the first failed attempt, doubled after each further one up to `retryMaxMs`. Default 5 s. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  onError?: (err: unknown) => void;
}

/** The wait before attempt `attempts + 1`: 5 s, 10 s, 20 s … at most `max`. */
export function retryDelayMs(attempts: number, base: number, max: number): number {
  return Math.min(max, base * 2 ** Math.max(0, attempts - 1));
}

/**
 * Sends what the outbox holds, on every node: claims due messages, hands each to its channel's
 * sender, and records the outcome — sent, retried later with a growing wait, or given up after
 * `maxAttempts` or a permanent refusal. A channel with no sender fails its messages at once.
 */
export class OutboxDispatcher {
  readonly #batch: number;
  readonly #leaseMs: number;
  readonly #retryBaseMs: number;
  readonly #retryMaxMs: number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  /** A nudge arrived while a run was under way: run once more before waiting. */
  #again = false;
  #stopped = true;

  constructor(
    private readonly db: Database,
    private readonly senders: Partial<Record<Channel, MessageSender>>,
    private readonly options: DispatcherOptions,
  ) {
    this.#batch = options.batch ?? 20;
    this.#leaseMs = options.leaseMs ?? 60_000;
    this.#retryBaseMs = options.retryBaseMs ?? 5000;
    this.#retryMaxMs = options.retryMaxMs ?? 600_000;
  }

  /** This node's sender of a channel (the demo's messages page reads the log sender's). */
  sender(channel: Channel): MessageSender | undefined {
    return this.senders[channel];
  }

  start(): void {
    this.#stopped = false;
    this.#schedule(0);
  }

  /** Something was queued: look now rather than at the next poll. */
  nudge(): void {
    if (this.#stopped) return;
    if (this.#running !== undefined) this.#again = true;
    else this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
    await Promise.all(Object.values(this.senders).map((s) => s?.close?.()));
  }

  /** Claims one batch and sends it; the number of messages handled. */
  async runOnce(): Promise<number> {
    const claimed = await this.db.transaction((q) => claimDueMessages(q, this.#batch, this.#leaseMs));
    await Promise.all(claimed.map((m) => this.#deliver(m)));
    return claimed.length;
  }

  async #deliver(m: OutgoingMessage & { attempts: number }): Promise<void> {
    const sender = this.senders[m.channel];
    if (!sender) return this.db.run((q) => markFailed(q, m.id, `no ${m.channel} sender is configured`));
    try {
      const { providerId } = await sender.send(m);
      await this.db.run((q) => markSent(q, m.id, providerId));
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      const permanent = e instanceof SendFailure && e.permanent;
      if (permanent || m.attempts >= this.options.maxAttempts) await this.db.run((q) => markFailed(q, m.id, error));
      else await this.db.run((q) => markRetry(q, m.id, error, retryDelayMs(m.attempts, this.#retryBaseMs, this.#retryMaxMs)));
    }
  }

  #schedule(ms: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#running = this.#loop().finally(() => (this.#running = undefined));
    }, ms);
    this.#timer.unref();
  }

  /** Runs batches while full ones keep coming, then waits for the next poll. */
  async #loop(): Promise<void> {
    try {
      do {
        this.#again = false;
        while (!this.#stopped && (await this.runOnce()) === this.#batch);
      } while (this.#again && !this.#stopped);
    } catch (err) {
      this.options.onError?.(err);
    }
    if (!this.#stopped) this.#schedule(this.options.pollMs);
  }
}

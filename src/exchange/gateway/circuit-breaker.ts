/**
 * A circuit breaker for one upstream. It stops the gateway from sending calls (and holding
 * connections, sockets and the callers' time) to an upstream that is failing, and gives the
 * upstream room to recover.
 *
 *   closed ──N consecutive failures──▶ open ──openMs passed──▶ half-open (ONE trial call)
 *     ▲                                  ▲                          │
 *     └────────── trial succeeds ────────┼──────────────────────────┘
 *                                        └──── trial fails ─────────┘
 *
 * What counts as a failure is the forwarder's business: timeouts and transport failures only.
 * Any answer, 4xx or 5xx, is a success, since the upstream is alive; a 5xx may be caused by one
 * consumer's requests, and this breaker is shared by every consumer of the upstream (forward.ts).
 * The clock is injected.
 *
 * A result that arrives while the breaker is open (a call admitted before it opened) changes
 * nothing; while half-open, only the trial's own result decides (`acquire` returns a ticket
 * so a late result of an older call cannot close or reopen the breaker).
 */
export interface BreakerOptions {
  /** Consecutive failures that open the breaker. */
  failureThreshold: number;
  /** How long it stays open before one trial call is let through. */
  openMs: number;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerStatus {
  state: BreakerState;
  consecutiveFailures: number;
  /** When an open breaker lets its trial call through (ms, the injected clock). */
  retryAtMs?: number;
}

/** `acquire` refused the call. */
export const REFUSED = -1;
/** A ticket for a call admitted while the breaker was closed. */
const CLOSED_TICKET = 0;

export class CircuitBreaker {
  #state: BreakerState = 'closed';
  #failures = 0;
  #openedAt = 0;
  /** Ticket of the trial in flight while half-open; increases with each trial. */
  #trial = 0;

  constructor(
    readonly options: BreakerOptions,
    private readonly now: () => number = Date.now,
    /** Called on every state change (metrics). */
    private readonly onChange?: (state: BreakerState) => void,
  ) {}

  get state(): BreakerState {
    return this.#state;
  }

  status(): BreakerStatus {
    const s: BreakerStatus = { state: this.#state, consecutiveFailures: this.#failures };
    if (this.#state === 'open') s.retryAtMs = this.#openedAt + this.options.openMs;
    return s;
  }

  /**
   * May a call go to the upstream now? Returns `REFUSED`, or a ticket to hand back to
   * `success`/`failure` when the call's outcome is known. Every admitted call must report.
   */
  acquire(): number {
    if (this.#state === 'closed') return CLOSED_TICKET;
    if (this.#state === 'open' && this.now() - this.#openedAt >= this.options.openMs) {
      this.#set('half-open');
      return ++this.#trial;
    }
    return REFUSED;
  }

  success(ticket: number): void {
    if (this.#state === 'closed') this.#failures = 0;
    else if (this.#state === 'half-open' && ticket === this.#trial) {
      this.#set('closed');
      this.#failures = 0;
    }
  }

  failure(ticket: number): void {
    if (this.#state === 'closed') {
      if (++this.#failures >= this.options.failureThreshold) this.#open();
    } else if (this.#state === 'half-open' && ticket === this.#trial) {
      this.#failures++;
      this.#open();
    }
  }

  /** The call ended without saying anything about the upstream (e.g. the client went away). */
  release(ticket: number): void {
    // A trial that tells nothing must not leave the breaker half-open forever: let the next call try.
    if (this.#state === 'half-open' && ticket === this.#trial) {
      this.#set('open');
      this.#openedAt = this.now() - this.options.openMs;
    }
  }

  #open(): void {
    this.#set('open');
    this.#openedAt = this.now();
  }

  #set(state: BreakerState): void {
    this.#state = state;
    this.onChange?.(state);
  }
}

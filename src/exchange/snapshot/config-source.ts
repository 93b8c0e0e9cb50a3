import type { Database } from '../../db/database.ts';
import { emptySnapshot, ExchangeSnapshot, type SnapshotSource } from './snapshot.ts';
import { loadSnapshotInput } from './loader.ts';
import { readExchangeVersion } from '../state.ts';

export interface ExchangeConfigOptions {
  /** Told about a failed background check; the last snapshot stays in use. */
  onError?: (error: unknown) => void;
}

/**
 * The node's exchange configuration: an immutable snapshot the gateway reads synchronously,
 * never waiting on the database. A background timer checks `exchange_state.version` every
 * `refreshMs` and rebuilds the snapshot when any node changed the configuration; a write on
 * this node calls `refreshNow()` so its own next request already sees the change.
 */
export class ExchangeConfig implements SnapshotSource {
  #snapshot: ExchangeSnapshot = emptySnapshot;
  #timer: NodeJS.Timeout | undefined;
  /** Checks run one after another, so an older read never replaces a newer snapshot. */
  #queue: Promise<void> = Promise.resolve();
  #busy = false;

  constructor(
    private readonly db: Database,
    private readonly refreshMs: number,
    private readonly options: ExchangeConfigOptions = {},
  ) {}

  /** Loads the first snapshot (failing if it cannot), then checks for changes in the background. */
  async start(): Promise<void> {
    await this.refreshNow();
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.#poll(), this.refreshMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  current(): ExchangeSnapshot {
    return this.#snapshot;
  }

  refreshNow(): Promise<void> {
    const next = this.#queue.then(() => this.#check());
    // The queue goes on after a failure; the caller still sees it.
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #poll(): Promise<void> {
    // A slow database must not pile up checks: skip a tick while one is running.
    if (this.#busy) return;
    this.#busy = true;
    try {
      await this.refreshNow();
    } catch (error) {
      this.options.onError?.(error);
    } finally {
      this.#busy = false;
    }
  }

  async #check(): Promise<void> {
    const version = await this.db.run(readExchangeVersion);
    if (version === this.#snapshot.version) return;
    const input = await this.db.transaction(loadSnapshotInput);
    if (input.version >= this.#snapshot.version) this.#snapshot = new ExchangeSnapshot(input);
  }
}

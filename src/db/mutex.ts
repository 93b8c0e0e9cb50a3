/**
 * A FIFO async mutex. The embedded engine is one connection: without this, a query from one
 * request could run inside another request's open transaction.
 */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();

  async runExclusive<T>(fn: () => Promise<T>): Promise<T> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const previous = this.#tail;
    this.#tail = previous.then(() => next);
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

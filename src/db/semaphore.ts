/**
 * At most `size` holders at once, the rest waiting in arrival order. PostgreSQL cursors each
 * hold a pooled connection for as long as a download lasts; without a bound, a handful of
 * slow downloads could take every connection the exchange log and the API need.
 */
export class Semaphore {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  constructor(size: number) {
    this.#free = size;
  }

  async acquire(): Promise<() => void> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free++;
    };
  }
}

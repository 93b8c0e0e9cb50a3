/**
 * How fresh a registry's "yes" must be. A guardianship or a representation is confirmed by the
 * registry on every use, except that the portal's pages may reuse a "yes" for a few seconds
 * (`PROFILE_CONFIRMATION_SECONDS`, at most a minute): a person browsing as their company would
 * otherwise cost the business registry a call per page. Switching to a profile and the OpenID
 * Connect provider's token issuance and refresh ask with `fresh`, so they always reach the
 * registry. A "no" or a fault is never kept: the next use asks again.
 *
 * Per node and in memory (bounded): a stale entry can only make a "yes" last the TTL longer on
 * that node, which is the bound the setting documents.
 */
const MAX_ENTRIES = 10_000;

export class Confirmations {
  readonly #yes = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly nowMs: () => number,
  ) {}

  /** Whether `key` was confirmed less than the TTL ago. */
  recent(key: string): boolean {
    const at = this.#yes.get(key);
    if (at === undefined) return false;
    if (this.nowMs() - at < this.ttlMs && this.nowMs() >= at) return true;
    this.#yes.delete(key);
    return false;
  }

  remember(key: string): void {
    if (this.ttlMs <= 0) return;
    this.#yes.delete(key);
    this.#yes.set(key, this.nowMs());
    // Oldest first in a Map: dropping the first keeps the newest confirmations.
    if (this.#yes.size > MAX_ENTRIES) this.#yes.delete(this.#yes.keys().next().value!);
  }

  forget(key: string): void {
    this.#yes.delete(key);
  }
}

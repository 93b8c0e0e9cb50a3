import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Service } from './model.ts';
import { CatalogIndex, type SearchDocument, type SearchQuery, type SearchResult } from './search/index.ts';
import { toSearchDocument } from './search/index.ts';
import { readRegistryState } from './state.ts';
import { selectAllAgencies } from './agency-repository.ts';
import type { Sql } from '../db/database.ts';
import { selectActiveServicePage } from './catalog-repository.ts';
import type { AppDeps } from '../db/app-deps.ts';

export type CatalogEntry = Pick<Service, 'id' | 'agencyCode' | 'nameFa' | 'nameEn' | 'descriptionFa' | 'descriptionEn' | 'topic' | 'audiences' | 'maturity' | 'deliveryStatus' | 'channels' | 'externalCode' | 'parentId' | 'annualUsers'>;

interface Snapshot {
  version: number;
  demo: boolean;
  index: CatalogIndex;
  entries: Map<string, CatalogEntry>;
  agencyNames: Map<string, { fa: string; en: string }>;
}

export interface CatalogOptions {
  /** Told about a failed background rebuild; the last index keeps answering and the next poll retries. */
  onError?: (error: unknown) => void;
  /** Services read per statement while rebuilding. */
  pageSize?: number;
  /** How long a rebuild computes before it lets other work (queries) run, in milliseconds. */
  sliceMs?: number;
}

/**
 * The node's in-memory catalog of active services. Queries never touch the database and never
 * wait for a rebuild: they are answered from the current index while a new one is built.
 *
 * Freshness: every registry write bumps `registry_state.version` in its transaction. A timer
 * (`start()`) reads the version every `refreshMs`, and a write on this node waits for
 * `caughtUp()` before it is answered; when the version moved, the node builds a whole new index —
 * reading the registry a page per statement and computing in slices of `sliceMs`, with the event
 * loop free in between — and swaps it in only when it is complete. One rebuild at a time: a
 * check asked for during a rebuild runs once, right after it. A failed rebuild keeps the old
 * index, is reported to `onError` and is retried at the next check.
 *
 * So the node that wrote finds the change in its very next search, and a search on any other node
 * reflects a write at most one poll interval plus one build after it commits (two builds when a
 * rebuild that started just before the write is still running); docs/performance.md has the
 * measured build times.
 *
 * `refreshMs = 0` is the strict mode (tests, one node): every query reads the version and waits
 * for the rebuild when it changed.
 */
export class Catalog {
  #snapshot: Snapshot | undefined;
  #running: Promise<void> | undefined;
  #queued: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #checkedAt = 0;
  #stopped = false;
  readonly #pageSize: number;
  readonly #sliceMs: number;

  constructor(
    private readonly deps: Pick<AppDeps, 'db'>,
    private readonly refreshMs: number,
    private readonly options: CatalogOptions = {},
  ) {
    this.#pageSize = options.pageSize ?? 500;
    this.#sliceMs = options.sliceMs ?? 8;
  }

  /**
   * Checks for changes every `refreshMs` from now on. The first index is built by the first
   * query that needs it (waiting for it); until then there is nothing to refresh.
   */
  start(): void {
    if (this.#timer || this.refreshMs === 0) return;
    this.#timer = setInterval(() => this.changed(), this.refreshMs);
    this.#timer.unref();
  }

  /** Stops checking; a rebuild under way gives up at its next step (the node is shutting down). */
  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#stopped = true;
  }

  /** The registry may have changed: check the version now and rebuild in the background if so. */
  changed(): void {
    if (!this.#snapshot || this.#stopped) return;
    this.refresh().catch((error: unknown) => {
      if (!this.#stopped) this.options.onError?.(error);
    });
  }

  /**
   * After a write on this node: resolves when this node's index reflects it, so the writer's next
   * search finds the change (the app awaits it before a write is answered). Reads never call
   * this and never wait. Before the first index exists there is nothing to catch up. A failed
   * rebuild does not fail the write, which has committed: it is reported and retried at the
   * next check.
   */
  async caughtUp(): Promise<void> {
    if (!this.#snapshot || this.#stopped) return;
    try {
      await this.refresh();
    } catch (error) {
      if (!this.#stopped) this.options.onError?.(error);
    }
  }

  async search(query: SearchQuery): Promise<{ result: SearchResult; snapshot: Snapshot }> {
    const snapshot = await this.current();
    return { result: snapshot.index.search(query), snapshot };
  }

  /**
   * The current snapshot. Waits only for the very first build (and, with `refreshMs = 0`, for
   * the check every query makes); otherwise answers at once.
   */
  async current(): Promise<Snapshot> {
    const snapshot = this.#snapshot;
    if (snapshot && this.refreshMs > 0) {
      // Not started (a tool or a bench): check lazily, still without waiting.
      if (!this.#timer && Date.now() - this.#checkedAt >= this.refreshMs) this.changed();
      return snapshot;
    }
    try {
      await this.refresh();
    } catch (e) {
      // A database hiccup should not take search down: keep answering from the last snapshot
      // (readiness reports the database separately) and try again on the next check.
      if (this.#snapshot) return this.#snapshot;
      throw e;
    }
    return this.#snapshot!;
  }

  /**
   * Reads the registry version and, when it moved, builds and swaps in a new index. Resolves
   * when this node's index reflects every write committed before the call.
   */
  refresh(): Promise<void> {
    if (!this.#running) {
      this.#running = this.#check().finally(() => (this.#running = undefined));
      return this.#running;
    }
    // A check is running and may have read the version before the caller's write: one more,
    // shared by everyone who asks while it runs.
    this.#queued ??= this.#running
      .catch(() => undefined)
      .then(() => {
        this.#queued = undefined;
        return this.refresh();
      });
    return this.#queued;
  }

  async #check(): Promise<void> {
    this.#checkedAt = Date.now();
    const state = await this.deps.db.run(readRegistryState);
    const old = this.#snapshot;
    if (old && old.version === state.version && old.demo === state.demo) return;
    this.#snapshot = await this.#build();
  }

  async #build(): Promise<Snapshot> {
    const { db } = this.deps;
    // The version first: the rows read after it are at least that new, and a write that lands
    // while we read moves the version again, so the next check rebuilds.
    const state = await db.run(readRegistryState);
    let agencyNames = await db.run(readAgencyNames);
    const documents: SearchDocument[] = [];
    const entries = new Map<string, CatalogEntry>();
    for (let after = 0; ; ) {
      const page = await db.run((q) => selectActiveServicePage(q, after, this.#pageSize));
      // An agency created after we read the names: read them again (agencies are never deleted).
      if (page.services.some((s) => !agencyNames.has(s.agencyCode))) agencyNames = await db.run(readAgencyNames);
      for (const s of page.services) {
        const names = agencyNames.get(s.agencyCode) ?? { fa: s.agencyCode, en: s.agencyCode };
        documents.push(toSearchDocument(s, { nameFa: names.fa, nameEn: names.en }));
        const { id, agencyCode, nameFa, nameEn, descriptionFa, descriptionEn, topic, audiences, maturity, deliveryStatus, channels, externalCode, parentId, annualUsers } = s;
        entries.set(id, { id, agencyCode, nameFa, nameEn, descriptionFa, descriptionEn, topic, audiences, maturity, deliveryStatus, channels, externalCode, parentId, annualUsers });
      }
      await this.#nextTurn();
      if (page.services.length < this.#pageSize) break;
      after = page.lastSerial;
    }
    const index = await this.#inSlices(CatalogIndex.steps(documents));
    return { version: state.version, demo: state.demo, index, entries, agencyNames };
  }

  /** Lets other work run; a stopped catalog gives up its rebuild here. */
  async #nextTurn(): Promise<void> {
    await nextTurn();
    if (this.#stopped) throw new Error('catalog stopped during a rebuild');
  }

  /** Runs a stepwise build, giving the event loop a turn every `sliceMs`. */
  async #inSlices<T>(steps: Generator<void, T>): Promise<T> {
    let sliceStart = performance.now();
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
      if (performance.now() - sliceStart >= this.#sliceMs) {
        await this.#nextTurn();
        sliceStart = performance.now();
      }
    }
  }
}

async function readAgencyNames(q: Sql): Promise<Map<string, { fa: string; en: string }>> {
  return new Map((await selectAllAgencies(q)).map((a) => [a.code, { fa: a.nameFa, en: a.nameEn }]));
}

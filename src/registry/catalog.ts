import type { Service } from './model.ts';
import { CatalogIndex, type SearchQuery, type SearchResult } from './search/index.ts';
import { toSearchDocument } from './search/index.ts';
import { readRegistryState } from './state.ts';
import { selectAllAgencies } from './agency-repository.ts';
import { selectAllServices } from './service-repository.ts';
import type { AppDeps } from '../db/app-deps.ts';

export type CatalogEntry = Pick<Service, 'id' | 'agencyCode' | 'nameFa' | 'nameEn' | 'descriptionFa' | 'descriptionEn' | 'topic' | 'audiences' | 'maturity' | 'deliveryStatus' | 'channels' | 'externalCode' | 'parentId' | 'annualUsers'>;

interface Snapshot {
  version: number;
  demo: boolean;
  index: CatalogIndex;
  entries: Map<string, CatalogEntry>;
  agencyNames: Map<string, { fa: string; en: string }>;
}

/**
 * The node's in-memory catalog of active services. Queries never touch the database; at most
 * once per `refreshMs` a query checks the registry's version counter, and when any node has
 * changed the registry the index is rebuilt (once, however many queries are waiting).
 */
export class Catalog {
  #snapshot: Snapshot | undefined;
  #checkedAt = 0;
  #refreshing: Promise<Snapshot> | undefined;

  constructor(
    private readonly deps: Pick<AppDeps, 'db'>,
    private readonly refreshMs: number,
  ) {}

  async search(query: SearchQuery): Promise<{ result: SearchResult; snapshot: Snapshot }> {
    const snapshot = await this.current();
    return { result: snapshot.index.search(query), snapshot };
  }

  async current(): Promise<Snapshot> {
    const now = Date.now();
    if (this.#snapshot && now - this.#checkedAt < this.refreshMs) return this.#snapshot;
    this.#refreshing ??= this.#refresh().finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  async #refresh(): Promise<Snapshot> {
    let state: { version: number; demo: boolean };
    try {
      state = await this.deps.db.run(readRegistryState);
    } catch (e) {
      // A database hiccup should not take search down: keep answering from the last snapshot
      // (readiness reports the database separately) and try again on the next query.
      if (this.#snapshot) return this.#snapshot;
      throw e;
    }
    this.#checkedAt = Date.now();
    if (this.#snapshot && this.#snapshot.version === state.version && this.#snapshot.demo === state.demo) return this.#snapshot;
    this.#snapshot = await this.#build();
    return this.#snapshot;
  }

  async #build(): Promise<Snapshot> {
    // Read in one run so the version and the rows belong together.
    return this.deps.db.run(async (q) => {
      const state = await readRegistryState(q);
      const agencies = await selectAllAgencies(q);
      const agencyNames = new Map(agencies.map((a) => [a.code, { fa: a.nameFa, en: a.nameEn }]));
      const documents = [];
      const entries = new Map<string, CatalogEntry>();
      for await (const s of selectAllServices(q, { status: 'active' })) {
        const names = agencyNames.get(s.agencyCode)!;
        documents.push(toSearchDocument(s, { nameFa: names.fa, nameEn: names.en }));
        const { id, agencyCode, nameFa, nameEn, descriptionFa, descriptionEn, topic, audiences, maturity, deliveryStatus, channels, externalCode, parentId, annualUsers } = s;
        entries.set(id, { id, agencyCode, nameFa, nameEn, descriptionFa, descriptionEn, topic, audiences, maturity, deliveryStatus, channels, externalCode, parentId, annualUsers });
      }
      return { version: state.version, demo: state.demo, index: new CatalogIndex(documents), entries, agencyNames };
    });
  }
}

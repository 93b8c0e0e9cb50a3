import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { Database } from '../../db/database.ts';
import { ClientDirectory } from './clients.ts';
import { loadKeySet } from './keys.ts';
import { buildProvider } from './provider.ts';
import { sweepExpiredPayloads } from './payload-repository.ts';
import type { ActingForCheck } from './acting-for-claim.ts';
import { actingFor as profilesActingFor } from '../profiles/index.ts';

/** How often each node re-reads the signing keys and sweeps expired provider rows. */
export const oidcMaintenanceMs = 60_000;

export interface OidcSettings {
  issuer: string;
  pairwiseSalt: string;
  cookieKeys: string[];
  trustProxy: boolean;
  privateAddresses?: boolean;
}

/**
 * The provider of this node. oidc-provider takes its signing keys when it is built, so a
 * rotation (keys.ts) builds a new one when the set or the signing key changes; everything it
 * stores is in the database, so nothing is lost in the swap.
 */
export class OidcService {
  readonly clients: ClientDirectory;
  #provider: Provider | undefined;
  #handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  #fingerprint = '';
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Database,
    private readonly settings: OidcSettings,
    private readonly now: () => Date = () => new Date(),
    private readonly onError: (err: unknown) => void = () => {},
    private readonly onOutboundError: (err: unknown, clientId: string) => void = () => {},
    /** Whom a person acts for, checked now: the interaction pages and every token issuance ask it. */
    readonly actingFor: ActingForCheck = (accountId, profileId) => profilesActingFor({ db }, accountId, profileId),
  ) {
    this.clients = new ClientDirectory(db);
  }

  get provider(): Provider {
    if (!this.#provider) throw new Error('the OpenID Connect provider is not started');
    return this.#provider;
  }

  /** Loads the keys (making the first one if there is none) and builds the provider. */
  async refreshKeys(): Promise<void> {
    const keys = await loadKeySet(this.db, this.now());
    if (this.#provider && keys.fingerprint === this.#fingerprint) return;
    this.#provider = buildProvider({ db: this.db, issuer: this.settings.issuer, keys, clients: this.clients, pairwiseSalt: this.settings.pairwiseSalt, cookieKeys: this.settings.cookieKeys, trustProxy: this.settings.trustProxy, privateAddresses: this.settings.privateAddresses, onOutboundError: (err, clientId) => this.onOutboundError(err, clientId), actingFor: this.actingFor });
    this.#handler = this.#provider.callback();
    this.#fingerprint = keys.fingerprint;
  }

  /** Serves one request with the current provider. */
  handle(req: IncomingMessage, res: ServerResponse): void {
    if (!this.#handler) throw new Error('the OpenID Connect provider is not started');
    this.#handler(req, res);
  }

  async start(): Promise<void> {
    await this.refreshKeys();
    this.#timer = setInterval(() => void this.maintain().catch(this.onError), oidcMaintenanceMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  async maintain(): Promise<void> {
    await this.refreshKeys();
    for (let i = 0; i < 20 && (await sweepExpiredPayloads(this.db, 1000)) === 1000; i++);
  }
}

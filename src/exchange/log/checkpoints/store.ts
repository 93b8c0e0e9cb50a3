import type { PublicJwk } from './key.ts';

/**
 * Where checkpoints go: somewhere the database administrator cannot rewrite. The node only
 * ever appends; nothing is replaced or removed. Implementations:
 *
 *  - `FileCheckpointStore` (file-store.ts): a folder of append-only JSON-lines files, for a
 *    separate volume, a WORM mount, or files with the append-only attribute (`chattr +a`).
 *  - Another node or an object store fits the same interface: `append` must resolve only once
 *    the line is durable there (an object store: one object per checkpoint, e.g.
 *    `<chain>/<seq, zero-padded>.jws`, written under an object lock in compliance mode;
 *    another node: an authenticated POST that it appends to its own store before answering),
 *    and `entries` must give the lines back in the order they were written.
 */
export interface CheckpointStore {
  /** Where the checkpoints are, for messages. */
  readonly location: string;
  /** Appends one signed checkpoint of `chain` (one line, no line feed); resolves once durable. */
  append(chain: string, line: string): Promise<void>;
  /** Publishes the public key that verifies `chain`'s checkpoints; a key already there is not added again. */
  publishKey(chain: string, jwk: PublicJwk): Promise<void>;
  /** The chains with at least one stored checkpoint. */
  chains(): Promise<string[]>;
  /** The chain's stored checkpoint lines, oldest first, numbered from 1. */
  entries(chain: string): AsyncIterable<StoredLine>;
  /** The last stored checkpoint line of `chain`, without reading the rest. */
  last(chain: string): Promise<StoredLine | null>;
  /** The public keys published for `chain`, as stored (verifiers re-derive each from its `x`). */
  keys(chain: string): Promise<StoredLine[]>;
}

export interface StoredLine {
  /** Position in the store, from 1. */
  n: number;
  text: string;
}

/** Chain names are node ids (NODE_ID's pattern), safe as file names. */
export const CHAIN_NAME = /^[A-Za-z0-9._-]{1,64}$/;

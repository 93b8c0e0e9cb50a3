import { hash } from 'node:crypto';
import type { ExchangeRecord } from './record.ts';

/**
 * The exchange log's hash chain, as pure functions (only `node:crypto`).
 *
 * Each node keeps its own chain. Record number `seq` (1, 2, 3, … on that node) carries
 * `prev_hash` — the `hash` of record `seq - 1`, or 64 zeros (`GENESIS_HASH`) for record 1 — and
 * its own `hash`:
 *
 *     hash = lower-case hex( SHA-256( UTF-8( canonical ) ) )
 *
 * where `canonical` is the text below, every line ending in a line feed (`\n`, 0x0A):
 *
 *     ow-exchange-log-v1              (v2: see below)
 *     <prev_hash>                     (64 lower-case hex digits)
 *     <field>                         (one line per field, in the order of `canonicalFields`)
 *
 * and each field is written as `<n>:<text>`, n being the number of UTF-8 bytes of `text` in
 * decimal, or as a single `-` when the column is null. The length prefix makes the encoding
 * unambiguous whatever the text holds (line feeds, colons, `-`): an empty string is `0:` and
 * differs from null. Field texts, in order:
 *
 *  1. node           — as stored
 *  2. seq            — decimal integer, no leading zeros
 *  3. at             — milliseconds since 1970-01-01T00:00:00Z, decimal integer
 *  4. message_id, 5. consumer, 6. service, 7. method, 8. path, 9. endpoint, 10. user_id,
 *     11. data_subject, 12. purpose — as stored
 *  13. status        — decimal integer
 *  14. error_type    — as stored
 *  15. latency       — the stored `real` (a 32-bit float) × 1000, rounded half up to an integer
 *                      (microseconds); the product is exact in 64-bit floating point
 *  16. request_hash, 17. response_hash — as stored
 *
 * Example (record 1 of node `gw-1`, latency_ms 12.5, nulls for the unknowns):
 * `ow-exchange-log-v1\n0000…0000\n4:gw-1\n1:1\n13:1767225600000\n…\n5:12500\n-\n-\n`.
 *
 * Latency is kept as a 32-bit float by the table, so the writer rounds it to 32 bits before
 * hashing and storing (`toStoredLatency`): what is hashed is exactly what a reader gets back.
 *
 * Version 2 (`ow-exchange-log-v2`) adds an 18th field, `represented_party` (the legal entity
 * the user acted for, `X-Road-Represented-Party`), after `response_hash`. A record is hashed
 * with v2 exactly when that column is not null, and with v1 otherwise: every record written
 * before the column existed keeps its hash, a chain may mix both, and the verifier needs no
 * version column — the record itself says which form applies. Stripping the represented party
 * from a v2 record (or adding one to a v1 record) changes the form, so the hash no longer fits.
 */
export const GENESIS_HASH = '0'.repeat(64);

export const CHAIN_VERSION = 'ow-exchange-log-v1';
/** The canonical form of records that name a represented party. */
export const CHAIN_VERSION_V2 = 'ow-exchange-log-v2';

/** A record as it sits in `exchange_log`: the call's fields plus the node, position and hashes. */
export interface ChainedRecord extends ExchangeRecord {
  node: string;
  seq: number;
  prevHash: string;
  hash: string;
}

/** The fields the hash covers, without the hashes themselves. */
export type HashedFields = Omit<ChainedRecord, 'prevHash' | 'hash'>;

/** The value a `real` column stores for this latency (the nearest 32-bit float). */
export const toStoredLatency = (latencyMs: number): number => Math.fround(latencyMs);

/** Latency as hashed: microseconds, from the 32-bit value the table stores. */
export const latencyMicros = (latencyMs: number): number => Math.round(Math.fround(latencyMs) * 1000);

/** The field texts in canonical order (null for a null column); exported so tests and docs agree. */
export function canonicalFields(r: HashedFields): (string | null)[] {
  return [
    r.node,
    String(r.seq),
    String(r.at.getTime()),
    r.messageId,
    r.consumer,
    r.service,
    r.method,
    r.path,
    r.endpoint,
    r.userId,
    r.dataSubject,
    r.purpose,
    String(r.status),
    r.errorType,
    String(latencyMicros(r.latencyMs)),
    r.requestHash,
    r.responseHash,
    ...(r.representedParty != null ? [r.representedParty] : []),
  ];
}

/** The canonical form a record is hashed with: v2 when it names a represented party. */
export const chainVersionOf = (r: Pick<HashedFields, 'representedParty'>): string => (r.representedParty != null ? CHAIN_VERSION_V2 : CHAIN_VERSION);

const field = (value: string | null): string => (value === null ? '-\n' : `${Buffer.byteLength(value, 'utf8')}:${value}\n`);

/** The exact text that is hashed (see the comment at the top of this file). Same as joining `canonicalFields`, unrolled for speed. */
export function canonicalText(prevHash: string, r: HashedFields): string {
  const at = String(r.at.getTime());
  const seq = String(r.seq);
  const status = String(r.status);
  const latency = String(latencyMicros(r.latencyMs));
  const party = r.representedParty ?? null;
  return (
    `${chainVersionOf(r)}\n${prevHash}\n` +
    field(r.node) +
    `${seq.length}:${seq}\n${at.length}:${at}\n` +
    field(r.messageId) +
    field(r.consumer) +
    field(r.service) +
    field(r.method) +
    field(r.path) +
    field(r.endpoint) +
    field(r.userId) +
    field(r.dataSubject) +
    field(r.purpose) +
    `${status.length}:${status}\n` +
    field(r.errorType) +
    `${latency.length}:${latency}\n` +
    field(r.requestHash) +
    field(r.responseHash) +
    (party === null ? '' : field(party))
  );
}

/** SHA-256 hex of the record's canonical text after `prevHash`. */
export function chainHash(prevHash: string, r: HashedFields): string {
  return hash('sha256', canonicalText(prevHash, r), 'hex');
}

export interface ChainHead {
  seq: number;
  hash: string;
}

/**
 * Puts records on a node's chain after `head`: seq = head.seq + 1, …; each prev_hash is the
 * hash before it. Returns the chained records (latency rounded to what the table stores).
 */
export function chainRecords(node: string, head: ChainHead, records: readonly ExchangeRecord[]): ChainedRecord[] {
  const out: ChainedRecord[] = new Array(records.length);
  let prevHash = head.hash;
  let seq = head.seq;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    seq += 1;
    const chained: ChainedRecord = {
      node,
      seq,
      at: r.at,
      messageId: r.messageId,
      consumer: r.consumer,
      service: r.service,
      method: r.method,
      path: r.path,
      endpoint: r.endpoint,
      userId: r.userId,
      representedParty: r.representedParty ?? null,
      dataSubject: r.dataSubject,
      purpose: r.purpose,
      status: r.status,
      errorType: r.errorType,
      latencyMs: toStoredLatency(r.latencyMs),
      requestHash: r.requestHash,
      responseHash: r.responseHash,
      prevHash,
      hash: '',
    };
    chained.hash = chainHash(prevHash, chained);
    out[i] = chained;
    prevHash = chained.hash;
  }
  return out;
}

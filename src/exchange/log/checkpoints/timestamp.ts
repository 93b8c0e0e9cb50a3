import { createHash } from 'node:crypto';

/**
 * Trusted time for checkpoints (RFC 3161). A checkpoint's `at` is the node's own clock; a
 * timestamping authority's token over the line proves the line existed by the authority's time,
 * which neither the node nor the database administrator can set.
 *
 * An implementation POSTs a `TimeStampReq` (RFC 3161 §2.4.1: version 1, `messageImprint` =
 * SHA-256 of the line as `imprint(line)` gives it, a nonce, `certReq` true) with content type
 * `application/timestamp-query` to the authority, checks the `PKIStatus` and the nonce, and
 * returns the DER `TimeStampToken`; the store keeps it beside the line. None ships yet: there
 * is no authority to test against, and a stand-in would only pretend.
 */
export interface CheckpointTimestamper {
  /** The authority's name or URL, for messages. */
  readonly authority: string;
  stamp(line: string): Promise<TimestampResult>;
}

export type TimestampResult = { ok: true; token: Buffer } | { ok: false; reason: string };

/** The message imprint an authority signs: SHA-256 of the line's UTF-8 bytes. */
export const imprint = (line: string): Buffer => createHash('sha256').update(line, 'utf8').digest();

/** What runs today: no authority configured, so no token, said plainly. */
export const timestampingNotConfigured: CheckpointTimestamper = {
  authority: 'none',
  stamp: () => Promise.resolve({ ok: false, reason: 'timestamping: not configured (no RFC 3161 authority); the checkpoint carries the node clock only' }),
};

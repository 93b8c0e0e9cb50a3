import { sql, type SQL } from 'drizzle-orm';
import { rows, type Database } from '../../db/database.ts';
import { chainHash, GENESIS_HASH, type HashedFields } from './chain.ts';
import type { XRoadErrorType } from '../protocol/errors.ts';

/**
 * `onewindow audit verify`: re-computes every node's hash chain from the stored records.
 *
 * Per node, the records are read in pages ordered by seq (keyset pagination, so memory stays
 * flat whatever the log's size) from the chain's anchor (seq 0 and 64 zeros, or where retention
 * cut the chain) up to the head recorded in `exchange_log_chains` — records a live writer
 * commits after the head was read are left for the next run. Each record must have the next
 * seq, link to the previous record's hash, and hash to its own stored hash; the last one must
 * be the head. The first problem of each node is reported:
 *
 *  - `altered`    a record's fields no longer give its hash (or, when its hash was recomputed
 *                 too, the next record's link no longer matches it);
 *  - `removed`    a gap in seq: records are missing in the middle;
 *  - `reordered`  a record sits at a seq other than the one it was written with;
 *  - `duplicated` two records with the same seq (a forked chain);
 *  - `truncated`  the records stop before the head: the tail is missing;
 *  - `head`       the head (or anchor) in `exchange_log_chains` does not match the records.
 */
export type ChainProblemKind = 'altered' | 'removed' | 'reordered' | 'duplicated' | 'truncated' | 'head';

export interface ChainProblem {
  kind: ChainProblemKind;
  /** The first bad position on the chain. */
  seq: number;
  /** Message id of the record concerned, when it is still there. */
  messageId: string | null;
  detail: string;
}

export interface NodeVerification {
  node: string;
  /** Records checked. */
  records: number;
  /** The chain's verified range: after the anchor, up to the head. */
  fromSeq: number;
  headSeq: number | null;
  problem: ChainProblem | null;
}

export interface VerifyReport {
  ok: boolean;
  nodes: NodeVerification[];
}

interface Row {
  node: string;
  seq: number;
  at: Date | string;
  at_key: string;
  message_id: string;
  consumer: string | null;
  service: string | null;
  method: string;
  path: string;
  endpoint: string | null;
  user_id: string | null;
  represented_party: string | null;
  data_subject: string | null;
  purpose: string | null;
  status: number;
  error_type: string | null;
  latency_ms: number;
  request_hash: string | null;
  response_hash: string | null;
  prev_hash: string;
  hash: string;
}

/** How far from its position a record is looked for when its hash fits another seq. */
const REORDER_WINDOW = 1000;

const fieldsOf = (r: Row, seq = Number(r.seq)): HashedFields => ({
  node: r.node,
  seq,
  at: r.at instanceof Date ? r.at : new Date(r.at),
  messageId: r.message_id,
  consumer: r.consumer,
  service: r.service,
  method: r.method,
  path: r.path,
  endpoint: r.endpoint,
  userId: r.user_id,
  representedParty: r.represented_party,
  dataSubject: r.data_subject,
  purpose: r.purpose,
  status: Number(r.status),
  errorType: r.error_type as XRoadErrorType | null,
  latencyMs: Number(r.latency_ms),
  requestHash: r.request_hash,
  responseHash: r.response_hash,
});

/** The seq a record was written with, when its hash fits one near `seq`; null otherwise. */
function writtenSeq(r: Row, seq: number): number | null {
  for (let d = 1; d <= REORDER_WINDOW; d++) {
    for (const s of [seq + d, seq - d]) if (s > 0 && chainHash(r.prev_hash, fieldsOf(r, s)) === r.hash) return s;
  }
  return null;
}

/** Every node that has a chain head or records (the record scan skips from node to node on the index). */
export async function listChainNodes(db: Database): Promise<string[]> {
  const found = await db.run((q) =>
    rows<{ node: string }>(
      q,
      sql`with recursive n as (
          select min(node) as node from exchange_log
          union all
          select (select min(node) from exchange_log where node > n.node) from n where n.node is not null
        )
        select node from n where node is not null
        union select node from exchange_log_chains`,
    ),
  );
  return found.map((r) => r.node).sort();
}

export async function verifyNode(db: Database, node: string, pageSize = 5000): Promise<NodeVerification> {
  const heads = await db.run((q) =>
    rows<{ seq: number; hash: string; anchor_seq: number; anchor_hash: string }>(q, sql`select seq, hash, anchor_seq, anchor_hash from exchange_log_chains where node = ${node}`),
  );
  const head = heads[0] ? { seq: Number(heads[0].seq), hash: heads[0].hash } : null;
  const anchorSeq = heads[0] ? Number(heads[0].anchor_seq) : 0;
  const anchorHash = heads[0]?.anchor_hash ?? GENESIS_HASH;
  const result: NodeVerification = { node, records: 0, fromSeq: anchorSeq + 1, headSeq: head?.seq ?? null, problem: null };
  const fail = (problem: ChainProblem) => ({ ...result, problem });

  let expected = anchorSeq + 1;
  let prevHash = anchorHash;
  let previous: Row | null = null;
  let cursor: { seq: number; atKey: string } | null = null;
  const limit = head ? head.seq : Number.MAX_SAFE_INTEGER;
  for (;;) {
    const after: SQL = cursor ? sql`(seq, at) > (${cursor.seq}, ${cursor.atKey}::timestamptz)` : sql`seq > ${anchorSeq}`;
    const page: Row[] = await db.run((q) =>
      rows<Row>(
        q,
        sql`select node, seq, at, at::text as at_key, message_id, consumer, service, method, path, endpoint, user_id, represented_party, data_subject, purpose, status, error_type, latency_ms, request_hash, response_hash, prev_hash, hash
          from exchange_log where node = ${node} and ${after} and seq <= ${limit} order by seq, at limit ${pageSize}`,
      ),
    );
    for (const r of page) {
      const seq = Number(r.seq);
      if (seq < expected) {
        return fail({ kind: 'duplicated', seq, messageId: r.message_id, detail: `two records carry seq ${seq} (the second: message id ${r.message_id}); the chain was forked` });
      }
      if (seq > expected) {
        const missing = seq - expected === 1 ? `record ${expected} is missing` : `records ${expected}–${seq - 1} are missing`;
        return fail({ kind: 'removed', seq: expected, messageId: null, detail: `${missing}; the next present record is seq ${seq} (message id ${r.message_id})` });
      }
      const fitsOwnHash = chainHash(r.prev_hash, fieldsOf(r)) === r.hash;
      const linked = r.prev_hash === prevHash;
      if (!fitsOwnHash) {
        const was = writtenSeq(r, seq);
        if (was !== null) return fail({ kind: 'reordered', seq, messageId: r.message_id, detail: `the record at seq ${seq} was written as seq ${was}: records were moved or renumbered` });
        return fail({
          kind: 'altered',
          seq,
          messageId: r.message_id,
          detail: linked ? `the record's fields no longer match its hash` : `neither the record's fields nor its link to the previous record match`,
        });
      }
      if (!linked) {
        if (previous) {
          return fail({ kind: 'altered', seq: Number(previous.seq), messageId: previous.message_id, detail: `record ${seq} links to a different hash than record ${Number(previous.seq)} has: that record was altered and re-hashed, or replaced` });
        }
        return fail({ kind: 'head', seq, messageId: r.message_id, detail: `the first retained record does not link to the chain's anchor (seq ${anchorSeq})` });
      }
      prevHash = r.hash;
      previous = r;
      expected = seq + 1;
      result.records += 1;
    }
    if (page.length < pageSize) break;
    const last: Row = page[page.length - 1]!;
    cursor = { seq: Number(last.seq), atKey: last.at_key };
  }

  const lastSeq = expected - 1;
  if (!head && !previous) {
    return fail({ kind: 'head', seq: 0, messageId: null, detail: 'no chain: neither records nor a head for this node' });
  }
  if (!head) {
    return fail({ kind: 'head', seq: lastSeq, messageId: previous?.message_id ?? null, detail: 'records exist but exchange_log_chains has no head for this node' });
  }
  if (lastSeq < head.seq) {
    const missing = head.seq - lastSeq === 1 ? `record ${head.seq} is missing` : `records ${lastSeq + 1}–${head.seq} are missing`;
    return fail({ kind: 'truncated', seq: lastSeq + 1, messageId: null, detail: `the chain head is at seq ${head.seq} but ${missing}: the tail was removed` });
  }
  if (prevHash !== head.hash) {
    return fail({ kind: 'head', seq: lastSeq, messageId: previous?.message_id ?? null, detail: `the last record's hash differs from the chain head's` });
  }
  return result;
}

/** Verifies every node's chain (or one node's). */
export async function verifyExchangeLog(db: Database, options: { node?: string; pageSize?: number; onNode?: (n: NodeVerification) => void } = {}): Promise<VerifyReport> {
  const nodes = options.node ? [options.node] : await listChainNodes(db);
  const report: VerifyReport = { ok: true, nodes: [] };
  for (const node of nodes) {
    const n = await verifyNode(db, node, options.pageSize);
    options.onNode?.(n);
    report.nodes.push(n);
    if (n.problem) report.ok = false;
  }
  return report;
}

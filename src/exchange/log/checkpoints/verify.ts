import { sql } from 'drizzle-orm';
import { rows, type Database } from '../../../db/database.ts';
import { listChainNodes, verifyNode, type NodeVerification } from '../verify.ts';
import { verifyCheckpoint, type Checkpoint } from './checkpoint.ts';
import { readPublicKeys, type PublicJwk } from './key.ts';
import type { CheckpointStore } from './store.ts';

/**
 * `audit verify` with a checkpoint store: each chain is verified in the database as before
 * (`verifyNode`), then held against the checkpoints its node signed outside the database: its
 * latest valid one for the end, and all of them for what they anchor. Problems, besides those `verifyNode` finds:
 *
 *  - `truncated`  the latest checkpointed record is beyond the chain head, or gone: the end was
 *                 cut off and the head moved back;
 *  - `removed`    an earlier checkpointed record is gone;
 *  - `rewritten`  the record at a checkpointed seq has another hash than the one signed (every
 *                 checkpoint within the retained records is compared, not only the latest);
 *  - `vanished`   a chain has checkpoints but neither records nor a head in the database;
 *  - `forged`     a stored line does not verify: not a checkpoint, an untrusted key, a bad
 *                 signature, another chain's. Every line is checked; none is skipped.
 *
 * The store is read before the database, so a checkpoint written by a live node always
 * refers to records the database already had when verify read it.
 */
export type AnchorProblemKind = 'truncated' | 'removed' | 'rewritten' | 'vanished' | 'forged';

export interface AnchorProblem {
  kind: AnchorProblemKind;
  /** The chain position concerned, when there is one. */
  seq: number | null;
  detail: string;
}

export interface ChainAnchoring {
  /** Checkpoints of the chain that verified. */
  checkpoints: number;
  /** The valid checkpoint with the highest seq. */
  latest: Checkpoint | null;
  /** Records after the latest checkpoint, up to the head (null when there is no head). */
  unanchored: number | null;
  problems: AnchorProblem[];
  /** Why the latest checkpoint could not be compared, when it could not (not a failure). */
  note: string | null;
}

export interface AnchoredNodeVerification extends NodeVerification {
  anchoring: ChainAnchoring;
}

export interface AnchoredVerifyReport {
  ok: boolean;
  store: string;
  nodes: AnchoredNodeVerification[];
}

interface StoredChain {
  valid: number;
  latest: Checkpoint | null;
  /** Every valid checkpoint, as stored. */
  all: Checkpoint[];
  problems: AnchorProblem[];
}

/** Reads and verifies every stored checkpoint of `chain`. `pinned`: the only keys trusted, else the store's own for that chain. */
export async function readChainCheckpoints(store: CheckpointStore, chain: string, pinned?: readonly PublicJwk[]): Promise<StoredChain> {
  const problems: AnchorProblem[] = [];
  const keys = new Map<string, PublicJwk>();
  if (pinned) for (const k of pinned) keys.set(k.kid, k);
  else {
    for (const line of await store.keys(chain)) {
      try {
        for (const k of await readPublicKeys(line.text, `key line ${line.n}`)) keys.set(k.kid, k);
      } catch (e) {
        problems.push({ kind: 'forged', seq: null, detail: `key line ${line.n} of chain ${chain} in ${store.location} is not a usable public key: ${(e as Error).message}` });
      }
    }
  }
  let valid = 0;
  let invalid = 0;
  let latest: Checkpoint | null = null;
  const all: Checkpoint[] = [];
  for await (const line of store.entries(chain)) {
    const checked = verifyCheckpoint(line.text, chain, keys);
    if (!checked.ok) {
      invalid += 1;
      if (invalid === 1) problems.push({ kind: 'forged', seq: null, detail: `checkpoint line ${line.n} of chain ${chain} does not verify: ${checked.reason}` });
      continue;
    }
    valid += 1;
    all.push(checked.checkpoint);
    if (!latest || checked.checkpoint.seq >= latest.seq) latest = checked.checkpoint;
  }
  if (invalid > 1) problems[problems.length - 1]!.detail += ` (${invalid} lines in all fail)`;
  return { valid, latest, all, problems };
}

/** Checkpoint hashes looked up per query. */
const LOOKUP_CHUNK = 2000;

/**
 * Holds the database's chain against its checkpoints: the latest one must not lie beyond the
 * head, and every one within the retained records must find its record with the signed hash.
 * Not only the latest: a node restarted on a chain cut in the database continues it, and its
 * later checkpoints then agree with the database; the earlier ones still do not.
 */
async function compareWithDatabase(db: Database, node: NodeVerification, stored: StoredChain): Promise<ChainAnchoring> {
  const anchoring: ChainAnchoring = { checkpoints: stored.valid, latest: stored.latest, unanchored: null, problems: [...stored.problems], note: null };
  const cp = stored.latest;
  if (!cp) {
    anchoring.unanchored = node.headSeq === null ? null : Math.max(0, node.headSeq - node.fromSeq + 1);
    if (!stored.problems.length) anchoring.note = 'no checkpoint of this chain';
    return anchoring;
  }
  const signed = (c: Checkpoint) => `the checkpoint signed at ${c.at}`;
  const [state] = await db.run((q) =>
    rows<{ head_seq: number | null; anchor_seq: number | null; anchor_hash: string | null; records: boolean }>(
      q,
      sql`select c.seq as head_seq, c.anchor_seq, c.anchor_hash, exists (select 1 from exchange_log l where l.node = ${node.node}) as records
          from (select 1) as one left join exchange_log_chains c on c.node = ${node.node}`,
    ),
  );
  const headSeq = state?.head_seq === null || state?.head_seq === undefined ? null : Number(state.head_seq);
  const anchorSeq = state?.anchor_seq === null || state?.anchor_seq === undefined ? 0 : Number(state.anchor_seq);
  if (headSeq === null && !state?.records) {
    anchoring.problems.push({ kind: 'vanished', seq: cp.seq, detail: `${signed(cp)} anchors record ${cp.seq}, but the database holds neither records nor a head for this chain: the chain was deleted` });
    return anchoring;
  }
  if (headSeq !== null) anchoring.unanchored = Math.max(0, headSeq - cp.seq);
  if (headSeq !== null && cp.seq > headSeq) {
    anchoring.problems.push({
      kind: 'truncated',
      seq: headSeq + 1,
      detail: `${signed(cp)} anchors record ${cp.seq}, but the chain head is at ${headSeq}: ${span(headSeq + 1, cp.seq)} removed and the head moved back`,
    });
    return anchoring;
  }
  if (cp.seq < anchorSeq || (cp.seq === anchorSeq && headSeq === null)) {
    anchoring.note = `the latest checkpoint (record ${cp.seq}) lies before the retained records (from ${anchorSeq + 1}); retention removed what it anchors`;
    anchoring.unanchored = headSeq === null ? null : Math.max(0, headSeq - anchorSeq);
  }
  const mismatch = await firstMismatch(db, node.node, stored.all, anchorSeq, state?.anchor_hash ?? null);
  if (mismatch) {
    const { checkpoint: c, found, others } = mismatch;
    const more = others ? ` (${others} more checkpoint(s) after it disagree too)` : '';
    anchoring.problems.push(
      found === null
        ? { kind: c === cp ? 'truncated' : 'removed', seq: c.seq, detail: `${signed(c)} anchors record ${c.seq}, which is missing from the database${more}` }
        : { kind: 'rewritten', seq: c.seq, detail: `record ${c.seq}'s hash differs from the one in ${signed(c)}: the chain was rewritten at or before record ${c.seq}${more}` },
    );
  }
  return anchoring;
}

/** The lowest checkpoint within the retained records whose record is missing or has another hash. */
async function firstMismatch(db: Database, node: string, checkpoints: readonly Checkpoint[], anchorSeq: number, anchorHash: string | null) {
  const inRange = checkpoints.filter((c) => c.seq >= anchorSeq).sort((a, b) => a.seq - b.seq);
  const bad: { checkpoint: Checkpoint; found: string | null }[] = [];
  for (let i = 0; i < inRange.length; i += LOOKUP_CHUNK) {
    const chunk = inRange.slice(i, i + LOOKUP_CHUNK);
    const seqs = [...new Set(chunk.filter((c) => c.seq > anchorSeq).map((c) => c.seq))];
    const found = new Map<number, string>();
    if (seqs.length) {
      const hashes = await db.run((q) =>
        rows<{ seq: number; hash: string }>(q, sql`select seq, hash from exchange_log where node = ${node} and seq = any(${`{${seqs.join(',')}}`}::bigint[])`),
      );
      for (const h of hashes) found.set(Number(h.seq), h.hash);
    }
    for (const c of chunk) {
      const hash = c.seq === anchorSeq ? anchorHash : (found.get(c.seq) ?? null);
      if (hash !== c.hash) bad.push({ checkpoint: c, found: hash });
    }
  }
  return bad[0] ? { ...bad[0], others: bad.length - 1 } : null;
}

const span = (from: number, to: number) => (from === to ? `record ${from} was` : `records ${from}–${to} were`);

/**
 * Verifies every chain (or one) in the database and against the store. Chains the store has
 * but the database lacks are verified too, so a deleted chain is named.
 */
export async function verifyExchangeLogWithCheckpoints(
  db: Database,
  store: CheckpointStore,
  options: { node?: string; publicKeys?: readonly PublicJwk[]; pageSize?: number; onNode?: (n: AnchoredNodeVerification) => void } = {},
): Promise<AnchoredVerifyReport> {
  const storedChains = options.node ? (await store.chains()).filter((c) => c === options.node) : await store.chains();
  const stored = new Map<string, StoredChain>();
  for (const chain of storedChains) stored.set(chain, await readChainCheckpoints(store, chain, options.publicKeys));
  const nodes = options.node ? [options.node] : [...new Set([...(await listChainNodes(db)), ...storedChains])].sort();
  const report: AnchoredVerifyReport = { ok: true, store: store.location, nodes: [] };
  for (const node of nodes) {
    const verified = await verifyNode(db, node, options.pageSize);
    const anchoring = await compareWithDatabase(db, verified, stored.get(node) ?? { valid: 0, latest: null, all: [], problems: [] });
    // A vanished chain is the checkpoint's finding; the database's "no chain" only restates it.
    const problem = anchoring.problems.some((p) => p.kind === 'vanished') ? null : verified.problem;
    const n: AnchoredNodeVerification = { ...verified, problem, anchoring };
    options.onNode?.(n);
    report.nodes.push(n);
    if (n.problem || anchoring.problems.length) report.ok = false;
  }
  return report;
}
